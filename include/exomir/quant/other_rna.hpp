// other_rna.hpp: the non-miRNA small-RNA classes (tRNA, rRNA, Y RNA, snRNA, snoRNA, 7SK/7SL/vault/other):
// the shipped default reference, class priority, tRNA / Y-RNA fragment types and the per-sample tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exomir/quant/annotate.hpp"

namespace exomir {

/// Priority of an other-RNA class when a sequence fits several equally well (lower wins): tRNA 0,
/// rRNA 1, Y RNA 2, snRNA 3, snoRNA/scaRNA 4, 7SK/7SL/vault/misc 5, any other (user) class 6.
/// Accepts the source spellings (Mt_tRNA, Mt_rRNA, YRNA, scaRNA, 7SL_SRP_RNA...). miRNA always
/// comes first (the hairpin aligner decides before any other class is tried). Pure.
int other_rna_rank(std::string_view cls);

/// Sets r.classes (sorted, unique), r.class_of and r.class_rank from each record's class name.
void set_other_rna_classes(OtherRnaReference& r, const std::vector<std::string>& class_of_record);

/// The value of `key=VALUE` in a FASTA description (`key` at the start or after a space, tab or ';'; the
/// value ends at the next space, tab or ';'), or nullopt. Pure.
std::optional<std::string> other_rna_tag(std::string_view description, std::string_view key);
/// The `anticodon=N` tag (1-based position, 0 when absent); throws Error naming file:line if not a number 1..200.
int other_rna_anticodon(std::string_view description, const std::string& path, std::uint64_t line);

/// other_rna/human_other_rna.fa.gz (built by scripts/build_other_rna.py) in `reference_dir` (quant --reference)
/// when it holds one, else in the shipped reference (reference_file(), curated_reference_dir()).
std::string default_other_rna_path(const std::string& reference_dir = {});

/// `base` with every class that `user` has replaced by the user's records (a user FASTA adds new
/// classes and replaces the default's records of the classes it names). Pure.
OtherRnaReference combine_other_rna(const OtherRnaReference& base, const OtherRnaReference& user);

/// tRNA fragment types (MINTbase / MINTmap: Telonis et al. 2015 Oncotarget 6:24797; Loher et al. 2017
/// Sci Rep 7:41184; tRF-5/tRF-3 of Kumar et al. 2014 BMC Biol 12:78), by where the fragment starts and
/// ends on the mature tRNA (1-based positions, anticodon loop = anticodon start - 2 ... + 4, 7 nt):
///   5'-half  starts at position 1, ends inside the anticodon loop;
///   5'-tRF   starts at position 1, ends anywhere else before the 3' end;
///   3'-half  starts inside the anticodon loop, ends at the 3' end (discriminator base, C, CC or CCA);
///   3'-tRF   starts after position 1 outside the anticodon loop, ends at the 3' end;
///   i-tRF    starts after position 1 and ends before the 3' end;
///   full     starts at position 1 and ends at the 3' end.
enum class TrnaFragment : std::uint8_t { five_half, five_tRF, i_tRF, three_half, three_tRF, full };
const char* trna_fragment_name(TrnaFragment f);
/// Type of the fragment read[0, len) aligned at 0-based `start` on a tRNA whose mature length without
/// CCA is `mature_len` and whose anticodon starts at 1-based `anticodon`. `end` = start + templated length. Pure.
TrnaFragment classify_trna_fragment(int start, int end, int anticodon, int mature_len);

/// Y RNA fragments by end (5' fragments start within the first 3 nt, 3' fragments end within the
/// last 3 nt of the full-length Y RNA, whose poly-U 3' end varies): 5', 3', both (full), or neither.
enum class YrnaFragment : std::uint8_t { five, three, full, internal };
const char* yrna_fragment_name(YrnaFragment f);
YrnaFragment classify_yrna_fragment(int start, int end, int length);

/// One other-RNA sequence's feature and fragment type (fragment is "" outside tRNA and Y RNA).
struct OtherRnaCall {
    std::string feature;  ///< feature of the best record(s); several features '/'-joined, > 3 = "<class>:ambiguous"
    std::string fragment;
    bool cca_end = false;  ///< tRNA: the read ends in the whole 3' CCA
};

/// Per-sample class, feature and fragment tables of the other-RNA sequences of an annotation.
struct OtherRnaSummary {
    struct Row {
        std::string cls, feature, fragment;
        std::uint64_t reads = 0, unique_sequences = 0, cca_end_reads = 0;
    };
    std::vector<Row> classes;    ///< miRNA, hairpin_other, other classes by priority, unmapped (fragment "")
    std::vector<Row> features;   ///< class priority, then feature name
    std::vector<Row> fragments;  ///< tRNA and Y RNA: class priority, feature, fragment type
    std::uint64_t kept_reads = 0;
};

/// Re-aligns only the sequences annotated as other RNA (in parallel, deterministic) to name their
/// feature and fragment type, and tallies classes, features and fragments. `other` may be null. Pure.
OtherRnaSummary summarise_other_rna(const std::vector<SeqCount>& seqs, const Annotation& ann,
                                    const OtherRnaReference* other, const AnnotationIndex& index,
                                    const AnnotateOptions& opt);

/// `<sample>.rna_classes.tsv`: class, reads, fraction (of kept reads, 6 decimals), unique_sequences.
std::string format_rna_classes_tsv(const OtherRnaSummary& s);
/// `<sample>.other_rna.tsv`: feature, class, reads, unique_sequences.
std::string format_other_rna_tsv(const OtherRnaSummary& s);
/// `<sample>.rna_fragments.tsv`: class, feature, fragment, reads, unique_sequences, cca_end_reads.
std::string format_rna_fragments_tsv(const OtherRnaSummary& s);

/// merge's rna_classes.tsv (`by_feature` false: class, then one reads column per sample) or other_rna.tsv
/// (`by_feature` true: feature, class, samples) from each sample's quant table (`paths[i]` empty = the sample
/// has none: zeros). Rows: spike_in (quant --spike-ins), miRNA, hairpin_other, classes by priority, unmapped; features by class priority
/// then name. Throws Error naming file:line for a table without the needed columns or a bad number.
std::string merge_rna_class_tables(const std::vector<std::string>& samples, const std::vector<std::string>& paths,
                                   bool by_feature);

}  // namespace exomir
