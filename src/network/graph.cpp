// graph.cpp: the Boost.Graph adjacency_list of the network, its compact CSR extraction and GraphML/DOT/JSON exports.
#include "exomir/network/graph.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <nlohmann/json.hpp>

#include "exomir/core/error.hpp"
#include "exomir/core/escape.hpp"
#include "exomir/core/io.hpp"

namespace exomir {
namespace {

struct VertexProp {
    std::string id;  // kind:name, unique across kinds
    std::string name;
    std::string kind;  // mirna | gene | module
    double abundance = 0;
    double load = 0;
    std::string role;
};
struct EdgeProp {
    std::string kind;  // targets | member | ppi
    double weight = 0;
    std::string role;
};
using BGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexProp, EdgeProp>;

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) { return (std::uint64_t(a) << 32) | b; }

template <class T>
std::uint32_t index_in(const std::vector<T>& sorted, const T& x) {
    return static_cast<std::uint32_t>(std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin());
}

std::vector<std::string> collect_genes(const NetworkInputs& in) {
    std::vector<std::string> genes;
    for (const auto& t : in.targets) genes.push_back(t.gene);
    for (const auto& m : in.modules) genes.push_back(m.gene);
    for (const auto& s : in.gene_sets) genes.insert(genes.end(), s.genes.begin(), s.genes.end());
    for (const auto& e : in.ppi) genes.push_back(e.a), genes.push_back(e.b);
    std::sort(genes.begin(), genes.end());
    genes.erase(std::unique(genes.begin(), genes.end()), genes.end());
    return genes;
}

// Modules with member genes (network indices) and roles, sorted by (source, name).
std::vector<NetworkModule> collect_modules(const NetworkInputs& in, const std::vector<std::string>& genes) {
    std::map<std::pair<std::string, std::string>, NetworkModule> by_key;
    for (const auto& m : in.modules) {
        auto& mod = by_key[{"curated", m.module}];
        mod.name = m.module, mod.source = "curated";
        mod.genes.push_back(index_in(genes, m.gene));
        mod.roles.push_back(static_cast<std::int8_t>(m.role));
    }
    for (const auto& s : in.gene_sets) {
        auto [it, fresh] = by_key.try_emplace({s.source, s.name});
        if (!fresh) throw Error(fmt::format("{}: gene set '{}' appears twice; rename one", s.source, s.name));
        it->second.name = s.name, it->second.source = s.source;
        for (const auto& g : s.genes) it->second.genes.push_back(index_in(genes, g)), it->second.roles.push_back(0);
    }
    std::vector<NetworkModule> out;
    for (auto& [key, mod] : by_key) out.push_back(std::move(mod));
    return out;
}

// Reads the CSR arrays back out of the Boost graph (the graph is the single source of the structure).
void extract_csr(const BGraph& graph, Network& net) {
    const std::size_t k = net.mirnas.size(), g = net.genes.size();
    net.target_offsets.assign(1, 0);
    std::vector<std::pair<std::uint32_t, double>> row;
    for (std::size_t m = 0; m < k; ++m) {
        row.clear();
        for (auto [e, end] = boost::out_edges(m, graph); e != end; ++e)
            row.emplace_back(static_cast<std::uint32_t>(boost::target(*e, graph) - k), graph[*e].weight);
        std::sort(row.begin(), row.end());
        for (auto [gene, w] : row) net.target_genes.push_back(gene), net.target_weights.push_back(w);
        net.target_offsets.push_back(static_cast<std::uint32_t>(net.target_genes.size()));
    }
    net.ppi_offsets.assign(1, 0);
    for (std::size_t i = 0; i < g; ++i) {
        row.clear();
        for (auto [e, end] = boost::out_edges(k + i, graph); e != end; ++e)
            if (graph[*e].kind == "ppi") row.emplace_back(boost::target(*e, graph) - k, graph[*e].weight);
        for (auto [e, end] = boost::in_edges(k + i, graph); e != end; ++e)
            if (graph[*e].kind == "ppi") row.emplace_back(boost::source(*e, graph) - k, graph[*e].weight);
        std::sort(row.begin(), row.end());
        for (auto [gene, w] : row) net.ppi_genes.push_back(gene), net.ppi_weights.push_back(w);
        net.ppi_offsets.push_back(static_cast<std::uint32_t>(net.ppi_genes.size()));
    }
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        std::vector<std::pair<std::uint32_t, std::int8_t>> members;
        for (auto [e, end] = boost::in_edges(k + g + p, graph); e != end; ++e)
            members.emplace_back(boost::source(*e, graph) - k, static_cast<std::int8_t>(graph[*e].weight));
        std::sort(members.begin(), members.end());
        auto& mod = net.modules[p];
        mod.genes.clear(), mod.roles.clear();
        for (auto [gene, r] : members) mod.genes.push_back(gene), mod.roles.push_back(r), mod.is_signed |= r != 0;
    }
}

