// cmd_quant.cpp: the `exomir quant` front end: parse, validate, read+collapse, annotate, commit outputs.
#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <memory>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/fasta.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/quant/annotate.hpp"
#include "exomir/quant/bovine.hpp"
#include "exomir/quant/cmd_quant.hpp"
#include "exomir/quant/collapse.hpp"
#include "exomir/quant/other_rna.hpp"
#include "exomir/quant/qc_gate.hpp"
#include "exomir/quant/quant.hpp"
#include "exomir/quant/spike_ins.hpp"

namespace exomir {
namespace {

void add_options(CLI::App& app, QuantArgs& o) {
    app.add_option("--sample", o.sample, "sample name used for output files and mirGFF3 COLDATA")->required();
    app.add_option("--kit", o.kit, "library kit: truseq, nebnext, qiaseq, nextflex or auto")->capture_default_str();
    app.add_option("--adapter", o.trim.adapter,
                   "3' adapter (overrides the kit's; alone = custom kit; 'none' = reads already trimmed)");
    app.add_option("--error-rate", o.trim.error_rate, "adapter mismatches per aligned base")->capture_default_str();
    app.add_option("--min-length", o.trim.min_length, "shortest insert kept")->capture_default_str();
    app.add_option("--max-length", o.trim.max_length, "longest insert kept for the miRNA aligner")
        ->capture_default_str();
    app.add_option("--other-max-length", o.trim.other_max_length,
                   "longest insert kept for the other-RNA classes only (adapter found; 3' tRNA halves are 35-45 nt)")
        ->capture_default_str();
    app.add_option("--max-n", o.trim.max_n,
                   "discard inserts with more than this many uncalled bases (N); -1 = keep all (an N counts as "
                   "one mismatch in the alignment)")
        ->capture_default_str();
    app.add_option("--reference", o.reference_dir,
                   "folder with mature.fa and hairpin.fa (plain or .gz), e.g. a bundle of 'exomir reference build'; "
                   "its other_rna/ is used when present [optimir miRBase 22]");
    app.add_option("--mature", o.ref.mature, "miRBase mature.fa(.gz)");
    app.add_option("--hairpin", o.ref.hairpin, "miRBase hairpin.fa(.gz)");
    app.add_option("--species", o.ref.species, "miRBase species prefix")->capture_default_str();
    app.add_option("--mismatches", o.annotate.mismatches, "substitutions allowed against the hairpin")
        ->capture_default_str();
    app.add_option("--multimap", o.multimap, "reads fitting several miRNAs: em, split or unique")
        ->capture_default_str();
    app.add_option("--other-rna", o.other_rna,
                   "FASTA of tRNA/YRNA/rRNA/snoRNA... (class = class= tag or ID); its classes replace the shipped "
                   "reference's (docs/rna_classes.md)");
    app.add_flag("--no-other-rna", o.no_other_rna,
                 "no shipped other-RNA reference (reference/other_rna/): only --other-rna classes, if given");
    app.add_option("--spike-ins", o.spike_ins,
                   "FASTA(.gz) of synthetic spike-in calibrators: counted per spike before the miRNA aligner "
                   "(<sample>.spikes.tsv; never miRNA reads; rule in docs/spike_ins.md)");
    app.add_option("--serum-bovine-fraction", o.serum_bovine_fraction,
                   "bovine-specific fraction of the miRNA reads of pure bovine serum (scales the serum-derived "
                   "share; docs/contamination.md)")
        ->check(CLI::Range(0.001, 1.0))
        ->capture_default_str();
    app.add_flag("--bam", o.bam, "also write <sample>.bam of sequences aligned to hairpins");
    app.add_option("-o,--out", o.out_dir, "output directory")->required();
    app.add_flag("--allow-duplicate-lanes", o.allow_duplicate_lanes,
                 "accept the same file twice among the reads (its reads are counted twice)");
    app.add_option("reads", o.inputs,
                   "FASTQ(.gz), BAM/CRAM or collapsed FASTA(.gz) files of one sample (lanes are summed)")
        ->required();
}

// --adapter none = already trimmed; --adapter SEQ alone = custom kit; with --kit it replaces the kit's adapter.
void set_kit(QuantArgs& o) {
    if (o.trim.adapter == "none" || o.trim.adapter == "NONE") {
        o.trim.kit = Kit::custom;
        o.trim.adapter.clear();
        return;
    }
    if (!o.trim.adapter.empty() && !normalise_nucleotides(o.trim.adapter))
        throw UsageError(fmt::format("--adapter '{}' must contain only ACGTUN (or be 'none')", o.trim.adapter));
    o.trim.kit = !o.trim.adapter.empty() && !o.kit_given ? Kit::custom : parse_kit(o.kit);
    apply_kit_preset(o.trim);
}

void check(const QuantArgs& o) {
    std::vector<std::string> problems = validate(o.trim);
    for (auto& p : validate(o.annotate)) problems.push_back(std::move(p));
    if (!valid_sample_name(o.sample)) problems.push_back("--sample: " + sample_name_problem(o.sample));
    if (!problems.empty()) throw UsageError(fmt::format("{}", fmt::join(problems, "; ")));
    if (std::count(o.inputs.begin(), o.inputs.end(), "-") > 1)
        throw UsageError("'-' (standard input) is given more than once; give it once");
    if (!o.allow_duplicate_lanes) check_distinct_files(o.inputs, "--allow-duplicate-lanes");
    for (const auto& p : o.inputs)
        if (!file_exists(p) && !is_stream(p)) throw Error(fmt::format("{}: no such file; check the path", p));
}

// The QC gate's numbers from the read side and the annotation (the kit check is filled in by the caller).
QcMetrics gate_metrics(const CollapsedReads& reads, const Annotation& ann) {
    QcMetrics m;
    const ReadQc& q = reads.qc;
    m.reads_in = q.n_reads;
    m.reads_kept = q.n_kept;
    m.unique_sequences = reads.sequences.size();
    m.adapter_found = q.n_adapter_found;
    m.adapter_dimers = q.n_dimers;
    m.adapter_trimmed = !reads.adapter_used.empty();
    m.kit = reads.kit_used;
    m.adapter = reads.adapter_used;
    const AnnotationQc& a = ann.qc;
    // The gate judges the sample's own RNA: spike-in calibrator reads (--spike-ins) are not kept reads of it, and
    // their inserts leave the length checks. Kept spike reads had their adapter found (the histogram's reads), except
    // in reads already trimmed: there the clamp at 0 keeps a bin from going below zero.
    std::array<std::uint64_t, 256> hist = q.length_hist;
    if (a.spike_in_reads > 0)
        for (std::size_t s = 0; s < reads.sequences.size(); ++s)
            if (ann.sequences.cls(s) == SeqClass::spike_in) {
                std::uint64_t& bin = hist[std::min<std::size_t>(reads.sequences[s].seq.size(), hist.size() - 1)];
                bin -= std::min(bin, reads.sequences[s].n_reads);
            }
    for (std::size_t len = 1; len < hist.size(); ++len) {
        m.inserts += hist[len];
        if (len <= 15) m.inserts_short += hist[len];
        if (len >= 18 && len <= 25) m.inserts_mirna_length += hist[len];
    }
    m.reads_kept -= std::min(m.reads_kept, a.spike_in_reads);
    m.unique_sequences -= std::min<std::uint64_t>(m.unique_sequences, a.spike_in_sequences);
    m.mirna_reads = a.mirna_reads;
    m.annotated_reads = a.mirna_reads + a.hairpin_other_reads + a.other_rna_reads;
    for (const auto& [cls, n] : a.other_rna_class_reads)
        if (other_rna_rank(cls) == 1) m.rrna_reads += n;
    for (const auto& c : ann.counts) m.mirnas_10_reads += c.reads >= 10;
    return m;
}

// Every output in memory first (the GFF is streamed into its temp file), then all committed together.
struct QuantOutputs {
    std::string mirna_tsv, qc_json, run_json, rna_classes_tsv, other_rna_tsv, rna_fragments_tsv;
    std::string spikes_tsv;  ///< "" without --spike-ins
    GffHeader gff_header;
    std::vector<std::string> warnings;  ///< read side + annotation, printed once each
};

// The per-sample results build_outputs formats.
struct QuantResults {
    const OtherRnaSummary& classes;
    const OtherRnaReference* other;
    const BovineScan& bovine;
    const QcVerdict& verdict;
    const SpikeIns* spikes;  ///< null without --spike-ins
    const StepTimes& times;  ///< the steps up to here (run.json "timings"; formatting and writing are not in it)
};

QuantOutputs build_outputs(const QuantArgs& o, const CollapsedReads& reads, const Annotation& ann,
                           const MirnaReference& ref, const ReferencePaths& paths, const QuantResults& res) {
    const auto& [classes, other, bovine, verdict, spikes, times] = res;
    QuantOutputs out;
    out.mirna_tsv = format_mirna_tsv(ann);
    out.rna_classes_tsv = format_rna_classes_tsv(classes);
    out.other_rna_tsv = format_other_rna_tsv(classes);
    out.rna_fragments_tsv = format_rna_fragments_tsv(classes);
    GffHeader& header = out.gff_header;
    header.sample = o.sample;
    header.source = paths.description.find("miRBase 22") != std::string::npos ? "miRBasev22" : "miRBase";
    header.reference = fmt::format("{} ({} species {})", paths.hairpin, paths.description, paths.species);
    header.command_line = fmt::format("{}", fmt::join(invocation().argv, " "));

    nlohmann::json qc = to_json(reads, o.trim);
    qc["sample"] = o.sample;
    qc["annotation"] = annotation_qc_json(ann, reads.qc.n_reads, o.annotate);
    add_bovine_qc(qc, bovine);
    if (spikes) {
        const SpikeCounts sc = count_spikes(*spikes, reads.sequences, ann, reads.molecules);
        out.spikes_tsv = format_spikes_tsv(*spikes, sc);
        qc["spike_ins"] = spike_qc_json(*spikes, sc);
        qc["annotation"]["spike_in_reads"] = ann.qc.spike_in_reads;
        qc["annotation"]["spike_in_sequences"] = ann.qc.spike_in_sequences;
    }
    qc["qc_gate"] = verdict.to_json(QcThresholds{});
    out.warnings = reads.warnings;
    for (auto& w : annotation_warnings(ann, reads.qc.n_reads)) out.warnings.push_back(std::move(w));
    for (auto& w : bovine_warnings(bovine)) out.warnings.push_back(std::move(w));
    qc["warnings"] = out.warnings;
    out.qc_json = dump_json(qc);

    nlohmann::json run = make_run_info(o.inputs);
    run["sample"] = o.sample;
    run["reference"] = {{"mature", paths.mature},        {"hairpin", paths.hairpin},
                        {"species", paths.species},      {"description", paths.description},
                        {"matures", ref.matures.size()}, {"hairpins", ref.hairpins.size()}};
    if (other) run["other_rna"] = other->path;
    if (spikes) run["spike_ins"] = spikes->path;
    run["parameters"] = {{"kit", reads.kit_used.empty() ? kit_name(o.trim.kit) : reads.kit_used},
                         {"adapter", reads.adapter_used},
                         {"min_length", o.trim.min_length},
                         {"max_length", o.trim.max_length},
                         {"other_max_length", o.trim.other_max_length},
                         {"mismatches", o.annotate.mismatches},
                         {"multimap", multimap_name(o.annotate.multimap)}};
    run["counts"] = {{"reads", reads.qc.n_reads},
                     {"unique_sequences", reads.sequences.size()},
                     {"mirna_reads", ann.qc.mirna_reads},
                     {"mirnas_detected", ann.counts.size()}};
    run["timings"] = times.to_json();
    out.run_json = dump_json(run);
    return out;
}

void commit_outputs(const QuantArgs& o, const QuantOutputs& out, const CollapsedReads& reads, const Annotation& ann,
                    const MirnaReference& ref) {
    make_dirs(o.out_dir);
    const auto path = [&](const char* suffix) {
        return (std::filesystem::path(o.out_dir) / (o.sample + suffix)).string();
    };
    OutputSet set;
    set.open(path(".mirna.tsv")).write(out.mirna_tsv);
    AtomicFile& gff = set.open(path(".isomir.gff3"));
    write_isomir_gff3(reads.sequences, ann, ref, out.gff_header, reads.molecules,
                      [&gff](std::string_view s) { gff.write(s); });
    set.open(path(".qc.json")).write(out.qc_json);
    set.open(path(".rna_classes.tsv")).write(out.rna_classes_tsv);
    set.open(path(".other_rna.tsv")).write(out.other_rna_tsv);
    set.open(path(".rna_fragments.tsv")).write(out.rna_fragments_tsv);
    if (!out.spikes_tsv.empty()) set.open(path(".spikes.tsv")).write(out.spikes_tsv);
    if (o.bam) {
        AtomicFile& bam = set.open(path(".bam"));
        write_hairpin_bam(bam.tmp_path(), reads.sequences, ann, ref);
    }
    set.open(path(".run.json")).write(out.run_json);
    set.commit_all();
    // A spikes table of an earlier run with --spike-ins would be read by merge as this run's: it goes.
    if (out.spikes_tsv.empty() && file_exists(path(".spikes.tsv"))) {
        check_not_an_input(path(".spikes.tsv"));
        std::error_code ec;
        std::filesystem::remove(path(".spikes.tsv"), ec);
        if (ec)
            throw Error(fmt::format("{}: cannot remove the spikes table of an earlier run: {}", path(".spikes.tsv"),
                                    ec.message()));
        log_info(fmt::format("{}: removed, from an earlier run with --spike-ins", path(".spikes.tsv")));
    }
}

// The shipped class reference (unless --no-other-rna), with --other-rna's classes added or replacing.
std::unique_ptr<OtherRnaReference> load_other_rna_classes(const QuantArgs& o) {
    std::unique_ptr<OtherRnaReference> other;
    if (!o.no_other_rna) {
        const std::string path = default_other_rna_path(o.reference_dir);
        if (!file_exists(path))
            throw Error(
                fmt::format("{}: the shipped other-RNA reference is missing; rebuild it with "
                            "scripts/build_other_rna.py or pass --no-other-rna",
                            path));
        other = std::make_unique<OtherRnaReference>(load_other_rna(path));
    }
    if (o.other_rna.empty()) return other;
    OtherRnaReference user = load_other_rna(o.other_rna);
    if (!other) return std::make_unique<OtherRnaReference>(std::move(user));
    return std::make_unique<OtherRnaReference>(combine_other_rna(*other, user));
}

/// "12.0M reads, 1.05M reads/s, 38% of input, ETA 0:21" on stderr about every million reads.
ProgressFn progress_printer() {
    const auto start = std::chrono::steady_clock::now();
    return [start](const ReadProgress& p) {
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::string line = fmt::format("{:.1f}M reads", static_cast<double>(p.n_reads) / 1e6);
        if (secs > 0) line += fmt::format(", {:.2f}M reads/s", static_cast<double>(p.n_reads) / 1e6 / secs);
        if (p.bytes_total > 0 && p.bytes_done > 0) {
            const double frac = std::min(1.0, static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total));
            const auto eta = static_cast<long>(secs * (1 - frac) / frac + 0.5);
            line += fmt::format(", {:.0f}% of input, ETA {}:{:02d}", 100 * frac, eta / 60, eta % 60);
        }
        log_info(line);
    };
}

// quant allocates a ~2 MB text buffer per batch of reads and frees it once the batch is merged, and grows its insert
// table by doubling. glibc serves blocks above its (adaptive) mmap threshold with fresh mmaps and returns freed heap
// tops to the kernel, so each batch page-faults its buffer in again: ~22,000 faults on the 4M-read benchmark, costly
// under a hypervisor. Blocks below 32 MB come from the heap, and up to 128 MB of freed heap is kept for reuse: 14,100
// faults, -t 2 wall 1.47 -> 1.40 s in 11 interleaved runs (bench/quant_speed.md). The peak is unchanged (a kept
// block is reused, not added).
void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

}  // namespace

