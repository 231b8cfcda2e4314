// network_output.hpp: the TSV tables of `exomir network` (module scores, gene load, abundance, contributions).
#pragma once

#include <string>

#include "exomir/network/graph.hpp"
#include "exomir/network/score.hpp"

namespace exomir {

/// module_scores.tsv (docs/formats.md), rows sorted by (source, module).
std::string module_scores_tsv(const Network& net, const ScoreResult& res);

/// gene_load.tsv: gene, load, n_mirnas, propagated_load, modules; genes with load > 0 or in a curated module.
std::string gene_load_tsv(const Network& net, const ScoreResult& res);

/// mirna_abundance.tsv: mirna, abundance, cpm, n_targets, stratum, hypergeom_top; sorted by mirna.
std::string mirna_abundance_tsv(const Network& net, const ScoreResult& res);

/// mirna_module.tsv: v_P per miRNA and its contribution a_m v_P[m], for every curated module and every GMT
/// set with fdr_cargo < `max_gmt_fdr`; rows with v != 0, sorted by (source, module, rank of contribution).
std::string mirna_module_tsv(const Network& net, const ScoreResult& res, const ScoreOptions& opt, double max_gmt_fdr);

}  // namespace exomir