// miRNA -> gene weights keyed (miRNA index, gene index), max over duplicate rows after name matching.
std::unordered_map<std::uint64_t, double> match_targets(const NetworkInputs& in, const Network& net) {
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_name;
    for (std::uint32_t m = 0; m < net.mirnas.size(); ++m) {
        by_name[net.mirnas[m]].push_back(m);
        if (net.mirnas[m].find('/') != std::string::npos)
            for (auto part : split(net.mirnas[m], '/')) by_name[std::string(part)].push_back(m);
    }
    std::unordered_map<std::uint64_t, double> w;
    for (const auto& t : in.targets) {
        const auto it = by_name.find(t.mirna);
        if (it == by_name.end()) continue;
        const std::uint32_t gene = index_in(net.genes, t.gene);
        for (const auto m : it->second) {
            double& x = w[pair_key(m, gene)];
            x = std::max(x, t.weight);
        }
    }
    return w;
}

}  // namespace

Network build_network(const NetworkInputs& in) {
    Network net;
    net.mirnas = in.abundance.mirnas;
    net.abundance = in.abundance.fraction;
    net.cpm = in.abundance.cpm;
    net.genes = collect_genes(in);
    net.in_universe.assign(net.genes.size(), 0);
    for (const auto& t : in.targets) net.in_universe[index_in(net.genes, t.gene)] = 1;
    net.modules = collect_modules(in, net.genes);
    net.counts.n_target_rows = in.targets.size();
    net.counts.n_ppi_edges_input = in.ppi.size();

    const std::size_t k = net.mirnas.size(), g = net.genes.size();
    BGraph graph(k + g + net.modules.size());
    const auto weights = match_targets(in, net);
    std::vector<std::pair<std::uint64_t, double>> sorted_w(weights.begin(), weights.end());
    std::sort(sorted_w.begin(), sorted_w.end());
    std::vector<std::uint8_t> has_target(k, 0);
    for (auto [key, w] : sorted_w) {
        const auto m = key >> 32, gene = key & 0xffffffffu;
        has_target[m] = 1;
        if (w > 0) boost::add_edge(m, k + gene, {"targets", w, ""}, graph);
    }
    net.counts.n_mirnas_without_targets = std::count(has_target.begin(), has_target.end(), 0);
    std::map<std::uint64_t, double> ppi;
    for (const auto& e : in.ppi) {
        auto a = index_in(net.genes, e.a), b = index_in(net.genes, e.b);
        double& x = ppi[pair_key(std::min(a, b), std::max(a, b))];
        x = std::max(x, e.score);
    }
    for (auto [key, w] : ppi) boost::add_edge(k + (key >> 32), k + (key & 0xffffffffu), {"ppi", w, ""}, graph);
    net.counts.n_ppi_edges = ppi.size();
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        const auto& mod = net.modules[p];
        for (std::size_t i = 0; i < mod.genes.size(); ++i)
            boost::add_edge(k + mod.genes[i], k + g + p, {"member", double(mod.roles[i]), ""}, graph);
    }
    extract_csr(graph, net);
    return net;
}

