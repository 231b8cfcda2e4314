// annotate.hpp: quant's annotation side: unique sequences -> hairpin alignments -> isomiRs -> miRNA counts.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exomir/core/types.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {

/// How a sequence equally compatible with several different mature miRNAs is counted.
enum class Multimap { em, split, unique };
/// Parses "em|split|unique"; throws UsageError listing the valid names.
Multimap parse_multimap(const std::string& name);
std::string multimap_name(Multimap m);

/// Alignment and assignment options. Defaults are the single source of truth for --help.
struct AnnotateOptions {
    static constexpr int max_mismatches = 3;  ///< the most `mismatches` validate() accepts
    int mismatches = 1;      ///< substitutions allowed in the templated part (sequencing errors + SNVs)
    int max_add3p = 3;       ///< non-templated 3' nucleotides allowed (mirtop iso_add3p)
    int min_templated = 15;  ///< templated (aligned) bases required; shorter alignments are unmapped
    /// Templated bases required when an alignment needs both a substitution and a non-templated 3'
    /// addition: such short fits are as often chance hits of rRNA/tRNA fragments (two free edits on
    /// 15-18 nt) as miRNA isomiRs (seen on real miRQC reads: miR-12135).
    int min_templated_mismatch_add = 19;
    /// Longest sequence aligned to the hairpins (quant: --max-length); a longer one (kept for the other-RNA
    /// classes, --other-max-length) is other RNA or unmapped, never miRNA or hairpin-other.
    int mirna_max_length = 255;
    int max_shift5 = 3;   ///< |iso_5p| allowed for a read to belong to a mature arm
    int max_trim3 = 6;    ///< templated 3' trimming allowed (iso_3p down to -max_trim3)
    int max_extend3 = 5;  ///< templated 3' extension allowed (iso_3p up to +max_extend3)
    Multimap multimap = Multimap::em;
    bool count_molecules = false;  ///< count UMI molecules (UMI kits; annotate()'s `molecules`) instead of reads
    int em_max_iterations = 1000;  ///< EM stops after this many rounds ...
    double em_tolerance = 1e-9;    ///< ... or when no abundance moves by more than this (reads)
};
/// Every problem with the options (empty = valid).
std::vector<std::string> validate(const AnnotateOptions& opt);

/// A set of target sequences indexed by exact k-mers (CSR over 4^k codes): hairpins or other RNAs.
class SeqIndex {
  public:
    static constexpr int k = 8;
    SeqIndex() = default;
    /// Indexes `targets` (upper-case ACGTN). The index keeps its own copy of them, each followed by k_pad zero
    /// bytes, so that the aligner may load 16 bytes at any base of a target.
    explicit SeqIndex(const std::vector<std::string_view>& targets);
    SeqIndex(const SeqIndex&) = delete;  // a copy's views would point into the original's bases
    SeqIndex& operator=(const SeqIndex&) = delete;
    SeqIndex(SeqIndex&&) = default;
    SeqIndex& operator=(SeqIndex&&) = default;
    static constexpr std::size_t k_pad = 16;
    std::size_t size() const noexcept { return targets_.size(); }
    /// An identity, distinct for every index built (a moved index keeps it): what AlignScratch's reuse is keyed on.
    std::uint64_t id() const noexcept { return id_; }
    std::string_view target(std::uint32_t i) const { return targets_[i]; }
    /// Calls f(target, pos) for every occurrence of the exact `len`-mer code (len <= k) as a prefix.
    template <class F>
    void for_each_hit(std::uint32_t code, int len, F&& f) const {
        const std::uint32_t lo = code << (2 * (k - len)), hi = (code + 1) << (2 * (k - len));
        for (std::uint32_t i = offsets_[lo]; i < offsets_[hi]; ++i) f(hits_[i].first, hits_[i].second);
    }
    /// A hint for a coming for_each_hit(code, len): fetches the offsets it reads (stage 0), or, once those are
    /// cached, the first hits (stage 1).
    void prefetch(std::uint32_t code, int len, int stage) const noexcept {
        if (stage == 0) {
            __builtin_prefetch(&offsets_[code << (2 * (k - len))]);
            __builtin_prefetch(&offsets_[(code + 1) << (2 * (k - len))]);
        } else if (const std::uint32_t first = offsets_[code << (2 * (k - len))]; first < hits_.size()) {
            __builtin_prefetch(&hits_[first]);
        }
    }

