// explore_graph.cpp (no header of its own: declared in explore/explore.hpp, one header for the explore module): graph
// queries of explore: strongest paths (Boost.Graph Dijkstra on -log weights), neighbours within a depth, and focused
// subgraphs for export. Boost.Graph stays inside this file.
#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

#include <fmt/format.h>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>

#include "exomir/core/io.hpp"
#include "exomir/explore/explore.hpp"

namespace exomir {
namespace {

// A compressed sparse row graph: one allocation for all edges (an adjacency_list allocated once per edge, which
// was most of a path query on a full-scale network). Out-edges keep the order they are given in.
struct EdgeCost {
    double cost = 0;
};
using PathGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeCost>;

// Each step also costs this much, so that among equally strong paths the shortest wins (weights of 1 cost 0).
constexpr double k_step_cost = 1e-9;
double cost(double w) { return -std::log(w) + k_step_cost; }

struct Step {
    std::string label;  // how the step is shown: weight, "ppi 0.999", "driver"
    double weight;      // its factor in the path weight (membership: 1)
};

struct PathCandidate {
    double cost;
    std::vector<std::uint32_t> vertices;  // gene indices, the source miRNA = n_genes
};

// Dijkstra from the miRNA over miRNA->gene targets and gene-gene PPI edges (both with weight >= min_weight).
struct ShortestPaths {
    std::vector<double> dist;
    std::vector<std::size_t> pred;
};
// GCC 12 reports a false -Warray-bounds inside Boost's CSR construction (vector::resize of its row starts).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
ShortestPaths dijkstra_from(const ExploreData& d, std::uint32_t m, double min_weight) {
    const auto& net = d.net;
    const std::size_t n_g = net.genes.size(), src = n_g;
    std::vector<std::pair<std::size_t, std::size_t>> edges;  // sorted by source: genes ascending, the miRNA last
    std::vector<EdgeCost> costs;
    edges.reserve(net.ppi_genes.size() + net.target_offsets[m + 1] - net.target_offsets[m]),
        costs.reserve(edges.capacity());
    for (std::size_t g = 0; g < n_g; ++g)
        for (auto e = net.ppi_offsets[g]; e < net.ppi_offsets[g + 1]; ++e)
            if (net.ppi_weights[e] >= min_weight && net.ppi_weights[e] > 0)
                edges.emplace_back(g, net.ppi_genes[e]), costs.push_back({cost(std::min(1.0, net.ppi_weights[e]))});
    for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e)
        if (net.target_weights[e] >= min_weight && net.target_weights[e] > 0)
            edges.emplace_back(src, net.target_genes[e]), costs.push_back({cost(net.target_weights[e])});
    const PathGraph g(boost::edges_are_sorted, edges.begin(), edges.end(), costs.begin(), n_g + 1);
    ShortestPaths sp{std::vector<double>(n_g + 1), std::vector<std::size_t>(n_g + 1)};
    const auto index = boost::get(boost::vertex_index, g);
    boost::dijkstra_shortest_paths(g, src,
                                   boost::predecessor_map(boost::make_iterator_property_map(sp.pred.begin(), index))
                                       .distance_map(boost::make_iterator_property_map(sp.dist.begin(), index))
                                       .weight_map(boost::get(&EdgeCost::cost, g)));
    return sp;
}
#pragma GCC diagnostic pop

std::vector<std::uint32_t> walk_back(const ShortestPaths& sp, std::size_t v) {
    std::vector<std::uint32_t> path{static_cast<std::uint32_t>(v)};
    while (sp.pred[v] != v) path.push_back(static_cast<std::uint32_t>(v = sp.pred[v]));
    std::reverse(path.begin(), path.end());
    return path;
}

double edge_weight(const ExploreData& d, std::uint32_t m, std::uint32_t a, std::uint32_t b) {
    const auto& net = d.net;
    const bool from_mirna = a == net.genes.size();
    const auto begin = from_mirna ? net.target_offsets[m] : net.ppi_offsets[a];
    const auto end = from_mirna ? net.target_offsets[m + 1] : net.ppi_offsets[a + 1];
    const auto& to = from_mirna ? net.target_genes : net.ppi_genes;
    const auto& w = from_mirna ? net.target_weights : net.ppi_weights;
    for (auto e = begin; e < end; ++e)
        if (to[e] == b) return w[e];
    return 0;
}

// Candidate paths ending at gene t: through each in-neighbour (the miRNA itself or a PPI neighbour) that reaches t
// without passing through it, so that the listed paths differ at least in their last step.
std::vector<PathCandidate> paths_to_gene(const ExploreData& d, const ShortestPaths& sp, std::uint32_t m,
                                         std::uint32_t t, double min_weight) {
    const auto& net = d.net;
    const std::uint32_t src = static_cast<std::uint32_t>(net.genes.size());
    std::vector<PathCandidate> out;
    if (const double w = edge_weight(d, m, src, t); w > 0 && w >= min_weight) out.push_back({cost(w), {src, t}});
    for (auto e = net.ppi_offsets[t]; e < net.ppi_offsets[t + 1]; ++e) {
        const auto h = net.ppi_genes[e];
        const double w = std::min(1.0, net.ppi_weights[e]);
        if (w < min_weight || !std::isfinite(sp.dist[h]) || sp.dist[h] == std::numeric_limits<double>::max()) continue;
        auto path = walk_back(sp, h);
        if (path.front() != src || std::find(path.begin(), path.end(), t) != path.end()) continue;
        path.push_back(t);
        out.push_back({sp.dist[h] + cost(w), std::move(path)});
    }
    return out;
}

std::vector<Step> steps_of(const ExploreData& d, std::uint32_t m, const std::vector<std::uint32_t>& path) {
    std::vector<Step> steps;
    for (std::size_t i = 1; i < path.size(); ++i) {
        const double w = edge_weight(d, m, path[i - 1], path[i]);
        steps.push_back({i == 1 ? fmt_fixed(w, 4) : "ppi " + fmt_general(w, 4), i == 1 ? w : std::min(1.0, w)});
    }
    return steps;
}

}  // namespace

