// quant_output.cpp (no header of its own: declared in quant/quant.hpp, one header for quant's per-sample outputs):
// formatting of quant's per-sample tables: mirna.tsv, mirGFF3 isomiRs and annotation QC.
#include "exomir/quant/quant.hpp"

#include <algorithm>
#include <cmath>
#include <compare>
#include <iterator>
#include <tuple>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "exomir/core/io.hpp"
#include "exomir/core/tsan.hpp"

namespace exomir {

std::string format_mirna_tsv(const Annotation& ann) {
    std::string out = "mirna\taccession\treads\trpm\tcanonical_reads\tisomir_reads\tunique_sequences\n";
    const double total = ann.qc.mirna_units;
    for (const auto& c : ann.counts) {
        const MirnaGroup& g = ann.groups[c.group];
        const double rpm = total > 0 ? c.reads * 1e6 / total : 0.0;
        out +=
            fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", g.name, g.accession, fmt_fixed(c.reads, 2), fmt_fixed(rpm, 2),
                        fmt_fixed(c.canonical_reads, 2), fmt_fixed(c.reads - c.canonical_reads, 2), c.unique_sequences);
    }
    return out;
}

std::string mirtop_uid(std::string_view seq) {
    // MINTplates: 5-nt chunks (and a shorter tail) numbered in base 4; the number, offset by the
    // count of shorter chunks, is written in a 32-letter alphabet (full chunks: 2 letters; a
    // shorter tail: 1 letter below 32, else 2).
    static constexpr const char* alphabet = "BD0EF1HI2JK3LM4NO5PQ6RS7UV8WX9YZ";
    static constexpr int offset_of_len[6] = {0, 0, 4, 20, 84, 0};
    std::string uid = fmt::format("iso-{}-", seq.size());
    for (std::size_t i = 0; i < seq.size(); i += 5) {
        const std::string_view chunk = seq.substr(i, 5);
        int value = 0;
        for (const char c : chunk) value = value * 4 + static_cast<int>(std::string_view("ACGT").find(c));
        value += offset_of_len[chunk.size()];
        if (value >= 32 || chunk.size() == 5) uid += alphabet[value / 32];
        uid += alphabet[value % 32];
    }
    return uid;
}

std::string mirgff_cigar(std::string_view seq, std::string_view target, const Hit& hit) {
    std::string cigar;
    int run = 0;
    for (int i = 0; i < hit.templated_len; ++i) {
        const char ref_base = target[hit.start + i];
        if (seq[i] == ref_base && seq[i] != 'N') {
            ++run;
            continue;
        }
        if (run) cigar += std::to_string(run) + 'M';
        run = 0;
        cigar += ref_base;
    }
    if (run) cigar += std::to_string(run) + 'M';
    cigar += seq.substr(hit.templated_len);
    return cigar;
}