  private:
    std::uint64_t id_ = 0;                   // 0: the empty default index
    std::vector<char> bases_;                // the targets, each followed by k_pad zero bytes
    std::vector<std::string_view> targets_;  // views into bases_ (a vector keeps its buffer when moved)
    std::vector<std::uint32_t> offsets_;     // 4^k + 1 entries
    std::vector<std::pair<std::uint32_t, std::uint32_t>> hits_;  // (target, position) by k-mer code
};

/// One ungapped alignment of a sequence to a target: read[0, templated_len) on
/// target[start, start + templated_len), then `add3p` non-templated bases.
struct Hit {
    std::uint32_t target = 0;
    std::uint32_t start = 0;  ///< 0-based on the target
    std::uint16_t templated_len = 0;
    std::uint8_t add3p = 0;
    std::uint8_t n_mismatches = 0;
};

/// Reusable per-thread memory of align_sequence, and the candidate diagonals of its last call: a call with the same
/// index and the same seeds reuses them instead of looking the seeds up again. Sequences in sorted order that share
/// their first 16 bases (a miRNA's isomiRs, and its sequencing-error variants past the seeds) follow each other.
struct AlignScratch {
    /// An exact k-mer looked up: its code, its length (<= k) and its offset in the sequence.
    struct Seed {
        std::uint32_t code = 0;
        int len = 0, off = 0;
        bool operator==(const Seed&) const = default;
    };
    std::vector<std::int64_t> candidates;  ///< target << 32 | diagonal, sorted and distinct
    std::uint64_t index = 0;               ///< SeqIndex::id() of the index they came from (0: none)
    std::array<Seed, AnnotateOptions::max_mismatches + 1> seeds{};  ///< the seeds looked up (the rest zero)
    int n_seeds = -1;                                               ///< -1: no candidates kept
};

/// Every best-per-diagonal alignment of `seq` with <= opt.mismatches substitutions (N counts as a
/// mismatch), <= opt.max_add3p non-templated 3' bases and >= opt.min_templated templated bases.
/// Sorted by (target, start). The result depends only on the arguments other than `scratch`.
std::vector<Hit> align_sequence(std::string_view seq, const SeqIndex& index, const AnnotateOptions& opt,
                                AlignScratch& scratch);
/// A hint for a coming align_sequence(seq, index, opt, ...): fetches the index offsets of its seeds (stage 0, reads
/// `seq`), or their first hits (stage 1, a few sequences later, when the offsets are cached).
void prefetch_seeds(std::string_view seq, const SeqIndex& index, const AnnotateOptions& opt, int stage) noexcept;

/// A mirtop isomiR description of a read against one mature arm.
struct Isomir {
    int shift5 = 0;                  ///< iso_5p: read start - mature start (-1 = starts 1 nt upstream)
    int shift3 = 0;                  ///< iso_3p: templated end - mature end (+2 = ends 2 nt downstream)
    int add3p = 0;                   ///< iso_add3p: non-templated 3' bases
    std::vector<int> snv_positions;  ///< 1-based positions in the read of substitutions
    bool canonical() const { return shift5 == 0 && shift3 == 0 && add3p == 0 && snv_positions.empty(); }
};
/// mirtop SNV position class of a 1-based read position: iso_snv_seed (2-7), iso_snv_central_offset (8),
/// iso_snv_central (9-12), iso_snv_central_supp (13-17), else iso_snv.
const char* snv_class(int position);
/// mirtop Variant attribute ("iso_5p:-1,iso_3p:+2,iso_add3p:1,iso_snv_seed" or "NA" when canonical).
std::string variant_string(const Isomir& iso);
/// Describes `seq` aligned by `hit` against the mature at [mature_start, mature_end) of `target`.
Isomir describe_isomir(std::string_view seq, std::string_view target, const Hit& hit, std::uint32_t mature_start,
                       std::uint32_t mature_end);

/// Mature miRNAs with identical sequence, counted as one row (`a/b`, names sorted).
struct MirnaGroup {
    std::string name;       ///< '/'-joined sorted names
    std::string accession;  ///< '/'-joined accessions, same order
    std::string seq;
    std::vector<std::uint32_t> matures;  ///< indices into MirnaReference::matures
};

/// Other small-RNA classes (tRNA, YRNA, rRNA, snoRNA...) given with --other-rna.
struct OtherRnaReference {
    std::vector<std::string> classes;      ///< sorted class names
    std::vector<std::string> names, seqs;  ///< one per record
    std::vector<std::uint32_t> class_of;   ///< per record, index into classes
    std::vector<std::string> features;     ///< per record: `feature=` tag, else `gene=`, else the ID
    std::vector<int> anticodon;            ///< per record: tRNA `anticodon=` (1-based), else 0
    std::vector<int> class_rank;           ///< per class: other_rna_rank() (other_rna.hpp)
    std::string path;
};
/// Reads an other-RNA FASTA: class = the `class=NAME` tag of the header if present, else the first
/// word after '>'; feature and anticodon from the `feature=`/`gene=` and `anticodon=` tags.
/// Throws Error (file:line) for malformed FASTA or an empty file.
OtherRnaReference load_other_rna(const std::string& path);

