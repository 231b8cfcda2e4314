// quant.hpp: quant's per-sample outputs (mirna.tsv, isomiR mirGFF3, annotation QC, hairpin BAM).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "exomir/quant/annotate.hpp"

namespace exomir {

/// `<sample>.mirna.tsv`: mirna, accession, reads, rpm, canonical_reads, isomir_reads, unique_sequences
/// (docs/formats.md); one row per group with reads > 0, sorted by name, floats at 2 decimals.
std::string format_mirna_tsv(const Annotation& ann);

/// Header fields of the mirGFF3 file.
struct GffHeader {
    std::string sample;              ///< COLDATA (no commas)
    std::string source = "miRBase";  ///< column 2
    std::string reference;           ///< `## REFERENCE:` description
    std::string command_line;        ///< `## CMD:`
};

/// `<sample>.isomir.gff3`: mirGFF3 1.2, one line per (miRNA sequence, candidate miRNA) with UID, Read,
/// Name, Parent, Variant, Cigar, Expression (the sequence's reads, or its UMI molecules when `molecules` is given:
/// CollapsedReads::molecules, one per sequence), Filter and Hits.
/// Sequences containing N have no UID encoding and are left out. Sorted by hairpin, start, sequence.
/// Streams it through `write` in pieces of about 1 MB, so the whole file is never held in memory.
void write_isomir_gff3(const std::vector<SeqCount>& seqs, const Annotation& ann, const MirnaReference& ref,
                       const GffHeader& header, std::span<const std::uint64_t> molecules,
                       const std::function<void(std::string_view)>& write);
/// The same file as one string.
std::string format_isomir_gff3(const std::vector<SeqCount>& seqs, const Annotation& ann, const MirnaReference& ref,
                               const GffHeader& header, std::span<const std::uint64_t> molecules = {});

/// mirtop/MINTplates UID of a sequence ("iso-22-XKVLRYVPQ"). Precondition: only A, C, G, T.
std::string mirtop_uid(std::string_view seq);

/// mirGFF3 CIGAR: M runs for matches, the reference base at a substitution, the read's bases for
/// non-templated 3' additions (e.g. "10MC11M", "22MAA").
std::string mirgff_cigar(std::string_view seq, std::string_view target, const Hit& hit);

/// The annotation part of `<sample>.qc.json`: unique sequences, reads per class (miRNA, hairpin-other,
/// other RNA per class, unmapped), ambiguous reads, miRNA fraction of `n_reads_in` and of annotated
/// reads, the multimapping policy and count unit.
nlohmann::json annotation_qc_json(const Annotation& ann, std::uint64_t n_reads_in, const AnnotateOptions& opt);

/// Plain-language warnings about the annotation (no reads, few miRNA reads, ambiguous reads).
std::vector<std::string> annotation_warnings(const Annotation& ann, std::uint64_t n_reads_in);

/// Writes the miRNA and hairpin-other sequences aligned to the hairpins as a coordinate-sorted BAM at
/// `path` (htslib). Read names are `s<index>_x<reads>`; non-templated bases are soft-clipped; tags
/// NH (hits), NM (mismatches), XM (miRNA name or "hairpin_other"). Throws Error on a write failure.
void write_hairpin_bam(const std::string& path, const std::vector<SeqCount>& seqs, const Annotation& ann,
                       const MirnaReference& ref);

}  // namespace exomir