namespace {

// The GFF lines are formatted in parallel, k_gff_block_lines to a task, a window of k_gff_window_blocks blocks at a
// time, and written in order: the same bytes at any thread count, and at most a window's text (~2.5 MB) in memory.
constexpr std::size_t k_gff_block_lines = 2048;
constexpr std::size_t k_gff_window_blocks = 8;

// One GFF line to write: the sequence and the alignment of one of its candidate miRNAs.
struct GffLine {
    std::uint32_t hairpin, start;
    std::uint32_t seq;  // index into the sequences
    const ArmHit* hit;  // into Annotation::sequences
};

// Appends the GFF line of `line` to `out`.
void append_gff_line(std::string& out, const GffLine& line, const std::vector<SeqCount>& seqs, const Annotation& ann,
                     const MirnaReference& ref, const GffHeader& header, std::span<const std::uint64_t> molecules) {
    const SeqCount& sc = seqs[line.seq];
    const ArmHit& ah = *line.hit;
    const Hairpin& hp = ref.hairpins[ah.hit.target];
    const MatureLocus& locus = hp.matures[ah.locus];
    const Isomir iso = describe_isomir(sc.seq, hp.seq, ah.hit, locus.start, locus.end);
    const std::uint64_t expression = counted(seqs, molecules, line.seq);
    fmt::format_to(std::back_inserter(out),
                   "{}\t{}\t{}\t{}\t{}\t.\t+\t.\tRead={}; UID={}; Name={}; Parent={}; Variant={}; Cigar={}; "
                   "Expression={}; Filter=Pass; Hits={}\n",
                   hp.name, header.source, iso.canonical() ? "ref_miRNA" : "isomiR", ah.hit.start + 1,
                   ah.hit.start + sc.seq.size(), sc.seq, mirtop_uid(sc.seq), ann.groups[ah.group].name, hp.name,
                   variant_string(iso), mirgff_cigar(sc.seq, hp.seq, ah.hit), expression,
                   ann.sequences[line.seq].arm_hits.size());
}

// One line per candidate miRNA of each miRNA sequence: its first alignment (hairpins sorted by name, then start).
std::vector<GffLine> gff_lines(const std::vector<SeqCount>& seqs, const Annotation& ann) {
    std::vector<GffLine> lines;
    for (std::size_t s = 0; s < seqs.size(); ++s) {
        if (ann.sequences.cls(s) != SeqClass::mirna || seqs[s].seq.find('N') != std::string_view::npos) continue;
        const SequenceAnnotation a = ann.sequences[s];
        for (std::size_t i = 0; i < a.groups.size(); ++i) {
            if (a.likelihood[i] != 1.0) continue;  // only the best fits are reported
            const std::uint32_t g = a.groups[i];
            const auto it =
                std::find_if(a.arm_hits.begin(), a.arm_hits.end(), [g](const ArmHit& ah) { return ah.group == g; });
            lines.push_back({it->hit.target, it->hit.start, static_cast<std::uint32_t>(s), &*it});
        }
    }
    return lines;
}

}  // namespace

void write_isomir_gff3(const std::vector<SeqCount>& seqs, const Annotation& ann, const MirnaReference& ref,
                       const GffHeader& header, std::span<const std::uint64_t> molecules,
                       const std::function<void(std::string_view)>& write) {
    std::vector<GffLine> lines = gff_lines(seqs, ann);
    // Sorted by hairpin, start, sequence, then the line's text (only formatted for such ties).
    const auto text = [&](const GffLine& l) {
        std::string t;
        append_gff_line(t, l, seqs, ann, ref, header, molecules);
        return t;
    };
    // A total order (two lines of one sequence differ in their miRNA's name), so the parallel sort is deterministic.
    sort_parallel(lines.begin(), lines.end(), [&](const GffLine& x, const GffLine& y) {
        if (const auto c = std::tie(x.hairpin, x.start) <=> std::tie(y.hairpin, y.start); c != 0) return c < 0;
        if (const auto c = seqs[x.seq].seq <=> seqs[y.seq].seq; c != 0) return c < 0;
        return x.hit != y.hit && text(x) < text(y);
    });
    std::string out = "## mirGFF3. VERSION 1.2\n";
    out += fmt::format("## source-ontology: {} doi:10.25504/fairsharing.hmgte8\n", header.source);
    out += fmt::format("## COLDATA: {}\n", header.sample);
    out += fmt::format("## TOOLS: exomir {}\n", EXOMIR_VERSION);
    if (!header.command_line.empty()) out += fmt::format("## CMD: {}\n", header.command_line);
    if (!header.reference.empty()) out += fmt::format("## REFERENCE: {}\n", header.reference);
    out += "## FILTER: PASS(is ok)\n";
    write(out);
    std::vector<std::string> blocks(k_gff_window_blocks);
    for (std::size_t w = 0; w < lines.size(); w += k_gff_block_lines * k_gff_window_blocks) {
        const std::size_t n_blocks =
            std::min(k_gff_window_blocks, (lines.size() - w + k_gff_block_lines - 1) / k_gff_block_lines);
        const TsanParallelRegion region;
        tbb::parallel_for(std::size_t{0}, n_blocks, tsan_visible([&](std::size_t b) {
                              std::string& text_b = blocks[b];
                              text_b.clear();
                              const std::size_t first = w + b * k_gff_block_lines;
                              const std::size_t last = std::min(first + k_gff_block_lines, lines.size());
                              for (std::size_t i = first; i < last; ++i)
                                  append_gff_line(text_b, lines[i], seqs, ann, ref, header, molecules);
                          }));
        region.end();
        for (std::size_t b = 0; b < n_blocks; ++b) write(blocks[b]);
    }
}

