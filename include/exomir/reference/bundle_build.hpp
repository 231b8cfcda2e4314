// bundle_build.hpp: the reference-stage parts of `exomir reference build` (species FASTA, symbol-keyed STRING
// PPI, GMTs) and the gene-normalisation hook they call.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace exomir {

class GeneIds;
class GeneIdTally;

/// Gene-ID normalisation hook: maps an identifier of a source (symbol, alias, Entrez, Ensembl) to the current
/// symbol, or "" when the gene cannot be used.
using GeneNormaliser = std::function<std::string(std::string_view id)>;
/// Without org.Hs.eg.db: trims and upper-cases symbols and resolves nothing else.
GeneNormaliser default_gene_normaliser();
/// Through gene_ids (docs/gene_ids.md): the current symbol of a symbol, alias, Entrez or Ensembl ID or
/// spreadsheet date; ambiguous and unknown IDs are kept upper-cased as they are (never merged), except an
/// all-digit (Entrez) ID the database does not know, which gives "" as in `exomir targets`. Every distinct
/// non-empty ID is counted in `tally`. `ids` and `tally` must outlive the hook; not thread-safe (tally).
GeneNormaliser gene_ids_normaliser(const GeneIds& ids, GeneIdTally& tally);

/// Records of one species (`>hsa-...` names) of a miRBase FASTA, as text; `n` = records kept.
/// Throws Error "FILE:LINE: ..." on a sequence line before the first header.
std::string species_fasta(const std::string& path, const std::string& species, std::uint64_t& n);

/// STRING links (`protein1 protein2 combined_score`, space-separated) keyed by symbol through protein.info
/// (`#string_protein_id preferred_name ...`, tab-separated).
struct PpiBuild {
    std::vector<std::tuple<std::string, std::string, int>> edges;  ///< gene_a < gene_b, sorted, each edge once
    std::uint64_t rows_read = 0, below_min_score = 0, unmapped = 0, self_loops = 0;
    std::size_t n_genes = 0;
};
/// Throws Error naming FILE:LINE and the expected columns on a format change.
PpiBuild build_string_ppi(const std::string& links, const std::string& info, int min_score,
                          const GeneNormaliser& normalise);
/// `gene_a gene_b score` TSV (network --ppi).
std::string format_ppi(const PpiBuild& ppi);

/// A GMT with every gene passed through the hook (unresolved genes dropped, duplicates removed).
struct GmtBuild {
    std::string text;
    std::uint64_t sets = 0, genes_in = 0, genes_out = 0;
};
/// Throws Error "FILE:LINE: ..." for a line without name, description and at least one gene.
GmtBuild normalise_gmt(const std::string& path, const GeneNormaliser& normalise);

}  // namespace exomir