int run_quant(const QuantArgs& args) {
    const LogAs log_as("quant");
    StepTimes times;
    keep_freed_memory_for_reuse();
    QuantArgs o = args;
    set_kit(o);
    o.annotate.multimap = parse_multimap(o.multimap);
    check(o);
    const ReferencePaths paths = resolve_reference_paths(o.reference_dir, o.ref);
    if (o.reference_dir.empty() && o.ref.mature.empty())
        log_info(fmt::format("no --reference given: using the {} ({})", paths.description, paths.hairpin));
    const MirnaReference ref = load_mirna_reference(paths);
    const std::unique_ptr<OtherRnaReference> other = load_other_rna_classes(o);
    AnnotationIndex index(ref, other.get());
    const std::unique_ptr<SpikeIns> spikes =
        o.spike_ins.empty() ? nullptr : std::make_unique<SpikeIns>(load_spike_ins(o.spike_ins));
    const std::unique_ptr<SpikeMatcher> spike_matcher = spikes ? std::make_unique<SpikeMatcher>(*spikes) : nullptr;
    index.spikes = spike_matcher.get();
    if (spikes)
        if (const std::string w = spike_mirna_warning(*spikes, *spike_matcher, ref); !w.empty()) log_warn(w);
    std::string no_bovine;
    const std::unique_ptr<BovineReference> bovine = load_bovine_reference(paths, no_bovine);
    if (!bovine && !log_config().quiet) log_info("culture-medium (bovine serum) check not run: " + no_bovine);

    times.mark("references");  // loading them and building the seed indexes
    const CollapsedReads reads =
        read_and_collapse(o.inputs, o.trim, log_config().quiet ? ProgressFn{} : progress_printer());
    times.mark("reads");  // reading, trimming and collapsing them, and sorting the unique inserts
    // UMI kits count molecules (the kit preset, or --kit auto resolved to qiaseq, sets the UMI length).
    o.annotate.count_molecules = reads.umi;
    o.annotate.mirna_max_length = o.trim.max_length;  // longer inserts are for the other-RNA classes only
    const Annotation ann = annotate(reads.sequences, ref, index, other.get(), o.annotate, reads.molecules);
    times.mark("annotation");
    const OtherRnaSummary classes = summarise_other_rna(reads.sequences, ann, other.get(), index, o.annotate);
    const BovineScan bovine_scan = bovine
                                       ? scan_bovine(reads.sequences, ann, *bovine, o.annotate, o.serum_bovine_fraction)
                                       : BovineScan::not_checked(no_bovine);
    QcMetrics metrics = gate_metrics(reads, ann);
    if (kit_check_wanted(metrics)) metrics.kit_check = check_kit(o.inputs, reads.adapter_used);
    const QcVerdict verdict = evaluate_qc(metrics);
    times.mark("classes_and_qc");
    const QuantOutputs out =
        build_outputs(o, reads, ann, ref, paths, {classes, other.get(), bovine_scan, verdict, spikes.get(), times});
    for (const auto& w : out.warnings) log_warn(w);
    if (verdict.level != "PASS") log_warn(fmt::format("{}: QC {}: {}", o.sample, verdict.level, verdict.reasons()));
    commit_outputs(o, out, reads, ann, ref);
    const auto pct = [&](std::uint64_t n) {
        return reads.qc.n_reads ? 100.0 * static_cast<double>(n) / static_cast<double>(reads.qc.n_reads) : 0.0;
    };
    log_info(
        fmt::format("{}: {} reads, {} unique sequences; miRNA {:.1f}%, hairpin-other {:.1f}%, other RNA {:.1f}%, "
                    "unmapped {:.1f}%, filtered out {:.1f}%; {} miRNAs -> {}",
                    o.sample, reads.qc.n_reads, reads.sequences.size(), pct(ann.qc.mirna_reads),
                    pct(ann.qc.hairpin_other_reads), pct(ann.qc.other_rna_reads), pct(ann.qc.unmapped_reads),
                    pct(reads.qc.n_reads - std::min(reads.qc.n_reads, ann.qc.n_reads)), ann.counts.size(), o.out_dir));
    return 0;
}

int cmd_quant(int argc, char** argv) {
    CLI::App app{
        "count miRNAs and isomiRs in one sample's reads\n\nexample: exomir quant --sample S1 --kit truseq -o out/ "
        "S1_L001.fastq.gz S1_L002.fastq.gz",
        "exomir quant"};
    QuantArgs o;
    CommonOptions common;
    add_options(app, o);
    add_common_options(app, common);
    return parse_and_run(app, common, argc, argv, [&] {
        o.kit_given = app.count("--kit") > 0;
        return run_quant(o);
    });
}

}  // namespace exomir