/// Where a sequence ended up (spike_in only with quant --spike-ins: decided before the miRNA aligner).
enum class SeqClass : std::uint8_t { mirna, hairpin_other, other_rna, unmapped, spike_in };

/// One best alignment of a sequence on a mature arm.
struct ArmHit {
    Hit hit;                  ///< target = hairpin index
    std::uint32_t locus = 0;  ///< index into Hairpin::matures
    std::uint32_t group = 0;  ///< index into Annotation::groups
};

/// The annotation of one unique sequence: a view into Annotation::sequences (valid while that lives).
struct SequenceAnnotation {
    SeqClass cls = SeqClass::unmapped;
    std::span<const ArmHit> arm_hits;       ///< mirna: the best-fitting arm alignments (reported in GFF/BAM)
    std::span<const std::uint32_t> groups;  ///< mirna: candidate groups (fewest substitutions), sorted
    std::span<const double> likelihood;     ///< per group: isomiR likelihood relative to the best fit (best = 1)
    std::uint32_t n_best_groups = 0;        ///< groups with likelihood 1 (> 1 = equally compatible: ambiguous)
    std::span<const double> weights;        ///< mirna: fraction of the sequence given to each group
    std::span<const Hit> hairpin_hits;      ///< hairpin_other: best alignments on hairpins
    std::uint32_t other_class = 0;          ///< other_rna: index into OtherRnaReference::classes
    std::uint32_t spike = 0;                ///< spike_in: index into SpikeIns (spike_ins.hpp)
};

/// The annotations of all sequences: a class byte and a 32-bit slot per sequence, and the hits and candidate
/// groups of the mapped ones in parts (one per block of sequences annotated together; an unmapped sequence costs
/// 5 bytes). Built by appending sequences in order (add_* ... finish), or from such blocks: placed in parallel
/// into an object sized for all the sequences, then sealed (or concatenated, the same serially).
class SequenceAnnotations {
  public:
    SequenceAnnotations() = default;
    /// Room for `n_sequences` sequences in `n_parts` blocks, to be filled by place() and then seal().
    SequenceAnnotations(std::size_t n_sequences, std::size_t n_parts);

    std::size_t size() const noexcept { return cls_.size(); }
    SeqClass cls(std::size_t s) const { return cls_[s]; }
    SequenceAnnotation operator[](std::size_t s) const;
    /// The writable weights of sequence `s` (parallel to its groups; zero until set).
    std::span<double> weights(std::size_t s);

    /// Parts of the next sequence; finish() closes it with its class (`index`: the class for other_rna, the spike
    /// for spike_in).
    void add_arm_hit(const ArmHit& ah) { parts_.back().arm_hits.push_back(ah); }
    void add_group(std::uint32_t group, double likelihood);
    void add_hairpin_hit(const Hit& h) { parts_.back().hairpin_hits.push_back(h); }
    void finish(SeqClass cls, std::uint32_t index = 0);
    /// The arm hits added to the sequence not yet finished.
    std::span<const ArmHit> pending_arm_hits() const;

    /// Moves `block` (appended serially, one part) in as part `part`, its sequences numbered from `first`: their
    /// class bytes and slots are copied into place, their hits and groups moved, not copied. Each part is placed
    /// once; distinct parts may be placed from different threads. seal() after the last.
    void place(std::size_t part, std::size_t first, SequenceAnnotations&& block);
    void seal();
    /// The blocks' sequences one after another (place() and seal(), serially).
    static SequenceAnnotations concat(std::vector<SequenceAnnotations> blocks);

  private:
    /// Classes whose sequences own hits and groups in a part (through a slot into where_).
    static bool has_parts(SeqClass c) { return c == SeqClass::mirna || c == SeqClass::hairpin_other; }
    struct Mapped {  // where a mapped sequence's parts begin in its part; they end where the next one's begin
        std::uint32_t arm_hits = 0, hairpin_hits = 0, groups = 0, n_best_groups = 0;
    };
    struct Part {
        std::vector<Mapped> mapped{Mapped{}};  // one per mapped sequence, then the open one (end sentinel)
        std::vector<ArmHit> arm_hits;
        std::vector<Hit> hairpin_hits;
        std::vector<std::uint32_t> groups;
        std::vector<double> likelihood, weights;
        std::size_t first = 0;  // the first sequence of the part
    };
    struct Where {  // a mapped sequence's part, and its index among that part's mapped sequences
        std::uint32_t part = 0, local = 0;
    };
    std::vector<SeqClass> cls_;
    std::vector<std::uint32_t> slot_;  // mirna/hairpin_other: index into where_; other_rna: class; spike_in: spike
    std::vector<Part> parts_ = std::vector<Part>(1);
    std::vector<Where> where_;  // per mapped sequence, in sequence order
};