namespace {

// Vertex numbers of the exported subgraph (-1 = left out): the shown modules, their genes, the miRNAs
// targeting those genes. An empty `module_shown` shows everything.
struct Selection {
    std::vector<long> mirna, gene, module;
    std::size_t n = 0;
};

Selection select_vertices(const Network& net, const GraphAnnotations& ann) {
    const bool all = ann.module_shown.empty();
    Selection sel{std::vector<long>(net.mirnas.size(), -1), std::vector<long>(net.genes.size(), all ? 0 : -1),
                  std::vector<long>(net.modules.size(), -1), 0};
    for (std::size_t p = 0; p < net.modules.size(); ++p)
        if (all || ann.module_shown[p])
            for (auto g : net.modules[p].genes) sel.gene[g] = 0;
    for (std::size_t m = 0; m < net.mirnas.size(); ++m)
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1] && sel.mirna[m] < 0; ++e)
            if (all || sel.gene[net.target_genes[e]] == 0) sel.mirna[m] = 0;
    for (auto& x : sel.mirna) x = x == 0 || all ? long(sel.n++) : -1;
    for (auto& x : sel.gene) x = x == 0 ? long(sel.n++) : -1;
    for (std::size_t p = 0; p < net.modules.size(); ++p)
        if (all || ann.module_shown[p]) sel.module[p] = long(sel.n++);
    return sel;
}

std::string curated_roles(const Network& net, std::uint32_t gene) {
    std::vector<std::string> roles;
    for (const auto& mod : net.modules)
        if (mod.source == "curated")
            if (auto it = std::lower_bound(mod.genes.begin(), mod.genes.end(), gene);
                it != mod.genes.end() && *it == gene)
                roles.push_back(role_name(static_cast<Role>(mod.roles[it - mod.genes.begin()])));
    std::sort(roles.begin(), roles.end());
    roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
    return fmt::format("{}", fmt::join(roles, ";"));
}

// The annotated Boost graph of the selected subgraph, for the exports.
BGraph export_graph(const Network& net, const GraphAnnotations& ann) {
    const Selection sel = select_vertices(net, ann);
    BGraph graph(sel.n);
    for (std::size_t m = 0; m < net.mirnas.size(); ++m) {
        if (sel.mirna[m] < 0) continue;
        graph[sel.mirna[m]] = {"mirna:" + net.mirnas[m], net.mirnas[m], "mirna", net.abundance[m], 0, ""};
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e)
            if (const long t = sel.gene[net.target_genes[e]]; t >= 0)
                boost::add_edge(sel.mirna[m], t, {"targets", net.target_weights[e], ""}, graph);
    }
    for (std::uint32_t i = 0; i < net.genes.size(); ++i) {
        if (sel.gene[i] < 0) continue;
        const double load = i < ann.gene_load.size() ? ann.gene_load[i] : 0;
        graph[sel.gene[i]] = {"gene:" + net.genes[i], net.genes[i], "gene", 0, load, curated_roles(net, i)};
        for (auto e = net.ppi_offsets[i]; e < net.ppi_offsets[i + 1]; ++e)
            if (net.ppi_genes[e] > i && sel.gene[net.ppi_genes[e]] >= 0)
                boost::add_edge(sel.gene[i], sel.gene[net.ppi_genes[e]], {"ppi", net.ppi_weights[e], ""}, graph);
    }
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        if (sel.module[p] < 0) continue;
        const auto& mod = net.modules[p];
        const double score = p < ann.module_score.size() ? ann.module_score[p] : 0;
        graph[sel.module[p]] = {"module:" + mod.source + ":" + mod.name, mod.name, "module", 0, score,
                                mod.is_signed ? "signed" : "unsigned"};
        for (std::size_t i = 0; i < mod.genes.size(); ++i)
            boost::add_edge(sel.gene[mod.genes[i]], sel.module[p],
                            {"member", double(mod.roles[i]), role_name(static_cast<Role>(mod.roles[i]))}, graph);
    }
    return graph;
}