Table answer_path(const ExploreData& d, const Query& q) {
    const auto& net = d.net;
    const auto m = q.nodes[0].index;
    const NodeRef dest = q.nodes[1];
    const auto sp = dijkstra_from(d, m, q.opt.min_weight);
    std::vector<std::pair<PathCandidate, std::string>> cands;  // path, last (membership) step label
    if (dest.kind == NodeKind::gene) {
        for (auto& c : paths_to_gene(d, sp, m, dest.index, q.opt.min_weight)) cands.emplace_back(std::move(c), "");
    } else {
        const auto& mod = net.modules[dest.index];
        for (std::size_t i = 0; i < mod.genes.size(); ++i) {
            const auto g = mod.genes[i];
            if (sp.dist[g] == std::numeric_limits<double>::max() || !std::isfinite(sp.dist[g])) continue;
            cands.push_back({{sp.dist[g] + k_step_cost, walk_back(sp, g)}, role_name(static_cast<Role>(mod.roles[i]))});
        }
    }
    std::stable_sort(cands.begin(), cands.end(),
                     [](const auto& a, const auto& b) { return a.first.cost < b.first.cost; });
    const std::string dest_name = dest.kind == NodeKind::gene ? net.genes[dest.index] : net.modules[dest.index].name;
    Table t;
    t.title = fmt::format("strongest paths {} -> {}{}", net.mirnas[m], dest_name,
                          net.ppi_genes.empty() ? " (no PPI loaded: direct targets only)" : "");
    t.columns = {"rank", "path_weight", "n_steps", "path", "step_weights"};
    for (const auto& [c, member_role] : cands) {
        auto steps = steps_of(d, m, c.vertices);
        if (!member_role.empty()) steps.push_back({member_role, 1.0});
        double weight = 1;
        std::string text = net.mirnas[m], weights;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            weight *= steps[i].weight;
            const bool last_member = !member_role.empty() && i + 1 == steps.size();
            text += fmt::format(" -[{}]-> {}", steps[i].label, last_member ? dest_name : net.genes[c.vertices[i + 1]]);
            weights += fmt::format("{}{}", i ? ";" : "", fmt_general(steps[i].weight, 6));
        }
        t.rows.push_back(
            {std::to_string(t.rows.size() + 1), fmt_general(weight, 6), std::to_string(steps.size()), text, weights});
    }
    if (t.rows.empty()) t.notes.push_back("no path (with --min-weight " + fmt_general(q.opt.min_weight, 6) + ")");
    t.meta = {{"query", "path"}, {"mirna", net.mirnas[m]}, {"to", dest_name}, {"to_kind", node_kind_name(dest.kind)}};
    const std::size_t top = q.opt.top ? q.opt.top : 10;
    t.meta["n_rows"] = t.rows.size();
    if (t.rows.size() > top)
        t.notes.push_back(fmt::format("showing {} of {} paths", top, t.rows.size())), t.rows.resize(top);
    return t;
}