std::string format_isomir_gff3(const std::vector<SeqCount>& seqs, const Annotation& ann, const MirnaReference& ref,
                               const GffHeader& header, std::span<const std::uint64_t> molecules) {
    std::string out;
    write_isomir_gff3(seqs, ann, ref, header, molecules, [&](std::string_view s) { out += s; });
    return out;
}

nlohmann::json annotation_qc_json(const Annotation& ann, std::uint64_t n_reads_in, const AnnotateOptions& opt) {
    const AnnotationQc& qc = ann.qc;
    const auto frac = [](std::uint64_t a, std::uint64_t b) { return b ? static_cast<double>(a) / b : 0.0; };
    nlohmann::json other = nlohmann::json::object();
    for (const auto& [cls, n] : qc.other_rna_class_reads) other[cls] = n;
    nlohmann::json j;
    j["reads_in"] = n_reads_in;
    j["unique_sequences"] = qc.n_sequences;
    j["reads_annotated"] = qc.n_reads;
    j["mirna_reads"] = qc.mirna_reads;
    j["hairpin_other_reads"] = qc.hairpin_other_reads;
    j["other_rna_reads"] = qc.other_rna_reads;
    j["other_rna_class_reads"] = other;
    j["unmapped_reads"] = qc.unmapped_reads;
    j["mirna_sequences"] = qc.mirna_sequences;
    j["hairpin_other_sequences"] = qc.hairpin_other_sequences;
    j["other_rna_sequences"] = qc.other_rna_sequences;
    j["unmapped_sequences"] = qc.unmapped_sequences;
    j["ambiguous_reads"] = qc.ambiguous_reads;
    j["ambiguous_sequences"] = qc.ambiguous_sequences;
    j["ambiguous_reads_unassigned"] = qc.unassigned_ambiguous_reads;
    j["mirna_fraction_of_reads"] = std::round(frac(qc.mirna_reads, n_reads_in) * 1e6) / 1e6;
    j["mirna_fraction_of_annotated_reads"] = std::round(frac(qc.mirna_reads, qc.n_reads) * 1e6) / 1e6;
    j["mirnas_detected"] = ann.counts.size();
    j["mirna_counted"] = std::round(qc.mirna_units * 100) / 100;
    j["count_unit"] = opt.count_molecules ? "molecules" : "reads";
    j["multimap"] = multimap_name(opt.multimap);
    j["em_iterations"] = qc.em_iterations;
    j["mismatches"] = opt.mismatches;
    return j;
}

std::vector<std::string> annotation_warnings(const Annotation& ann, std::uint64_t n_reads_in) {
    std::vector<std::string> w;
    const AnnotationQc& qc = ann.qc;
    if (qc.n_reads == 0) {
        w.push_back("no reads passed trimming and length filtering: all counts are zero");
        return w;
    }
    const double frac = n_reads_in ? static_cast<double>(qc.mirna_reads) / static_cast<double>(n_reads_in) : 0.0;
    if (frac < 0.05)
        w.push_back(
            fmt::format("only {:.1f}% of reads are miRNA ({} of {}); exosome libraries are often mostly "
                        "tRNA/YRNA/rRNA fragments, see the class counts",
                        100 * frac, qc.mirna_reads, n_reads_in));
    if (qc.mirna_reads > 0 && qc.ambiguous_reads * 10 > qc.mirna_reads)
        w.push_back(fmt::format(
            "{} miRNA reads ({:.1f}%) fit several different miRNAs equally and were resolved "
            "by --multimap",
            qc.ambiguous_reads, 100.0 * static_cast<double>(qc.ambiguous_reads) / static_cast<double>(qc.mirna_reads)));
    return w;
}

}  // namespace exomir