boost::dynamic_properties export_properties(BGraph& graph) {
    boost::dynamic_properties dp;
    dp.property("id", boost::get(&VertexProp::id, graph));
    dp.property("name", boost::get(&VertexProp::name, graph));
    dp.property("kind", boost::get(&VertexProp::kind, graph));
    dp.property("abundance", boost::get(&VertexProp::abundance, graph));
    dp.property("load", boost::get(&VertexProp::load, graph));
    dp.property("role", boost::get(&VertexProp::role, graph));
    dp.property("edge_kind", boost::get(&EdgeProp::kind, graph));
    dp.property("weight", boost::get(&EdgeProp::weight, graph));
    dp.property("edge_role", boost::get(&EdgeProp::role, graph));
    return dp;
}

}  // namespace

std::string to_graphml(const Network& net, const GraphAnnotations& ann) {
    BGraph graph = export_graph(net, ann);
    // Boost encodes & < > " ' itself; XML 1.0 cannot hold control characters at all: U+FFFD for those.
    const auto xml_safe = [](std::string& s) {
        std::string out;
        for (const char c : s)
            out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? std::string("\xEF\xBF\xBD") : std::string(1, c);
        s = std::move(out);
    };
    for (auto [v, end] = boost::vertices(graph); v != end; ++v)
        for (std::string* s : {&graph[*v].id, &graph[*v].name, &graph[*v].kind, &graph[*v].role}) xml_safe(*s);
    for (auto [e, end] = boost::edges(graph); e != end; ++e)
        for (std::string* s : {&graph[*e].kind, &graph[*e].role}) xml_safe(*s);
    std::ostringstream out;
    boost::write_graphml(out, graph, export_properties(graph), true);
    return out.str();
}

// Boost's write_graphviz_dp layout, byte for byte, but every ID and value goes through dot_id (core/escape): Boost
// writes a DOT keyword (node, graph, strict, ...) bare, which Graphviz cannot parse, and does not escape '\\' or
// control characters. Numbers are printed as Boost prints them (ostream, precision 6).
std::string to_dot(const Network& net, const GraphAnnotations& ann) {
    const BGraph graph = export_graph(net, ann);
    const auto number = [](double x) {
        std::ostringstream s;
        s << x;
        return dot_id(s.str());
    };
    std::string out = "digraph G {\n";
    for (auto [v, end] = boost::vertices(graph); v != end; ++v) {
        const VertexProp& p = graph[*v];
        out += fmt::format("{} [abundance={}, kind={}, load={}, name={}, role={}];\n", dot_id(p.id),
                           number(p.abundance), dot_id(p.kind), number(p.load), dot_id(p.name), dot_id(p.role));
    }
    for (auto [e, end] = boost::edges(graph); e != end; ++e) {
        const EdgeProp& p = graph[*e];
        out += fmt::format("{}->{}  [edge_kind={}, edge_role={}, weight={}];\n",
                           dot_id(graph[boost::source(*e, graph)].id), dot_id(graph[boost::target(*e, graph)].id),
                           dot_id(p.kind), dot_id(p.role), number(p.weight));
    }
    return out + "}\n";
}

std::string to_json(const Network& net, const GraphAnnotations& ann) {
    BGraph graph = export_graph(net, ann);
    nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
    for (auto [v, end] = boost::vertices(graph); v != end; ++v) {
        const auto& p = graph[*v];
        nlohmann::json node = {{"id", p.id}, {"name", p.name}, {"kind", p.kind}};
        if (p.kind == "mirna") node["abundance"] = p.abundance;
        if (p.kind != "mirna") node["load"] = p.load;
        if (!p.role.empty()) node["role"] = p.role;
        nodes.push_back(std::move(node));
    }
    for (auto [e, end] = boost::edges(graph); e != end; ++e) {
        const auto& p = graph[*e];
        nlohmann::json edge = {{"source", graph[boost::source(*e, graph)].id},
                               {"target", graph[boost::target(*e, graph)].id},
                               {"kind", p.kind},
                               {"weight", p.weight}};
        if (!p.role.empty()) edge["role"] = p.role;
        edges.push_back(std::move(edge));
    }
    return nlohmann::json{{"nodes", std::move(nodes)}, {"edges", std::move(edges)}}.dump() + "\n";
}

}  // namespace exomir
