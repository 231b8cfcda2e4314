// annotate.cpp: classify unique sequences (miRNA arm / hairpin-other / other RNA / unmapped) and count miRNAs.
#include "exomir/quant/annotate.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <tuple>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "exomir/core/error.hpp"
#include "exomir/core/fasta.hpp"
#include "exomir/core/tsan.hpp"
#include "exomir/quant/other_rna.hpp"
#include "exomir/quant/spike_ins.hpp"

namespace exomir {

Multimap parse_multimap(const std::string& name) {
    if (name == "em") return Multimap::em;
    if (name == "split") return Multimap::split;
    if (name == "unique") return Multimap::unique;
    throw UsageError(fmt::format("--multimap '{}' is not known; use em, split or unique", name));
}

std::string multimap_name(Multimap m) {
    switch (m) {
        case Multimap::em:
            return "em";
        case Multimap::split:
            return "split";
        case Multimap::unique:
            return "unique";
    }
    return "em";
}

std::vector<std::string> validate(const AnnotateOptions& opt) {
    std::vector<std::string> problems;
    if (opt.mismatches < 0 || opt.mismatches > AnnotateOptions::max_mismatches)
        problems.push_back(
            fmt::format("--mismatches must be 0..{}; got {}", AnnotateOptions::max_mismatches, opt.mismatches));
    if (opt.max_add3p < 0 || opt.max_add3p > 5)
        problems.push_back(fmt::format("non-templated 3' additions must be 0..5; got {}", opt.max_add3p));
    if (opt.min_templated < 12)
        problems.push_back(fmt::format("the minimum templated length must be >= 12; got {}", opt.min_templated));
    if (opt.max_shift5 < 0 || opt.max_trim3 < 0 || opt.max_extend3 < 0)
        problems.push_back("isomiR windows (5' shift, 3' trim/extension) must be >= 0");
    if (opt.em_max_iterations < 1) problems.push_back("EM needs at least one iteration");
    if (!(opt.em_tolerance > 0)) problems.push_back("EM tolerance must be > 0");
    return problems;
}

std::vector<MirnaGroup> group_matures(const MirnaReference& ref, std::vector<std::uint32_t>& group_of_mature) {
    std::map<std::string, std::vector<std::uint32_t>> by_seq;  // matures are sorted by name already
    for (std::uint32_t m = 0; m < ref.matures.size(); ++m) by_seq[ref.matures[m].seq].push_back(m);
    std::vector<MirnaGroup> groups;
    for (auto& [seq, members] : by_seq) {
        MirnaGroup g;
        g.seq = seq;
        g.matures = members;
        for (std::size_t i = 0; i < members.size(); ++i) {
            const Mature& m = ref.matures[members[i]];
            g.name += (i ? "/" : "") + m.name;
            g.accession += (i ? "/" : "") + m.accession;
        }
        groups.push_back(std::move(g));
    }
    std::sort(groups.begin(), groups.end(), [](const MirnaGroup& a, const MirnaGroup& b) { return a.name < b.name; });
    group_of_mature.assign(ref.matures.size(), 0);
    for (std::uint32_t g = 0; g < groups.size(); ++g)
        for (const auto m : groups[g].matures) group_of_mature[m] = g;
    return groups;
}

OtherRnaReference load_other_rna(const std::string& path) {
    std::vector<FastaRecord> recs = read_fasta(path, true);
    if (recs.empty()) throw Error(fmt::format("{}: no FASTA records; give tRNA/YRNA/rRNA/snoRNA sequences", path));
    OtherRnaReference other;
    other.path = path;
    std::vector<std::string> cls;
    for (auto& r : recs) {
        std::string c = other_rna_tag(r.description, "class").value_or(r.id);
        if (c.empty()) throw Error(fmt::format("{}:{}: empty class= tag; write class=tRNA (or similar)", path, r.line));
        cls.push_back(c);
        other.features.push_back(
            other_rna_tag(r.description, "feature").value_or(other_rna_tag(r.description, "gene").value_or(r.id)));
        other.anticodon.push_back(other_rna_anticodon(r.description, path, r.line));
        other.names.push_back(std::move(r.id));
        other.seqs.push_back(std::move(r.seq));
    }
    set_other_rna_classes(other, cls);
    return other;
}

AnnotationIndex::AnnotationIndex(const MirnaReference& ref, const OtherRnaReference* other) {
    std::vector<std::string_view> hp;
    for (const auto& h : ref.hairpins) hp.emplace_back(h.seq);
    hairpins = SeqIndex(std::move(hp));
    if (other) other_rna = SeqIndex(std::vector<std::string_view>(other->seqs.begin(), other->seqs.end()));
}

SequenceAnnotations::SequenceAnnotations(std::size_t n_sequences, std::size_t n_parts)
    : cls_(n_sequences, SeqClass::unmapped), slot_(n_sequences, 0), parts_(n_parts) {}

SequenceAnnotation SequenceAnnotations::operator[](std::size_t s) const {
    SequenceAnnotation a;
    a.cls = cls_[s];
    if (a.cls == SeqClass::other_rna) a.other_class = slot_[s];
    if (a.cls == SeqClass::spike_in) a.spike = slot_[s];
    if (!has_parts(a.cls)) return a;
    const Where w = where_[slot_[s]];
    const Part& p = parts_[w.part];
    const Mapped& b = p.mapped[w.local];
    const Mapped& e = p.mapped[w.local + 1];
    a.arm_hits = std::span(p.arm_hits).subspan(b.arm_hits, e.arm_hits - b.arm_hits);
    a.hairpin_hits = std::span(p.hairpin_hits).subspan(b.hairpin_hits, e.hairpin_hits - b.hairpin_hits);
    a.groups = std::span(p.groups).subspan(b.groups, e.groups - b.groups);
    a.likelihood = std::span(p.likelihood).subspan(b.groups, e.groups - b.groups);
    a.weights = std::span(p.weights).subspan(b.groups, e.groups - b.groups);
    a.n_best_groups = b.n_best_groups;
    return a;
}

std::span<double> SequenceAnnotations::weights(std::size_t s) {
    if (!has_parts(cls_[s])) return {};
    const Where w = where_[slot_[s]];
    Part& p = parts_[w.part];
    const std::uint32_t b = p.mapped[w.local].groups;
    return std::span(p.weights).subspan(b, p.mapped[w.local + 1].groups - b);
}

void SequenceAnnotations::add_group(std::uint32_t group, double likelihood) {
    Part& p = parts_.back();
    p.groups.push_back(group);
    p.likelihood.push_back(likelihood);
    p.weights.push_back(0.0);
    p.mapped.back().n_best_groups += likelihood == 1.0;
}

std::span<const ArmHit> SequenceAnnotations::pending_arm_hits() const {
    const Part& p = parts_.back();
    return std::span(p.arm_hits).subspan(p.mapped.back().arm_hits);
}

void SequenceAnnotations::finish(SeqClass cls, std::uint32_t index) {
    Part& p = parts_.back();
    cls_.push_back(cls);
    if (!has_parts(cls)) {
        assert(p.arm_hits.size() == p.mapped.back().arm_hits && p.hairpin_hits.size() == p.mapped.back().hairpin_hits &&
               p.groups.size() == p.mapped.back().groups);
        slot_.push_back(cls == SeqClass::other_rna || cls == SeqClass::spike_in ? index : 0);
        return;
    }
    slot_.push_back(static_cast<std::uint32_t>(where_.size()));
    where_.push_back({static_cast<std::uint32_t>(parts_.size() - 1), static_cast<std::uint32_t>(p.mapped.size() - 1)});
    p.mapped.push_back({static_cast<std::uint32_t>(p.arm_hits.size()),
                        static_cast<std::uint32_t>(p.hairpin_hits.size()), static_cast<std::uint32_t>(p.groups.size()),
                        0});
}

void SequenceAnnotations::place(std::size_t part, std::size_t first, SequenceAnnotations&& block) {
    assert(block.parts_.size() == 1 && first + block.size() <= size() && part < parts_.size());
    // A mapped sequence's slot is, until seal(), its index among the block's mapped sequences (one part: where_'s).
    std::copy(block.cls_.begin(), block.cls_.end(), cls_.begin() + static_cast<std::ptrdiff_t>(first));
    std::copy(block.slot_.begin(), block.slot_.end(), slot_.begin() + static_cast<std::ptrdiff_t>(first));
    parts_[part] = std::move(block.parts_.front());
    parts_[part].first = first;
    block = SequenceAnnotations();
}

void SequenceAnnotations::seal() {
    where_.clear();
    for (std::size_t p = 0; p < parts_.size(); ++p) {
        const std::size_t end = p + 1 < parts_.size() ? parts_[p + 1].first : cls_.size();
        for (std::size_t s = parts_[p].first; s < end; ++s) {
            if (!has_parts(cls_[s])) continue;
            where_.push_back({static_cast<std::uint32_t>(p), slot_[s]});
            slot_[s] = static_cast<std::uint32_t>(where_.size() - 1);
        }
    }
}

SequenceAnnotations SequenceAnnotations::concat(std::vector<SequenceAnnotations> blocks) {
    std::size_t n = 0;
    for (const auto& b : blocks) n += b.size();
    SequenceAnnotations all(n, blocks.size());
    std::size_t first = 0;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const std::size_t size = blocks[b].size();
        all.place(b, first, std::move(blocks[b]));
        first += size;
    }
    all.seal();
    return all;
}