namespace {

// One node reached by answer_neighbors' breadth-first search; `node` and `via` are NodeIds indices.
struct NeighborRow {
    int depth;
    std::size_t node, via;
    const char* edge;
    double weight;
    int role;
};

// miRNAs, genes and modules numbered as one node set: 0..n_m-1, then genes, then modules.
struct NodeIds {
    std::size_t n_m, n_g;
    std::size_t id(NodeRef n) const {
        return n.kind == NodeKind::mirna ? n.index : n.kind == NodeKind::gene ? n_m + n.index : n_m + n_g + n.index;
    }
    NodeRef ref(std::size_t v) const {
        return v < n_m         ? NodeRef{NodeKind::mirna, std::uint32_t(v)}
               : v < n_m + n_g ? NodeRef{NodeKind::gene, std::uint32_t(v - n_m)}
                               : NodeRef{NodeKind::module, std::uint32_t(v - n_m - n_g)};
    }
};

// The nodes within q.opt.depth of q.nodes[0] (edges of weight >= --min-weight), each with the edge it was reached
// by, sorted by depth and then by weight (descending; memberships last).
std::vector<NeighborRow> neighbor_rows(const ExploreData& d, const Query& q, const NodeIds& ids) {
    const auto& net = d.net;
    const std::size_t n_m = ids.n_m, n_g = ids.n_g;
    std::vector<int> depth(n_m + n_g + net.modules.size(), -1);
    std::vector<NeighborRow> rows;
    std::queue<std::size_t> todo;
    depth[ids.id(q.nodes[0])] = 0, todo.push(ids.id(q.nodes[0]));
    const auto visit = [&](std::size_t from, std::size_t to, const char* edge, double w, int role) {
        if (depth[to] >= 0) return;
        depth[to] = depth[from] + 1;
        rows.push_back({depth[to], to, from, edge, w, role});
        if (depth[to] < q.opt.depth) todo.push(to);
    };
    const double min_w = q.opt.min_weight;
    while (!todo.empty()) {
        const auto v = todo.front();
        todo.pop();
        const NodeRef n = ids.ref(v);
        if (n.kind == NodeKind::mirna) {
            for (auto e = net.target_offsets[n.index]; e < net.target_offsets[n.index + 1]; ++e)
                if (net.target_weights[e] >= min_w)
                    visit(v, n_m + net.target_genes[e], "targets", net.target_weights[e], 0);
        } else if (n.kind == NodeKind::gene) {
            for (auto i = d.reg_offsets[n.index]; i < d.reg_offsets[n.index + 1]; ++i)
                if (d.reg_weights[i] >= min_w) visit(v, d.reg_mirnas[i], "targets", d.reg_weights[i], 0);
            for (auto e = net.ppi_offsets[n.index]; e < net.ppi_offsets[n.index + 1]; ++e)
                if (net.ppi_weights[e] >= min_w) visit(v, n_m + net.ppi_genes[e], "ppi", net.ppi_weights[e], 0);
            for (auto i = d.mod_offsets[n.index]; i < d.mod_offsets[n.index + 1]; ++i)
                visit(v, n_m + n_g + d.gene_modules[i].first, "member", std::nan(""), d.gene_modules[i].second);
        } else {
            const auto& mod = net.modules[n.index];
            for (std::size_t i = 0; i < mod.genes.size(); ++i)
                visit(v, n_m + mod.genes[i], "member", std::nan(""), mod.roles[i]);
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const NeighborRow& a, const NeighborRow& b) {
        const double wa = std::isnan(a.weight) ? -1 : a.weight, wb = std::isnan(b.weight) ? -1 : b.weight;
        return a.depth != b.depth ? a.depth < b.depth : wa > wb;
    });
    return rows;
}

}  // namespace

