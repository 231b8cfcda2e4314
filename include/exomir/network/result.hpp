// result.hpp: the one owner of a network result folder (`exomir network -o DIR`): its file names, the compact
// bundle (write, and a fast plan-driven read that explore, rank and the round-trip test share), network.run.json,
// module_scores.tsv and gene_load.tsv (docs/formats.md).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exomir/core/tsv.hpp"
#include "exomir/network/graph.hpp"
#include "exomir/network/network_input.hpp"
#include "exomir/network/score.hpp"

namespace exomir {

/// File names of a network result folder; every stage that reads one names it through these.
namespace result_file {
inline constexpr const char* run_json = "network.run.json";
inline constexpr const char* module_scores = "module_scores.tsv";
inline constexpr const char* gene_load = "gene_load.tsv";
inline constexpr const char* mirna_module = "mirna_module.tsv";
inline constexpr const char* mirna_abundance = "mirna_abundance.tsv";
inline constexpr const char* graphml = "network.graphml";
inline constexpr const char* dot = "network.dot";
inline constexpr const char* json = "network.json";
inline constexpr const char* mirnas = "bundle.mirnas.tsv";
inline constexpr const char* genes = "bundle.genes.tsv";
inline constexpr const char* targets = "bundle.targets.tsv";
inline constexpr const char* modules = "bundle.modules.tsv";
inline constexpr const char* members = "bundle.members.tsv";
inline constexpr const char* ppi = "bundle.ppi.tsv";
}  // namespace result_file

/// DIR/FILE for a file of the result folder DIR.
std::string result_path(const std::string& dir, const char* file);
/// Every file of a result folder that a reader (explore, rank, report) may open, in a fixed order.
std::vector<std::string> result_inputs(const std::string& dir);

/// The bundle files as (file name, content) pairs, in the order written: bundle.mirnas.tsv, bundle.genes.tsv,
/// bundle.targets.tsv, bundle.modules.tsv, bundle.members.tsv, bundle.ppi.tsv. Doubles are printed in the
/// shortest form that reads back to the same value, so read_bundle(write) == the network.
std::vector<std::pair<std::string, std::string>> bundle_files(const Network& net);

/// Which parts of the bundle read_bundle_parts reads beyond the names (explore reads only what a query needs, so
/// that it answers in well under a second on a full-scale result).
struct BundlePlan {
    enum class Edges { none, mirna, genes, all } edges = Edges::none;  ///< rows of bundle.targets.tsv
    std::uint32_t mirna = 0;               ///< Edges::mirna: the miRNA whose targets are read
    std::vector<std::uint8_t> gene_mask;   ///< Edges::genes: 1 for the genes whose regulators are read
    std::vector<std::uint8_t> mirna_mask;  ///< Edges::genes: also every edge of these miRNAs (empty = none)
    bool all_members = false;              ///< members of every module; else of the curated ones and `modules`
    std::vector<std::uint32_t> modules;
    bool ppi = false;  ///< bundle.ppi.tsv
};

/// The names of a bundle: miRNAs (with abundance and CPM), genes, modules without members; offsets sized, no edges.
/// Throws Error naming file:line for a missing file, a wrong header, a bad index or number.
Network read_bundle_names(const std::string& dir);
/// Module members (as `plan` asks) of a Network from read_bundle_names. Throws Error like read_bundle_names.
void read_bundle_members(const std::string& dir, const BundlePlan& plan, Network& net);
/// Target edges (as `plan` asks; rows must be sorted by mirna_index). Throws Error like read_bundle_names.
void read_bundle_edges(const std::string& dir, const BundlePlan& plan, Network& net);
/// PPI edges, both directions, each gene's list ascending. Throws Error like read_bundle_names.
void read_bundle_ppi(const std::string& dir, Network& net);
/// Calls fn(mirna_index, gene_index) for every row of bundle.targets.tsv, parsing the two indices only (a row that
/// does not parse is skipped; read_bundle_edges reports it).
void scan_bundle_target_indices(const std::string& dir, const std::function<void(std::uint32_t, std::uint32_t)>& fn);
/// The whole bundle written by `exomir network -o dir`: equals the Network that was written (counts excepted).
/// Throws Error naming file:line for a missing file, a wrong header, a bad index or number.
Network read_bundle(const std::string& dir);

/// What network.run.json says that the readers of a result use.
struct NetworkRunInfo {
    bool present = false;             ///< false: the folder has no network.run.json (all fields default)
    ScoreOptions scoring;             ///< propagate and restart as network scored (rank's and explore's contributions)
    std::string targets;              ///< the targets.tsv the network read ("" if not recorded)
    std::int64_t targets_bytes = -1;  ///< its size then (inputs[].bytes), -1 if not recorded
    struct SourceCoverage {
        std::string source;
        std::uint64_t pairs = 0, pairs_expressed = 0, mirnas_covered = 0;
        double read_share = 0;
    };
    std::vector<SourceCoverage> target_sources;  ///< empty for results older than the coverage table
    bool genome_scale = true;
    std::string genome_scale_fix;
    std::string orgdb, entrez_gene_date;  ///< gene_ids.orgdb ("" = gene IDs used as given)
    std::uint64_t n_go_sets = 0;
    std::string contamination;                    ///< merge's contamination.tsv the cargo was checked with ("" = none)
    std::string exclude_contaminants = "none";    ///< --exclude-contaminants as applied
    std::vector<std::string> excluded_as_medium;  ///< miRNAs left out of the cargo as medium-derived
    Normalization normalization = Normalization::cpm;  ///< cargo.normalization (cpm for results older than it)
    std::string norm_factors;                          ///< cargo.norm_factors: the TMM factors used ("" = none)
};
/// A file that network.run.json records (targets, contamination, norm_factors), as network saw it: the path as given (relative to
/// where network ran), else relative to the parent of the result folder `dir` (a results tree moved whole). "" if
/// neither exists.
std::string recorded_input(const std::string& dir, const std::string& recorded);
/// Reads DIR/network.run.json. A missing file gives `present = false`; invalid JSON, or a cargo.normalization other
/// than cpm or tmm, throws Error naming the file.
NetworkRunInfo read_network_run(const std::string& dir);

/// One row of module_scores.tsv (NaN where the file says NA).
struct ModuleStats {
    std::size_t n_genes = 0, n_targeted = 0;
    double signed_score = std::numeric_limits<double>::quiet_NaN();
    double load = 0, z = std::numeric_limits<double>::quiet_NaN();
    double p_cargo = 1, fdr_cargo = 1, hypergeom_p = 1, hypergeom_fdr = 1;  ///< p_cargo, fdr_cargo: the cargo null
    double p_geneset = std::numeric_limits<double>::quiet_NaN();  ///< NaN: results older than the gene-set null
    double fdr_geneset = std::numeric_limits<double>::quiet_NaN();
    std::string call = "NA";  ///< the decision rule's yes/no (network.run.json parameters.call), NA if absent
    std::vector<std::string> top_mirnas;
};
/// module_scores.tsv, parallel to net.modules (columns by name; rows must follow the bundle's module order).
/// Throws Error naming file:line.
std::vector<ModuleStats> read_module_scores(const std::string& dir, const Network& net);
/// Column `name` of a module_scores.tsv header, found also under its old name (in files of exomir before the rename
/// of issue #19, the cargo null's p_cargo was p_empirical and fdr_cargo was fdr). -1 if neither is there.
int find_module_scores_column(const TsvHeader& header, std::string_view name);
/// find_module_scores_column, or throws "PATH:1: missing column 'NAME' (header has: ...); FIX".
std::size_t require_module_scores_column(const TsvHeader& header, std::string_view name, std::string_view fix);

/// One row of gene_load.tsv; genes not listed there have load 0.
struct GeneStats {
    double load = 0;
    std::uint32_t n_mirnas = 0;
    double propagated = std::numeric_limits<double>::quiet_NaN();
};
/// gene_load.tsv, parallel to net.genes (net.genes sorted). Throws Error naming file:line.
std::vector<GeneStats> read_gene_load(const std::string& dir, const Network& net);

}  // namespace exomir