namespace {

// How far an isomiR is from the canonical mature (5' shifts are rarer than 3' changes, so cost more;
// every non-templated base counts, as tails get rarer with length: a fit with fewer added bases wins).
int isomir_penalty(const Hit& h, const MatureLocus& locus) {
    const int shift5 = static_cast<int>(h.start) - static_cast<int>(locus.start);
    const int shift3 = static_cast<int>(h.start + h.templated_len) - static_cast<int>(locus.end);
    return 2 * std::abs(shift5) + (shift3 != 0) + h.add3p;
}

bool in_window(const Hit& h, const MatureLocus& locus, const AnnotateOptions& opt) {
    const int shift5 = static_cast<int>(h.start) - static_cast<int>(locus.start);
    const int shift3 = static_cast<int>(h.start + h.templated_len) - static_cast<int>(locus.end);
    return std::abs(shift5) <= opt.max_shift5 && shift3 >= -opt.max_trim3 && shift3 <= opt.max_extend3;
}

int min_mismatches(const std::vector<Hit>& hits) {
    int best = 1 << 20;
    for (const auto& h : hits) best = std::min<int>(best, h.n_mismatches);
    return best;
}

// Likelihood of an isomiR relative to the best-fitting one: each penalty point (a templated 3' change,
// a non-templated addition, half a 5' shift) divides it by 20. Tuned on the simulated kits (bench/):
// 1/4 (about P(canonical) / P(one 3' offset)) drained weakly expressed miRNAs into abundant relatives.
constexpr double k_penalty_factor = 0.05;
constexpr int k_penalty_margin = 2;  // candidates more than 2 points worse than the best are dropped

// Candidate miRNAs of a sequence: arm alignments with the fewest substitutions. arm_hits keep the
// best-penalty ones (the reported annotation); groups/likelihood cover all within the margin.
void add_candidates(SequenceAnnotations& out, const std::vector<std::pair<ArmHit, int>>& cand) {
    int best_mm = 1 << 20, best_pen = 1 << 20;
    for (const auto& [ah, pen] : cand) best_mm = std::min<int>(best_mm, ah.hit.n_mismatches);
    for (const auto& [ah, pen] : cand)
        if (ah.hit.n_mismatches == best_mm) best_pen = std::min(best_pen, pen);
    std::map<std::uint32_t, int> group_pen;
    for (const auto& [ah, pen] : cand) {
        if (ah.hit.n_mismatches != best_mm || pen > best_pen + k_penalty_margin) continue;
        auto [it, inserted] = group_pen.emplace(ah.group, pen);
        if (!inserted) it->second = std::min(it->second, pen);
        // Identical matures are placed at the same locus: one alignment per group and locus.
        const std::span<const ArmHit> added = out.pending_arm_hits();
        const bool dup = !added.empty() && added.back().group == ah.group && added.back().hit.target == ah.hit.target &&
                         added.back().hit.start == ah.hit.start;
        if (pen == best_pen && !dup) out.add_arm_hit(ah);
    }
    // likelihood is exactly 1 for the best (pow(x, 0)), which is how n_best_groups is counted.
    for (const auto& [g, pen] : group_pen) out.add_group(g, std::pow(k_penalty_factor, pen - best_pen));
}

struct Classifier {
    const MirnaReference& ref;
    const AnnotationIndex& index;
    const OtherRnaReference* other;
    const std::vector<std::uint32_t>& group_of_mature;
    const AnnotateOptions& opt;