Table answer_neighbors(const ExploreData& d, const Query& q) {
    const NodeIds ids{d.net.mirnas.size(), d.net.genes.size()};
    Table t;
    t.title = fmt::format("neighbours of {} within depth {}", d.names.name(q.nodes[0]), q.opt.depth);
    t.columns = {"depth", "kind", "name", "via", "edge", "weight", "role"};
    for (const auto& r : neighbor_rows(d, q, ids)) {
        const NodeRef n = ids.ref(r.node);
        t.rows.push_back({std::to_string(r.depth), node_kind_name(n.kind), d.names.name(n),
                          d.names.name(ids.ref(r.via)), r.edge, std::isnan(r.weight) ? "NA" : fmt_general(r.weight, 6),
                          std::string(r.edge) == "member" ? role_name(static_cast<Role>(r.role)) : "NA"});
    }
    t.meta = {{"query", "neighbors"},
              {"node", d.names.name(q.nodes[0])},
              {"kind", node_kind_name(q.nodes[0].kind)},
              {"depth", q.opt.depth},
              {"n_rows", t.rows.size()}};
    if (q.opt.top && t.rows.size() > q.opt.top)
        t.notes.push_back(fmt::format("showing {} of {} rows (--top 0 shows all)", q.opt.top, t.rows.size())),
            t.rows.resize(q.opt.top);
    return t;
}

namespace {

// Which nodes a subgraph keeps (1 = kept), by index.
struct SubgraphNodes {
    std::vector<std::uint8_t> mirnas, genes, modules;
};

// A module: its genes and their regulators; a miRNA: its targets and their curated modules; a gene: its regulators
// and its curated modules (edges of weight >= --min-weight).
SubgraphNodes subgraph_nodes(const ExploreData& d, const Query& q) {
    const auto& net = d.net;
    SubgraphNodes k{std::vector<std::uint8_t>(net.mirnas.size()), std::vector<std::uint8_t>(net.genes.size()),
                    std::vector<std::uint8_t>(net.modules.size())};
    const double min_w = q.opt.min_weight;
    const auto add_regulators = [&](std::uint32_t g) {
        for (auto i = d.reg_offsets[g]; i < d.reg_offsets[g + 1]; ++i)
            if (d.reg_weights[i] >= min_w) k.mirnas[d.reg_mirnas[i]] = 1;
    };
    const auto add_curated = [&](std::uint32_t g) {
        for (auto i = d.mod_offsets[g]; i < d.mod_offsets[g + 1]; ++i)
            if (net.modules[d.gene_modules[i].first].source == "curated") k.modules[d.gene_modules[i].first] = 1;
    };
    for (const auto& n : q.nodes) {
        if (n.kind == NodeKind::module) {
            k.modules[n.index] = 1;
            for (auto g : net.modules[n.index].genes) k.genes[g] = 1, add_regulators(g);
        } else if (n.kind == NodeKind::mirna) {
            k.mirnas[n.index] = 1;
            for (auto e = net.target_offsets[n.index]; e < net.target_offsets[n.index + 1]; ++e)
                if (net.target_weights[e] >= min_w) k.genes[net.target_genes[e]] = 1, add_curated(net.target_genes[e]);
        } else {
            k.genes[n.index] = 1, add_regulators(n.index), add_curated(n.index);
        }
    }
    return k;
}

}  // namespace

