// explore.hpp: queries over a saved `exomir network` result (targets, regulators, module, path, top, neighbors,
// subgraph, search) and their text/TSV/JSON rendering.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "exomir/explore/name_index.hpp"
#include "exomir/network/graph.hpp"
#include "exomir/network/network_input.hpp"
#include "exomir/network/result.hpp"
#include "exomir/network/score.hpp"

namespace exomir {

/// The columns of one targets.tsv row that the network bundle does not keep.
struct TargetDetail {
    std::string mirna, gene, n_sites, site_types, sources, evidence;
};

/// A loaded network result: the bundle plus the tables and indexes the queries need.
struct ExploreData {
    std::string dir;
    Network net;                       ///< the bundle, as much as load_parts read (network/result.hpp)
    std::vector<ModuleStats> modules;  ///< module_scores.tsv, parallel to net.modules
    std::vector<GeneStats> genes;      ///< gene_load.tsv, parallel to net.genes
    ScoreOptions score;                ///< propagate/restart as network ran (for exact contributions)
    std::string targets_path;          ///< targets.tsv recorded in network.run.json; "" if gone or changed
    std::string targets_note;          ///< why targets_path is empty
    bool medium_checked = false;       ///< network had merge's contamination.tsv (blanks were sequenced)
    MirnaFlags medium_flags;           ///< its culture-medium flags (contamination_flag)
    std::string medium_note;           ///< why there are no flags although network had a contamination.tsv
    NameIndex names;
    std::vector<std::uint32_t> reg_offsets, reg_mirnas;  ///< CSR gene -> regulating miRNAs (ascending)
    std::vector<double> reg_weights;
    std::vector<std::uint32_t> mod_offsets;  ///< CSR gene -> (module, role) memberships
    std::vector<std::pair<std::uint32_t, std::int8_t>> gene_modules;
};

/// What load_parts reads beyond the names: the bundle parts (BundlePlan), and for `neighbors` the search that picks
/// them; a query reads only what it needs, so that it answers in well under a second on a full-scale result.
struct LoadPlan : BundlePlan {
    /// neighbors: depth > 0 reads members and PPI first, finds the nodes closer than `depth` to `seed` (scanning only
    /// the indices of bundle.targets.tsv) and then reads the edges of those nodes only (Edges::genes + mirna_mask).
    int depth = 0;
    NodeRef seed{};
    std::vector<std::uint32_t> edge_modules;  ///< Edges::genes: also the genes of these modules
    bool scores = false, gene_load = false;   ///< module_scores.tsv, gene_load.tsv
};
/// A plan that loads everything (interactive mode).
LoadPlan load_everything();

/// Loads the names of NET_DIR (bundle.mirnas/genes/modules.tsv, network.run.json) and builds the name index, with
/// `aliases_path` ("" = none; see read_aliases). Throws Error naming file:line for a missing or malformed file.
ExploreData load_explore(const std::string& dir, const std::string& aliases_path,
                         const std::string& mirbase_diff_dir = "");
/// Reads what `plan` asks for (target edges, members, PPI, module_scores.tsv, gene_load.tsv) and builds the
/// gene indexes. Call once per ExploreData. Throws Error naming file:line for a malformed file.
void load_parts(ExploreData& data, const LoadPlan& plan);

/// Former miRNA names from the official miRBase `miRNA_<release>.diff` files in `diff_dir` (mirna_names.hpp), as
/// (former name, current miRBase 22 name) pairs: `hsa-miR-223` -> `hsa-miR-223-3p`. Current names come from the
/// default reference FASTA of `species`. Throws Error if the directory holds no diff file.
std::vector<std::pair<std::string, std::string>> mirbase_former_names(const std::string& diff_dir,
                                                                      const std::string& species);

/// Reads an alias table: either miRBase `aliases.txt` (`MIMAT...<TAB>name1;name2;...;`, every name maps to the last,
/// current one) or a TSV with header `alias<TAB>name`. Throws Error naming file:line for a malformed line.
std::vector<std::pair<std::string, std::string>> read_aliases(const std::string& path);

/// The targets.tsv rows whose miRNA (or one '/'-part of an `a/b` network name) is in `mirnas` or whose gene is in
/// `genes`. Throws Error naming file:line for a missing column.
std::vector<TargetDetail> read_target_details(const std::string& path, const std::vector<std::string>& mirnas,
                                              const std::vector<std::string>& genes);

enum class QueryKind { targets, regulators, module, path, top, neighbors, subgraph, search };

/// Options of a query; which ones apply depends on the query (validate_query says).
struct QueryOptions {
    std::size_t top = 0;    ///< rows shown, 0 = all
    std::string module;     ///< --module: restrict to this module's genes
    double min_weight = 0;  ///< --min-weight: ignore miRNA->gene / PPI edges below this
    int depth = 1;          ///< --depth of neighbors
};

/// A parsed query with its names resolved.
struct Query {
    QueryKind kind = QueryKind::search;
    std::vector<NodeRef> nodes;  ///< resolved arguments
    std::string what;            ///< top: modules|mirnas|genes; search: the text
    std::int64_t module = -1;    ///< resolved --module, -1 if none
    QueryOptions opt;
};

/// Parses `words` (query verb then arguments) and resolves every name. Throws UsageError for an unknown verb, a
/// wrong number of arguments or an option that does not apply; Error (exit 1) for an unknown name (with the
/// closest names) or an ambiguous one (listing the candidates).
Query parse_query(const ExploreData& data, const std::vector<std::string>& words, const QueryOptions& opt);

/// What a parsed query needs loaded (pure).
LoadPlan plan_query(const ExploreData& data, const Query& q);

/// Which miRNA and gene names the query needs targets.tsv details for (both empty: none).
std::pair<std::vector<std::string>, std::vector<std::string>> detail_names(const ExploreData& data, const Query& q);

/// A query answer: one table plus facts for the text heading and the JSON object.
struct Table {
    std::string title;
    std::vector<std::string> notes;
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    nlohmann::json meta = nlohmann::json::object();
};

/// Answers targets, regulators, module, path, top, neighbors, search (subgraph: its edge table). Pure.
Table answer(const ExploreData& data, const Query& q, const std::vector<TargetDetail>& details);

/// Strongest paths for `path` (Boost.Graph Dijkstra on -log weights; explore_graph.cpp).
Table answer_path(const ExploreData& data, const Query& q);
/// Nodes within --depth of a node (breadth-first over targets, PPI and membership edges).
Table answer_neighbors(const ExploreData& data, const Query& q);

/// The focused network of `subgraph` seeds: a module brings its genes and their regulators, a miRNA its targets
/// and their curated modules, a gene its regulators and modules; edges among the chosen nodes. Pure.
struct Subgraph {
    Network net;
    GraphAnnotations ann;
};
Subgraph extract_subgraph(const ExploreData& data, const Query& q);
/// Edge table of a subgraph: source, target, kind, weight, role (TSV export).
Table subgraph_table(const Subgraph& sub);

enum class OutputFormat { text, tsv, json };
/// Renders a table: text (heading, notes, aligned columns), TSV (header + rows) or JSON ({meta..., rows:[{...}]}).
std::string format_table(const Table& t, OutputFormat f);

}  // namespace exomir