/// One row of <sample>.mirna.tsv.
struct MirnaCount {
    std::uint32_t group = 0;
    double reads = 0, canonical_reads = 0;
    std::uint64_t unique_sequences = 0;
};

/// Annotation-side QC (raw reads, and molecules when counting UMIs).
struct AnnotationQc {
    std::uint64_t n_sequences = 0, n_reads = 0;
    std::uint64_t mirna_reads = 0, hairpin_other_reads = 0, other_rna_reads = 0, unmapped_reads = 0;
    std::uint64_t mirna_sequences = 0, hairpin_other_sequences = 0, other_rna_sequences = 0, unmapped_sequences = 0;
    std::uint64_t spike_in_reads = 0, spike_in_sequences = 0;  ///< quant --spike-ins (never miRNA reads)
    std::map<std::string, std::uint64_t> other_rna_class_reads;
    std::uint64_t ambiguous_reads = 0, ambiguous_sequences = 0;  ///< miRNA sequences fitting >1 group
    std::uint64_t unassigned_ambiguous_reads = 0;                ///< --multimap unique drops these
    double mirna_units = 0;                                      ///< sum of mirna.tsv reads (molecules for UMI kits)
    int em_iterations = 0;
};

/// Everything the outputs need.
struct Annotation {
    std::vector<MirnaGroup> groups;              ///< sorted by name
    std::vector<std::uint32_t> group_of_mature;  ///< per MirnaReference::matures
    SequenceAnnotations sequences;               ///< parallel to the input sequences
    std::vector<MirnaCount> counts;              ///< groups with reads > 0, sorted by group name
    AnnotationQc qc;
};

/// Groups matures with identical sequences. Pure.
std::vector<MirnaGroup> group_matures(const MirnaReference& ref, std::vector<std::uint32_t>& group_of_mature);

class SpikeMatcher;  // spike_ins.hpp

/// Prebuilt indices for annotate(); build once per run.
struct AnnotationIndex {
    SeqIndex hairpins;
    SeqIndex other_rna;                    ///< empty when no --other-rna
    const SpikeMatcher* spikes = nullptr;  ///< --spike-ins: tried on every sequence before the hairpins (may be null)
    explicit AnnotationIndex(const MirnaReference& ref, const OtherRnaReference* other = nullptr);
};

/// Aligns every sequence (tbb::parallel_for, deterministic), classifies it, resolves multi-mapping
/// and counts per miRNA group. Candidates of a sequence are the arm alignments with the fewest
/// substitutions; each isomiR penalty point (3' change, non-templated base, half a 5' shift) lowers a candidate's
/// likelihood 20-fold (candidates > 2 points worse are dropped). em: EM over the single-candidate
/// evidence with those likelihoods; split: even over the equally best; unique: only sequences with one best miRNA are counted.
/// `other` may be null. Cost scales with the number of unique sequences. Pure.
/// With opt.count_molecules, `molecules` holds each sequence's UMI molecules (CollapsedReads::molecules) and is
/// what is counted; otherwise it is ignored and reads are counted.
Annotation annotate(const std::vector<SeqCount>& sequences, const MirnaReference& ref, const AnnotationIndex& index,
                    const OtherRnaReference* other, const AnnotateOptions& opt,
                    std::span<const std::uint64_t> molecules = {});

/// One multi-candidate sequence for the EM: its count and candidate groups with relative likelihoods.
struct EmItem {
    double count = 0;
    std::vector<std::uint32_t> groups;
    std::vector<double> likelihood;  ///< P(sequence | group), up to a common factor
};

/// Abundances by EM (mixture of miRNAs; each sequence's share of group g is proportional to
/// theta_g * likelihood): `unique[g]` = counts of single-candidate sequences. Starts from an even split,
/// stops after `max_iterations` or when no abundance moves by more than `tolerance`; `iterations`
/// reports the rounds run. Deterministic (fixed order, no parallel reduction).
std::vector<double> em_abundances(const std::vector<double>& unique, const std::vector<EmItem>& amb, int max_iterations,
                                  double tolerance, int& iterations);

}  // namespace exomir
