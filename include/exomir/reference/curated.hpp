// curated.hpp: the curated reference tables (modules.tsv, modules.gmt, interactions.tsv): checks and summaries.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exomir/reference/mirna_ref.hpp"

namespace exomir {

/// A tab-separated text file held as owned fields, with the 1-based line number of each row.
struct TextTable {
    std::string path;                            ///< used in problem messages
    std::vector<std::vector<std::string>> rows;  ///< file order; row 0 is the header of a TSV
    std::vector<std::uint64_t> lines;            ///< line number of each row (blank lines are skipped)
};

/// Reads a plain or gzip tab-separated file into a TextTable; blank lines are skipped.
/// Throws Error if the file cannot be opened or decompressed.
TextTable read_text_table(const std::string& path);

/// The header of modules.tsv and interactions.tsv (docs/formats.md).
inline const std::vector<std::string> k_modules_header = {"module", "gene", "role", "cell_type", "evidence", "pmid"};
inline const std::vector<std::string> k_interactions_header = {"mirna",   "gene",      "effect", "assay",
                                                               "species", "cell_type", "pmid"};

/// True for an upper-case HGNC-like symbol: non-empty, only A-Z, 0-9 and '-'.
bool is_gene_symbol(std::string_view s);
/// True for a PubMed ID: non-empty, digits only.
bool is_pmid(std::string_view s);

/// Checks modules.tsv: the exact header, 6 fields per row, module names `fibrosis_*` / `inflammasome_*`,
/// upper-case gene symbols, role in {driver, protective, context}, cell_type in {HSC, macrophage, hepatocyte,
/// any}, an evidence sentence (>= 20 characters), a numeric PMID, no duplicate (module, gene), rows sorted by
/// (module, gene). @return every problem as "FILE:LINE: what is wrong; how to fix", file order; empty if clean.
std::vector<std::string> check_modules(const TextTable& modules);

/// Checks that modules.gmt is exactly what scripts/modules_to_gmt.sh makes of modules.tsv: one line per module
/// (first-appearance order), description "exomir curated M: N genes (driver D, protective P, context C)", genes
/// in table order. Rows of modules.tsv without 6 fields are ignored (check_modules reports them).
/// @return every problem ("FILE:LINE: ...; ..."); empty if in sync.
std::vector<std::string> check_modules_gmt(const TextTable& gmt, const TextTable& modules);

/// Checks interactions.tsv: the exact header, 7 fields per row, the miRNA is the name (not accession) of a mature
/// of `ref`, upper-case gene symbol, effect in {down, up}, numeric PMID, no duplicate (mirna, gene).
/// @return every problem ("FILE:LINE: ...; ..."); empty if clean.
std::vector<std::string> check_interactions(const TextTable& interactions, const MirnaReference& ref);

/// Genes of one curated module, counted by role.
struct ModuleSummary {
    std::string module;
    std::vector<std::string> genes;  ///< modules.tsv order
    std::size_t n_driver = 0, n_protective = 0, n_context = 0;
};

/// Modules of modules.tsv in first-appearance order (rows without 6 fields or with an unknown role are skipped).
std::vector<ModuleSummary> summarise_modules(const TextTable& modules);

/// The modules.gmt line (without '\n') that scripts/modules_to_gmt.sh writes for `m`.
std::string gmt_line(const ModuleSummary& m);

/// Interactions per effect value (rows without 7 fields are skipped), sorted by effect.
std::map<std::string, std::size_t> count_effects(const TextTable& interactions);

/// MD5 of a file's bytes as 32 lower-case hex digits (htslib hts_md5). Throws Error if it cannot be read.
std::string file_md5(const std::string& path);

/// One source file of a reference bundle.
struct SourceFile {
    std::string role;  ///< mature, hairpin, modules, modules_gmt, interactions
    std::string path;
    std::int64_t bytes = 0;
    std::string md5;
};

/// What a reference bundle holds (the input of `exomir reference describe`).
struct ReferenceDescription {
    std::string species;
    std::size_t n_matures = 0, n_hairpins = 0, n_unplaced = 0;
    std::vector<SourceFile> files;
    std::vector<ModuleSummary> modules;
    std::map<std::string, std::size_t> effects;  ///< interactions per effect
    std::size_t n_interactions = 0;
};

/// Renders a description as `text` (aligned, for people), `tsv` (header `section item field value`, fixed order)
/// or `json` (sorted keys). Throws UsageError for another format name.
std::string format_description(const ReferenceDescription& d, std::string_view format);

}  // namespace exomir
