// graph.hpp: the miRNA -> gene -> module network (built on a Boost.Graph adjacency_list inside graph.cpp) and its exports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exomir/network/network_input.hpp"

namespace exomir {

/// A module (curated or a GMT set) over network gene indices.
struct NetworkModule {
    std::string name;
    std::string source;                ///< "curated" or "gmt:<file name>"
    std::vector<std::uint32_t> genes;  ///< network gene indices, ascending
    std::vector<std::int8_t> roles;    ///< +1 driver, -1 protective, 0 context (GMT sets: all 0)
    bool is_signed = false;            ///< true if some role is non-zero: scored by the signed score
};

/// Everything `exomir network` reads, already parsed.
struct NetworkInputs {
    Abundance abundance;
    std::vector<TargetEdge> targets;
    std::vector<ModuleGene> modules;
    std::vector<GeneSet> gene_sets;
    std::vector<PpiEdge> ppi;
};

/// Counts of what was kept and left out while building the network (for network.run.json).
struct NetworkCounts {
    std::size_t n_target_rows = 0;                       ///< rows of targets.tsv
    std::size_t n_target_rows_unexpressed = 0;           ///< rows whose miRNA is not an expressed miRNA of the cargo
    std::size_t n_mirnas_without_targets = 0;            ///< expressed miRNAs with no target row
    std::size_t n_ppi_edges_input = 0, n_ppi_edges = 0;  ///< PPI rows read / unique undirected edges kept
};

/// The network in compact form (CSR), extracted from the Boost graph. Indices are positions in the
/// sorted name vectors. Plain data: the scoring code and the bundle reader use it without Boost.
struct Network {
    std::vector<std::string> mirnas;  ///< expressed miRNAs, sorted (same order as the abundance)
    std::vector<double> abundance;    ///< a_m: fraction of miRNA reads
    std::vector<double> cpm;
    std::vector<std::string> genes;             ///< every gene of targets, modules and PPI, sorted
    std::vector<std::uint8_t> in_universe;      ///< 1 if the gene has any row in targets.tsv (hypergeometric universe)
    std::vector<std::uint32_t> target_offsets;  ///< CSR by miRNA: targets of m are [offsets[m], offsets[m+1])
    std::vector<std::uint32_t> target_genes;    ///< gene index, ascending within a miRNA
    std::vector<double> target_weights;         ///< w_mg in [0, 1]
    std::vector<NetworkModule> modules;         ///< sorted by (source, name): curated first
    std::vector<std::uint32_t> ppi_offsets;     ///< CSR by gene, symmetric (each undirected edge twice)
    std::vector<std::uint32_t> ppi_genes;
    std::vector<double> ppi_weights;
    NetworkCounts counts;
};

/// Builds the Boost.Graph adjacency_list (miRNA, gene and module vertices; miRNA->gene edges with w,
/// gene->module edges with the role, gene-gene PPI edges) and extracts the compact Network from it.
/// A target row whose miRNA name (or one '/'-part of an `a/b` counts name) is expressed becomes an edge;
/// several rows for one (miRNA, gene) after that matching keep the largest weight. Duplicate PPI edges keep
/// the largest score. Module names must be unique per source: throws Error otherwise.
Network build_network(const NetworkInputs& in);

/// Per-vertex values written into the graph exports.
struct GraphAnnotations {
    std::vector<double> gene_load;           ///< L_g per network gene
    std::vector<double> module_score;        ///< the module's test statistic (signed score or load)
    std::vector<std::uint8_t> module_shown;  ///< modules exported (empty = all): their genes, the miRNAs
                                             ///< targeting those genes and the PPI edges among them come along
};

/// GraphML for Cytoscape (written by boost::write_graphml). Node attributes: kind (mirna|gene|module),
/// name, abundance (miRNA), load (gene: L_g; module: score), role (gene: its curated roles, `;`-joined;
/// module: signed|unsigned). Edge attributes: kind (targets|member|ppi), weight, role.
std::string to_graphml(const Network& net, const GraphAnnotations& ann);
/// The same graph in Graphviz DOT (boost::write_graphviz_dp), same attributes.
std::string to_dot(const Network& net, const GraphAnnotations& ann);
/// The same graph as JSON: {"nodes":[{id,kind,...}], "edges":[{source,target,kind,weight,role}]}.
std::string to_json(const Network& net, const GraphAnnotations& ann);

}  // namespace exomir
