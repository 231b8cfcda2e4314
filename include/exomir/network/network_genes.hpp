// network_genes.hpp: what the network stands on: gene IDs of every input mapped to one current symbol
// (reference/gene_ids), the offline GO BP default sets, and which target sources fed the graph.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exomir/network/graph.hpp"
#include "exomir/reference/gene_ids.hpp"

namespace exomir {

/// Renames every gene of targets, curated modules, GMT sets and PPI to its current symbol (ambiguous and
/// unknown IDs stay as they are). Duplicates made by renaming are folded: targets and PPI keep the largest
/// weight (build_network does that), a module or set keeps a gene once, PPI self-loops are dropped.
/// Returns {source: GeneIdTally::json()} with one entry per source ("targets", "modules", each "gmt:<file>", "ppi").
nlohmann::json normalise_gene_ids(NetworkInputs& in, const GeneIds& ids, std::vector<std::string>* summaries);

/// GO BP terms as gene sets (source "go_bp", name "GO:0006954 inflammatory response").
std::vector<GeneSet> go_gene_sets(const std::vector<GoTerm>& terms);

/// Which target sources fed the graph: per source of targets.tsv's `sources` column (and "any"), the pairs,
/// the pairs of expressed miRNAs, the expressed miRNAs covered and the share of the cargo's miRNA reads on them.
struct TargetSourceCoverage {
    std::string source;
    std::size_t pairs = 0, pairs_expressed = 0, mirnas_covered = 0;
    double read_share = 0;  ///< sum of a_m over covered miRNAs / sum of a_m over all miRNAs of the counts
};
/// `source_lists[e.source_list]` is the comma-separated sources of edge e. Sorted by source, "any" last.
std::vector<TargetSourceCoverage> target_source_coverage(const NetworkInputs& in,
                                                         const std::vector<std::string>& source_lists);
/// True when some source other than "curated" gives at least one pair of an expressed miRNA.
bool genome_scale(const std::vector<TargetSourceCoverage>& cov);
/// The command that makes a curated-only network genome-scale (shown by network and report).
inline constexpr const char* k_genome_scale_fix =
    "add genome-scale targets, e.g. exomir run ... --targets-targetscan Summary_Counts.default_predictions.txt "
    "--targets-mirtarbase hsa_MTI.csv (or exomir targets --targetscan ... --mirtarbase ... then network --targets)";
nlohmann::json coverage_json(const std::vector<TargetSourceCoverage>& cov);

}  // namespace exomir