    // The other-RNA class if other RNA explains `seq` with fewer substitutions than any hairpin: of the
    // records with the fewest substitutions, the class first in other_rna_rank() order. Not tried when
    // a hairpin fits exactly (nothing can fit better), so exact miRNA reads cost no other-RNA lookup.
    std::optional<std::uint32_t> other_rna_class(std::string_view seq, int hp_mm, AlignScratch& scratch) const {
        if (!other || index.other_rna.size() == 0 || hp_mm == 0) return std::nullopt;
        const std::vector<Hit> other_hits = align_sequence(seq, index.other_rna, opt, scratch);
        const int other_mm = min_mismatches(other_hits);
        if (other_hits.empty() || other_mm >= hp_mm) return std::nullopt;
        std::uint32_t cls = ~0u;
        for (const auto& h : other_hits) {
            const std::uint32_t c = other->class_of[h.target];
            if (h.n_mismatches == other_mm &&
                (cls == ~0u || std::tie(other->class_rank[c], c) < std::tie(other->class_rank[cls], cls)))
                cls = c;
        }
        return cls;
    }

    // Classifies `seq` and appends its annotation to `out`.
    // Separate scratch per index: each keeps the candidates of its last lookup for the next sequence (AlignScratch).
    struct Scratch {
        AlignScratch hairpins, other_rna;
    };