Subgraph extract_subgraph(const ExploreData& d, const Query& q) {
    const auto& net = d.net;
    const SubgraphNodes keep = subgraph_nodes(d, q);
    const auto& keep_m = keep.mirnas;
    const auto& keep_g = keep.genes;
    const auto& keep_p = keep.modules;
    const double min_w = q.opt.min_weight;
    Subgraph s;
    std::vector<std::uint32_t> new_g(net.genes.size(), 0);
    for (std::uint32_t g = 0; g < net.genes.size(); ++g)
        if (keep_g[g]) {
            new_g[g] = static_cast<std::uint32_t>(s.net.genes.size());
            s.net.genes.push_back(net.genes[g]), s.net.in_universe.push_back(net.in_universe[g]);
            s.ann.gene_load.push_back(d.score.propagate ? d.genes[g].propagated : d.genes[g].load);
        }
    s.net.target_offsets.push_back(0);
    for (std::uint32_t m = 0; m < net.mirnas.size(); ++m) {
        if (!keep_m[m]) continue;
        s.net.mirnas.push_back(net.mirnas[m]), s.net.abundance.push_back(net.abundance[m]),
            s.net.cpm.push_back(net.cpm[m]);
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e)
            if (keep_g[net.target_genes[e]] && net.target_weights[e] >= min_w)
                s.net.target_genes.push_back(new_g[net.target_genes[e]]),
                    s.net.target_weights.push_back(net.target_weights[e]);
        s.net.target_offsets.push_back(static_cast<std::uint32_t>(s.net.target_genes.size()));
    }
    for (std::uint32_t p = 0; p < net.modules.size(); ++p) {
        if (!keep_p[p]) continue;
        const auto& mod = net.modules[p];
        NetworkModule sub{mod.name, mod.source, {}, {}, mod.is_signed};
        for (std::size_t i = 0; i < mod.genes.size(); ++i)
            if (keep_g[mod.genes[i]]) sub.genes.push_back(new_g[mod.genes[i]]), sub.roles.push_back(mod.roles[i]);
        s.net.modules.push_back(std::move(sub));
        s.ann.module_score.push_back(mod.is_signed ? d.modules[p].signed_score : d.modules[p].load);
    }
    s.net.ppi_offsets.push_back(0);
    for (std::uint32_t g = 0; g < net.genes.size(); ++g) {
        if (!keep_g[g]) continue;
        for (auto e = net.ppi_offsets[g]; e < net.ppi_offsets[g + 1]; ++e)
            if (keep_g[net.ppi_genes[e]] && net.ppi_weights[e] >= min_w)
                s.net.ppi_genes.push_back(new_g[net.ppi_genes[e]]), s.net.ppi_weights.push_back(net.ppi_weights[e]);
        s.net.ppi_offsets.push_back(static_cast<std::uint32_t>(s.net.ppi_genes.size()));
    }
    return s;
}

Table subgraph_table(const Subgraph& s) {
    const auto& net = s.net;
    Table t;
    t.title = fmt::format("subgraph: {} miRNAs, {} genes, {} modules", net.mirnas.size(), net.genes.size(),
                          net.modules.size());
    t.columns = {"source", "target", "kind", "weight", "role"};
    for (std::size_t m = 0; m < net.mirnas.size(); ++m)
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e)
            t.rows.push_back({"mirna:" + net.mirnas[m], "gene:" + net.genes[net.target_genes[e]], "targets",
                              fmt_fixed(net.target_weights[e], 4), "NA"});
    for (const auto& mod : net.modules)
        for (std::size_t i = 0; i < mod.genes.size(); ++i)
            t.rows.push_back({"gene:" + net.genes[mod.genes[i]], "module:" + mod.source + ":" + mod.name, "member",
                              std::to_string(int(mod.roles[i])), role_name(static_cast<Role>(mod.roles[i]))});
    for (std::size_t g = 0; g < net.genes.size(); ++g)
        for (auto e = net.ppi_offsets[g]; e < net.ppi_offsets[g + 1]; ++e)
            if (net.ppi_genes[e] > g)
                t.rows.push_back({"gene:" + net.genes[g], "gene:" + net.genes[net.ppi_genes[e]], "ppi",
                                  fmt_general(net.ppi_weights[e], 6), "NA"});
    t.meta = {{"query", "subgraph"},
              {"n_mirnas", net.mirnas.size()},
              {"n_genes", net.genes.size()},
              {"n_modules", net.modules.size()}};
    return t;
}

}  // namespace exomir