    void operator()(std::string_view seq, Scratch& scratch, SequenceAnnotations& out) const {
        if (index.spikes)  // a spike-in is never a miRNA, however much it resembles one
            if (const auto spike = index.spikes->match(seq)) return out.finish(SeqClass::spike_in, *spike);
        const std::vector<Hit> hits = static_cast<int>(seq.size()) <= opt.mirna_max_length
                                          ? align_sequence(seq, index.hairpins, opt, scratch.hairpins)
                                          : std::vector<Hit>{};
        std::vector<std::pair<ArmHit, int>> cand;
        int arm_mm = 1 << 20;
        for (const auto& h : hits)
            for (std::uint32_t l = 0; l < ref.hairpins[h.target].matures.size(); ++l) {
                const MatureLocus& locus = ref.hairpins[h.target].matures[l];
                if (!in_window(h, locus, opt)) continue;
                cand.push_back({{h, l, group_of_mature[locus.mature]}, isomir_penalty(h, locus)});
                arm_mm = std::min<int>(arm_mm, h.n_mismatches);
            }
        const int hp_mm = min_mismatches(hits);
        if (const auto cls = other_rna_class(seq, hp_mm, scratch.other_rna))
            return out.finish(SeqClass::other_rna, *cls);
        if (!cand.empty() && arm_mm <= hp_mm) {
            add_candidates(out, cand);
            return out.finish(SeqClass::mirna);
        }
        if (hits.empty()) return out.finish(SeqClass::unmapped);
        for (const auto& h : hits)
            if (h.n_mismatches == hp_mm) out.add_hairpin_hit(h);
        out.finish(SeqClass::hairpin_other);
    }
};

bool is_canonical_for(const SequenceAnnotation& a, std::uint32_t group, const MirnaReference& ref) {
    for (const auto& ah : a.arm_hits) {
        if (ah.group != group) continue;
        const MatureLocus& locus = ref.hairpins[ah.hit.target].matures[ah.locus];
        if (ah.hit.n_mismatches == 0 && ah.hit.add3p == 0 && ah.hit.start == locus.start &&
            ah.hit.start + ah.hit.templated_len == locus.end)
            return true;
    }
    return false;
}

// What is counted of each sequence: its UMI molecules when given, else its reads.
struct Units {
    const std::vector<SeqCount>& seqs;
    std::span<const std::uint64_t> molecules;  // empty: reads
    double operator[](std::size_t s) const { return static_cast<double>(counted(seqs, molecules, s)); }
};

// Sets the weights of the miRNA sequences by the multimapping policy. em: EM over all candidates weighted by
// their isomiR likelihood; split: even over the equally best; unique: only sequences with one best miRNA.
void resolve_multimapping(Annotation& ann, const Units& units, const AnnotateOptions& opt) {
    std::vector<double> unique(ann.groups.size(), 0.0);
    std::vector<EmItem> amb;
    for (std::size_t s = 0; s < ann.sequences.size(); ++s) {
        if (ann.sequences.cls(s) != SeqClass::mirna) continue;
        const SequenceAnnotation a = ann.sequences[s];
        if (a.groups.size() == 1)
            unique[a.groups[0]] += units[s];
        else
            amb.push_back({units[s], {a.groups.begin(), a.groups.end()}, {a.likelihood.begin(), a.likelihood.end()}});
    }
    std::vector<double> theta;
    if (opt.multimap == Multimap::em && !amb.empty())
        theta = em_abundances(unique, amb, opt.em_max_iterations, opt.em_tolerance, ann.qc.em_iterations);
    for (std::size_t s = 0; s < ann.sequences.size(); ++s) {
        if (ann.sequences.cls(s) != SeqClass::mirna) continue;
        const SequenceAnnotation a = ann.sequences[s];
        const std::span<double> w = ann.sequences.weights(s);
        const std::size_t k = a.groups.size();
        if (k == 1) {
            w[0] = 1.0;
        } else if (opt.multimap == Multimap::em) {
            double total = 0, total_l = 0;
            for (std::size_t i = 0; i < k; ++i)
                total += theta[a.groups[i]] * a.likelihood[i], total_l += a.likelihood[i];
            for (std::size_t i = 0; i < k; ++i)
                w[i] = total > 0 ? theta[a.groups[i]] * a.likelihood[i] / total : a.likelihood[i] / total_l;
        } else if (opt.multimap == Multimap::split || a.n_best_groups == 1) {
            for (std::size_t i = 0; i < k; ++i)
                w[i] = a.likelihood[i] == 1.0 ? 1.0 / static_cast<double>(a.n_best_groups) : 0.0;
        }
    }
}

void count_classes(Annotation& ann, const std::vector<SeqCount>& seqs, const Units& units, const MirnaReference& ref,
                   const OtherRnaReference* other) {
    AnnotationQc& qc = ann.qc;
    std::vector<MirnaCount> counts(ann.groups.size());
    for (std::size_t s = 0; s < seqs.size(); ++s) {
        const SequenceAnnotation a = ann.sequences[s];
        const std::uint64_t n = seqs[s].n_reads;
        qc.n_reads += n;
        switch (a.cls) {
            case SeqClass::mirna:
                qc.mirna_reads += n, ++qc.mirna_sequences;
                break;
            case SeqClass::hairpin_other:
                qc.hairpin_other_reads += n, ++qc.hairpin_other_sequences;
                break;
            case SeqClass::other_rna:
                qc.other_rna_reads += n, ++qc.other_rna_sequences;
                qc.other_rna_class_reads[other->classes[a.other_class]] += n;
                break;
            case SeqClass::unmapped:
                qc.unmapped_reads += n, ++qc.unmapped_sequences;
                break;
            case SeqClass::spike_in:
                qc.spike_in_reads += n, ++qc.spike_in_sequences;
                break;
        }
        if (a.cls != SeqClass::mirna) continue;
        if (a.n_best_groups > 1) qc.ambiguous_reads += n, ++qc.ambiguous_sequences;
        double assigned = 0;
        for (std::size_t i = 0; i < a.groups.size(); ++i) {
            if (a.weights[i] <= 0) continue;
            MirnaCount& c = counts[a.groups[i]];
            c.reads += units[s] * a.weights[i];
            if (is_canonical_for(a, a.groups[i], ref)) c.canonical_reads += units[s] * a.weights[i];
            ++c.unique_sequences;
            assigned += a.weights[i];
        }
        if (assigned == 0) qc.unassigned_ambiguous_reads += n;
    }
    for (std::uint32_t g = 0; g < counts.size(); ++g) {
        counts[g].group = g;
        if (counts[g].reads > 0) {
            qc.mirna_units += counts[g].reads;
            ann.counts.push_back(counts[g]);
        }
    }
}

}  // namespace

std::vector<double> em_abundances(const std::vector<double>& unique, const std::vector<EmItem>& amb, int max_iterations,
                                  double tolerance, int& iterations) {
    // Start from an even split; then theta_g = unique_g + sum_s n_s theta_g L_sg / sum_h theta_h L_sh.
    std::vector<double> theta = unique;
    for (const auto& item : amb)
        for (const auto g : item.groups) theta[g] += item.count / static_cast<double>(item.groups.size());
    std::vector<double> next(theta.size());
    iterations = 0;
    while (iterations < max_iterations) {
        ++iterations;
        next = unique;
        for (const auto& item : amb) {
            double total = 0, total_l = 0;
            for (std::size_t i = 0; i < item.groups.size(); ++i)
                total += theta[item.groups[i]] * item.likelihood[i], total_l += item.likelihood[i];
            for (std::size_t i = 0; i < item.groups.size(); ++i)
                next[item.groups[i]] += item.count * (total > 0 ? theta[item.groups[i]] * item.likelihood[i] / total
                                                                : item.likelihood[i] / total_l);
        }
        double delta = 0;
        for (std::size_t g = 0; g < theta.size(); ++g) delta = std::max(delta, std::abs(next[g] - theta[g]));
        theta.swap(next);
        if (delta < tolerance) break;
    }
    return theta;
}

Annotation annotate(const std::vector<SeqCount>& sequences, const MirnaReference& ref, const AnnotationIndex& index,
                    const OtherRnaReference* other, const AnnotateOptions& opt,
                    std::span<const std::uint64_t> molecules) {
    if (opt.count_molecules && molecules.size() != sequences.size())
        throw Error(fmt::format("internal: {} molecule counts for {} sequences", molecules.size(), sequences.size()));
    Annotation ann;
    ann.groups = group_matures(ref, ann.group_of_mature);
    // Fixed blocks of sequences, classified in parallel and placed in order: deterministic. Each block's class
    // bytes go to their place as soon as it is done, so they are never held twice.
    constexpr std::size_t k_block = 2048;
    const std::size_t n_blocks = (sequences.size() + k_block - 1) / k_block;
    ann.sequences = SequenceAnnotations(sequences.size(), n_blocks);
    const Classifier classify{ref, index, other, ann.group_of_mature, opt};
    const TsanParallelRegion tsan_region;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_blocks),
                      tsan_visible([&](const tbb::blocked_range<std::size_t>& r) {
                          Classifier::Scratch scratch;
                          for (std::size_t b = r.begin(); b != r.end(); ++b) {
                              SequenceAnnotations block;
                              const std::size_t end = std::min(sequences.size(), (b + 1) * k_block);
                              for (std::size_t i = b * k_block; i < end; ++i) {
                                  // The sequences' bytes and the seed offsets are cache misses: fetch ahead.
                                  if (i + 8 < end) __builtin_prefetch(sequences[i + 8].seq.data());
                                  // Most sequences are looked up in the other-RNA index too (all but exact hairpin fits).
                                  for (const SeqIndex* x : {&index.hairpins, &index.other_rna}) {
                                      if (i + 4 < end) prefetch_seeds(sequences[i + 4].seq, *x, opt, 0);
                                      if (i + 2 < end) prefetch_seeds(sequences[i + 2].seq, *x, opt, 1);
                                  }
                                  classify(sequences[i].seq, scratch, block);
                              }
                              ann.sequences.place(b, b * k_block, std::move(block));
                          }
                      }));
    tsan_region.end();
    ann.sequences.seal();
    const Units units{sequences, opt.count_molecules ? molecules : std::span<const std::uint64_t>{}};
    ann.qc.n_sequences = sequences.size();
    resolve_multimapping(ann, units, opt);
    count_classes(ann, sequences, units, ref, other);
    return ann;
}

}  // namespace exomir
