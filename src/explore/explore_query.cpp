// explore_query.cpp (no header of its own: declared in explore/explore.hpp, one header for the explore module): parsing
// and name resolution of explore queries; the table answers (targets, regulators, module, top, search).
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/explore/explore.hpp"

namespace exomir {
namespace {

constexpr NodeKind k_mirna = NodeKind::mirna, k_gene = NodeKind::gene, k_module = NodeKind::module;

std::string num(double x) { return std::isnan(x) ? "NA" : fmt_general(x, 6); }
std::string zval(double x) { return std::isnan(x) ? "NA" : fmt_fixed(x, 4); }

std::string kinds_text(const std::vector<NodeKind>& kinds) {
    std::vector<std::string> s;
    for (auto k : kinds) s.push_back(k == k_mirna ? "miRNA" : node_kind_name(k));
    return fmt::format("{}", fmt::join(s, " or "));
}

std::string node_label(const ExploreData& d, NodeRef n) {
    if (n.kind != k_module) return d.names.name(n);
    return d.net.modules[n.index].source + ":" + d.net.modules[n.index].name;
}

NodeRef resolve_one(const ExploreData& d, const std::string& text, const std::vector<NodeKind>& kinds) {
    const Resolution r = d.names.resolve(text, kinds);
    if (r.matches.size() == 1) return r.matches[0].node;
    std::vector<std::string> names;
    const auto& list = r.matches.empty() ? r.suggestions : r.matches;
    for (std::size_t i = 0; i < list.size() && i < 20; ++i) names.push_back(node_label(d, list[i].node));
    const std::string shown = fmt::format("{}{}", fmt::join(names, ", "),
                                          list.size() > 20 ? fmt::format(" and {} more", list.size() - 20) : "");
    if (!r.matches.empty())
        throw Error(fmt::format("'{}' is ambiguous ({} {} names match): {}; give one of them", text, r.matches.size(),
                                kinds_text(kinds), shown));
    throw Error(fmt::format("no {} named '{}' in {}{}", kinds_text(kinds), text, d.dir,
                            names.empty() ? fmt::format("; try 'exomir explore {} search {}'", d.dir, text)
                                          : fmt::format("; closest: {}", shown)));
}

std::string join_words(const std::vector<std::string>& w, std::size_t from) {
    std::string s;
    for (std::size_t i = from; i < w.size(); ++i) s += (i > from ? " " : "") + w[i];
    return s;
}

void check_options(QueryKind kind, const QueryOptions& opt, const std::string& verb, const std::string& what) {
    const bool module_ok = kind == QueryKind::targets || (kind == QueryKind::top && what != "modules");
    const bool weight_ok = kind == QueryKind::targets || kind == QueryKind::regulators || kind == QueryKind::path ||
                           kind == QueryKind::neighbors || kind == QueryKind::subgraph;
    std::vector<std::string> bad;
    if (!opt.module.empty() && !module_ok) bad.push_back("--module");
    if (opt.min_weight != 0 && !weight_ok) bad.push_back("--min-weight");
    if (opt.depth != 1 && kind != QueryKind::neighbors) bad.push_back("--depth");
    if (!bad.empty()) throw UsageError(fmt::format("{} does not apply to '{}'", fmt::join(bad, ", "), verb));
    if (opt.min_weight < 0 || opt.depth < 1) throw UsageError("--min-weight must be >= 0 and --depth >= 1");
}

// Curated memberships of a gene as gene_load.tsv lists them: "module:role", ';'-joined, or NA.
std::string curated_modules(const ExploreData& d, std::uint32_t g) {
    std::vector<std::string> out;
    for (auto i = d.mod_offsets[g]; i < d.mod_offsets[g + 1]; ++i) {
        const auto [p, role] = d.gene_modules[i];
        if (d.net.modules[p].source == "curated")
            out.push_back(d.net.modules[p].name + ":" + role_name(static_cast<Role>(role)));
    }
    return out.empty() ? "NA" : fmt::format("{}", fmt::join(out, ";"));
}

int role_in(const ExploreData& d, std::uint32_t g, std::uint32_t p, bool& member) {
    for (auto i = d.mod_offsets[g]; i < d.mod_offsets[g + 1]; ++i)
        if (d.gene_modules[i].first == p) return member = true, d.gene_modules[i].second;
    return member = false, 0;
}

const TargetDetail* find_detail(const std::vector<TargetDetail>& details, const std::string& mirna,
                                const std::string& gene) {
    for (const auto& t : details) {
        if (t.gene != gene) continue;
        for (auto part : split(mirna, '/'))
            if (t.mirna == part) return &t;
    }
    return nullptr;
}

void limit_rows(Table& t, std::size_t top) {
    t.meta["n_rows"] = t.rows.size();
    if (top == 0 || t.rows.size() <= top) return;
    t.notes.push_back(fmt::format("showing {} of {} rows (--top 0 shows all)", top, t.rows.size()));
    t.rows.resize(top);
}

struct Contribution {
    std::uint32_t mirna;
    double v, contribution;
};

// v_P and a_m v_P[m] exactly as network computed them (score.hpp), sorted by contribution (stable, as mirna_module.tsv).
std::vector<Contribution> contributions(const ExploreData& d, std::uint32_t p, double& statistic) {
    const auto v = module_mirna_vector(d.net, module_gene_vector(d.net, p, d.score));
    std::vector<Contribution> out;
    statistic = 0;
    for (std::uint32_t m = 0; m < v.size(); ++m) {
        statistic += d.net.abundance[m] * v[m];
        if (v[m] != 0) out.push_back({m, v[m], d.net.abundance[m] * v[m]});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.contribution > b.contribution; });
    return out;
}

Table answer_targets(const ExploreData& d, const Query& q, const std::vector<TargetDetail>& details) {
    const auto m = q.nodes[0].index;
    const auto& net = d.net;
    Table t;
    t.title = fmt::format("targets of {} (abundance {}, {} target genes)", net.mirnas[m],
                          fmt_fixed(net.abundance[m], 8), net.target_offsets[m + 1] - net.target_offsets[m]);
    if (d.targets_path.empty()) t.notes.push_back("sources/site types/evidence: NA, " + d.targets_note);
    const std::string medium = d.medium_checked ? contamination_flag(d.medium_flags, net.mirnas[m]) : "NA";
    if (d.medium_checked)
        t.notes.push_back(fmt::format("culture-medium flag (merge's contamination.tsv): {}", medium));
    else if (!d.medium_note.empty())
        t.notes.push_back(d.medium_note);
    t.columns = {"mirna", "gene", "weight", "n_sites", "site_types", "sources", "evidence", "modules"};
    if (q.module >= 0) t.columns.push_back("module_role");
    std::vector<std::uint32_t> edges;
    for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e) {
        bool member = true;
        if (q.module >= 0) role_in(d, net.target_genes[e], static_cast<std::uint32_t>(q.module), member);
        if (net.target_weights[e] >= q.opt.min_weight && member) edges.push_back(e);
    }
    std::stable_sort(edges.begin(), edges.end(),
                     [&](auto a, auto b) { return net.target_weights[a] > net.target_weights[b]; });
    for (auto e : edges) {
        const auto g = net.target_genes[e];
        const TargetDetail* det = find_detail(details, net.mirnas[m], net.genes[g]);
        std::vector<std::string> row{net.mirnas[m],
                                     net.genes[g],
                                     fmt_fixed(net.target_weights[e], 4),
                                     det ? det->n_sites : "NA",
                                     det ? det->site_types : "NA",
                                     det ? det->sources : "NA",
                                     det ? det->evidence : "NA",
                                     curated_modules(d, g)};
        if (q.module >= 0) {
            bool member = false;
            row.push_back(role_name(static_cast<Role>(role_in(d, g, static_cast<std::uint32_t>(q.module), member))));
        }
        t.rows.push_back(std::move(row));
    }
    t.meta = {{"query", "targets"}, {"mirna", net.mirnas[m]}, {"abundance", net.abundance[m]}};
    if (d.medium_checked) t.meta["contamination"] = medium;
    limit_rows(t, q.opt.top);
    return t;
}

Table answer_regulators(const ExploreData& d, const Query& q, const std::vector<TargetDetail>& details) {
    const auto g = q.nodes[0].index;
    const auto& net = d.net;
    double load = 0;
    std::vector<std::uint32_t> rows;
    for (auto i = d.reg_offsets[g]; i < d.reg_offsets[g + 1]; ++i) {
        load += net.abundance[d.reg_mirnas[i]] * d.reg_weights[i];
        if (d.reg_weights[i] >= q.opt.min_weight) rows.push_back(i);
    }
    const auto contrib = [&](std::uint32_t i) { return net.abundance[d.reg_mirnas[i]] * d.reg_weights[i]; };
    std::stable_sort(rows.begin(), rows.end(), [&](auto a, auto b) { return contrib(a) > contrib(b); });
    Table t;
    t.title = fmt::format("regulators of {}: load {} from {} miRNAs", net.genes[g], num(d.genes[g].load),
                          d.reg_offsets[g + 1] - d.reg_offsets[g]);
    t.notes.push_back("curated modules: " + curated_modules(d, g));
    if (d.targets_path.empty()) t.notes.push_back("sources/evidence: NA, " + d.targets_note);
    t.columns = {"gene", "mirna", "abundance", "weight", "contribution", "share", "sources", "evidence"};
    for (auto i : rows) {
        const auto m = d.reg_mirnas[i];
        const TargetDetail* det = find_detail(details, net.mirnas[m], net.genes[g]);
        t.rows.push_back({net.genes[g], net.mirnas[m], fmt_fixed(net.abundance[m], 8), fmt_fixed(d.reg_weights[i], 4),
                          num(contrib(i)), load > 0 ? fmt_fixed(contrib(i) / load, 6) : "NA", det ? det->sources : "NA",
                          det ? det->evidence : "NA"});
    }
    t.meta = {{"query", "regulators"},
              {"gene", net.genes[g]},
              {"load", d.genes[g].load},
              {"n_mirnas", d.genes[g].n_mirnas},
              {"modules", curated_modules(d, g)}};
    limit_rows(t, q.opt.top);
    return t;
}

// The miRNA with the largest a_m w_mg into gene g, or NA.
std::string top_regulator(const ExploreData& d, std::uint32_t g) {
    double best = 0;
    std::string name = "NA";
    for (auto i = d.reg_offsets[g]; i < d.reg_offsets[g + 1]; ++i)
        if (const double c = d.net.abundance[d.reg_mirnas[i]] * d.reg_weights[i]; c > best)
            best = c, name = d.net.mirnas[d.reg_mirnas[i]];
    return name;
}

// The facts of `module NAME` (--format json): the module_scores.tsv row (NaN as null) and the top contributors.
nlohmann::json module_meta(const NetworkModule& mod, const ModuleStats& s, nlohmann::json top) {
    nlohmann::json meta = {{"query", "module"},
                           {"module", mod.name},
                           {"source", mod.source},
                           {"signed", mod.is_signed},
                           {"n_genes", s.n_genes},
                           {"n_targeted", s.n_targeted},
                           {"signed_score", s.signed_score},
                           {"load", s.load},
                           {"z", s.z},
                           {"p_cargo", s.p_cargo},
                           {"fdr_cargo", s.fdr_cargo},
                           {"hypergeom_p", s.hypergeom_p},
                           {"hypergeom_fdr", s.hypergeom_fdr},
                           {"p_geneset", s.p_geneset},
                           {"fdr_geneset", s.fdr_geneset},
                           {"call", s.call},
                           {"top_mirnas", std::move(top)}};
    for (const char* k : {"signed_score", "z", "p_geneset", "fdr_geneset"})
        if (meta[k].is_number() && std::isnan(meta[k].get<double>())) meta[k] = nullptr;
    return meta;
}

Table answer_module(const ExploreData& d, const Query& q) {
    const auto p = q.nodes[0].index;
    const auto& mod = d.net.modules[p];
    const auto& s = d.modules[p];
    Table t;
    t.title = fmt::format("module {} ({}, {}, {} genes, {} targeted)", mod.name, mod.source,
                          mod.is_signed ? "signed" : "unsigned", s.n_genes, s.n_targeted);
    t.notes.push_back(fmt::format("signed_score {}  load {}  z {}  hypergeom_fdr {}", num(s.signed_score), num(s.load),
                                  zval(s.z), num(s.hypergeom_fdr)));
    t.notes.push_back(
        fmt::format("cargo null: p_cargo {}  fdr_cargo {}: is this cargo special for this module among cargos of the "
                    "same abundance shape (abundances shuffled among miRNAs of similar target count)?",
                    num(s.p_cargo), num(s.fdr_cargo)));
    t.notes.push_back(
        fmt::format("gene-set null: p_geneset {}  fdr_geneset {}: does this cargo hit this module more than comparable "
                    "genes (random gene sets matched on target weight)? (Goeman & Buehlmann 2007)",
                    num(s.p_geneset), num(s.fdr_geneset)));
    t.notes.push_back(fmt::format("call {} (rule in network.run.json: parameters.call, call_fdr)", s.call));
    double statistic = 0;
    const auto contrib = contributions(d, p, statistic);
    nlohmann::json top = nlohmann::json::array();
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < contrib.size() && i < 5; ++i) {
        const auto& c = contrib[i];
        const double share = statistic != 0 ? c.contribution / statistic : std::nan("");
        top.push_back(
            {{"mirna", d.net.mirnas[c.mirna]}, {"v", c.v}, {"contribution", c.contribution}, {"share", share}});
        shown.push_back(fmt::format("{} ({:.1f}%)", d.net.mirnas[c.mirna], 100 * share));
    }
    t.notes.push_back("top contributing miRNAs: " +
                      (shown.empty() ? std::string("none") : fmt::format("{}", fmt::join(shown, ", "))));
    t.columns = {"module", "source", "gene", "role", "load", "n_mirnas", "top_regulator"};
    std::vector<std::size_t> order(mod.genes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return d.genes[mod.genes[a]].load > d.genes[mod.genes[b]].load; });
    for (auto i : order) {
        const auto g = mod.genes[i];
        t.rows.push_back({mod.name, mod.source, d.net.genes[g], role_name(static_cast<Role>(mod.roles[i])),
                          num(d.genes[g].load), std::to_string(d.reg_offsets[g + 1] - d.reg_offsets[g]),
                          top_regulator(d, g)});
    }
    t.meta = module_meta(mod, s, std::move(top));
    limit_rows(t, q.opt.top);
    return t;
}

Table top_modules(const ExploreData& d) {
    std::vector<std::uint32_t> order(d.net.modules.size());
    std::iota(order.begin(), order.end(), 0);
    const auto zkey = [&](std::uint32_t p) { return std::isnan(d.modules[p].z) ? -INFINITY : d.modules[p].z; };
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
        const auto &x = d.modules[a], &y = d.modules[b];
        if (x.fdr_cargo != y.fdr_cargo) return x.fdr_cargo < y.fdr_cargo;
        if (x.p_cargo != y.p_cargo) return x.p_cargo < y.p_cargo;
        return zkey(a) > zkey(b);
    });
    Table t;
    t.title = "modules by fdr_cargo, p_cargo, z";
    t.columns = {"rank",         "module", "source", "n_genes",   "n_targeted",
                 "signed_score", "load",   "z",      "fdr_cargo", "top_mirnas"};
    for (std::size_t r = 0; r < order.size(); ++r) {
        const auto& s = d.modules[order[r]];
        const auto& mod = d.net.modules[order[r]];
        t.rows.push_back({std::to_string(r + 1), mod.name, mod.source, std::to_string(s.n_genes),
                          std::to_string(s.n_targeted), num(s.signed_score), num(s.load), zval(s.z), num(s.fdr_cargo),
                          s.top_mirnas.empty() ? "NA" : fmt::format("{}", fmt::join(s.top_mirnas, ";"))});
    }
    return t;
}

// With blanks (network had a contamination.tsv), a last column `contamination`: each miRNA's flag (column 1).
Table add_medium_column(const ExploreData& d, Table t) {
    if (!d.medium_checked) return t;
    t.columns.push_back("contamination");
    for (auto& row : t.rows) row.push_back(contamination_flag(d.medium_flags, row[1]));
    return t;
}

Table top_mirnas(const ExploreData& d, std::int64_t module) {
    const auto& net = d.net;
    Table t;
    if (module >= 0) {
        double statistic = 0;
        const auto contrib = contributions(d, static_cast<std::uint32_t>(module), statistic);
        t.title = fmt::format("miRNAs by contribution a_m*v_P[m] to {}", net.modules[module].name);
        t.columns = {"rank", "mirna", "abundance", "v", "contribution", "share"};
        for (std::size_t r = 0; r < contrib.size(); ++r)
            t.rows.push_back({std::to_string(r + 1), net.mirnas[contrib[r].mirna],
                              fmt_fixed(net.abundance[contrib[r].mirna], 8), num(contrib[r].v),
                              num(contrib[r].contribution),
                              statistic != 0 ? fmt_fixed(contrib[r].contribution / statistic, 6) : "NA"});
        return add_medium_column(d, t);
    }
    std::vector<double> delivered(net.mirnas.size(), 0);
    for (std::uint32_t m = 0; m < net.mirnas.size(); ++m)
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e)
            delivered[m] += net.abundance[m] * net.target_weights[e];
    std::vector<std::uint32_t> order(net.mirnas.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return delivered[a] > delivered[b]; });
    t.title = "miRNAs by delivered load a_m * sum_g w_mg";
    t.columns = {"rank", "mirna", "abundance", "cpm", "n_targets", "delivered_load"};
    for (std::size_t r = 0; r < order.size(); ++r) {
        const auto m = order[r];
        t.rows.push_back({std::to_string(r + 1), net.mirnas[m], fmt_fixed(net.abundance[m], 8),
                          fmt_fixed(net.cpm[m], 2), std::to_string(net.target_offsets[m + 1] - net.target_offsets[m]),
                          num(delivered[m])});
    }
    return add_medium_column(d, t);
}

Table top_genes(const ExploreData& d, std::int64_t module) {
    std::vector<std::uint32_t> genes;
    if (module >= 0)
        genes = d.net.modules[module].genes;
    else
        for (std::uint32_t g = 0; g < d.net.genes.size(); ++g)
            if (d.genes[g].load > 0) genes.push_back(g);
    std::stable_sort(genes.begin(), genes.end(), [&](auto a, auto b) { return d.genes[a].load > d.genes[b].load; });
    Table t;
    t.title = module >= 0 ? fmt::format("genes of {} by load", d.net.modules[module].name) : "genes by load L_g";
    t.columns = {"rank", "gene", "load", "n_mirnas", "propagated_load", "modules"};
    for (std::size_t r = 0; r < genes.size(); ++r) {
        const auto g = genes[r];
        t.rows.push_back({std::to_string(r + 1), d.net.genes[g], num(d.genes[g].load),
                          std::to_string(d.genes[g].n_mirnas), num(d.genes[g].propagated), curated_modules(d, g)});
    }
    return t;
}

Table answer_search(const ExploreData& d, const Query& q) {
    Table t;
    t.title = fmt::format("names matching '{}'", q.what);
    t.columns = {"kind", "name", "source", "match", "distance"};
    t.meta = {{"query", "search"}, {"text", q.what}};
    for (const auto& m : d.names.search(q.what, q.opt.top ? q.opt.top : 20))
        t.rows.push_back({node_kind_name(m.node.kind), d.names.name(m.node),
                          m.node.kind == k_module ? d.net.modules[m.node.index].source : "NA", match_how_name(m.how),
                          std::to_string(m.distance)});
    return t;
}

}  // namespace

Query parse_query(const ExploreData& d, const std::vector<std::string>& words, const QueryOptions& opt) {
    static const std::vector<std::pair<std::string, QueryKind>> verbs = {
        {"targets", QueryKind::targets},   {"regulators", QueryKind::regulators},
        {"module", QueryKind::module},     {"path", QueryKind::path},
        {"top", QueryKind::top},           {"neighbors", QueryKind::neighbors},
        {"subgraph", QueryKind::subgraph}, {"search", QueryKind::search}};
    if (words.empty())
        throw UsageError("no query; one of: targets, regulators, module, path, top, neighbors, subgraph, search");
    const auto it = std::find_if(verbs.begin(), verbs.end(), [&](const auto& v) { return v.first == words[0]; });
    if (it == verbs.end())
        throw UsageError(
            fmt::format("unknown query '{}'; one of: targets, regulators, module, path, top, neighbors, "
                        "subgraph, search",
                        words[0]));
    Query q;
    q.kind = it->second, q.opt = opt;
    const std::size_t n_args = words.size() - 1;
    const auto need = [&](bool ok, const char* usage) {
        if (!ok) throw UsageError(fmt::format("usage: {}", usage));
    };
    const std::vector<NodeKind> any{k_mirna, k_gene, k_module};
    switch (q.kind) {
        case QueryKind::targets:
            need(n_args >= 1, "targets MIRNA");
            q.nodes = {resolve_one(d, join_words(words, 1), {k_mirna})};
            break;
        case QueryKind::regulators:
            need(n_args >= 1, "regulators GENE");
            q.nodes = {resolve_one(d, join_words(words, 1), {k_gene})};
            break;
        case QueryKind::module:
            need(n_args >= 1, "module NAME");
            q.nodes = {resolve_one(d, join_words(words, 1), {k_module})};
            break;
        case QueryKind::neighbors:
            need(n_args >= 1, "neighbors NODE --depth D");
            q.nodes = {resolve_one(d, join_words(words, 1), any)};
            break;
        case QueryKind::search:
            need(n_args >= 1, "search TEXT");
            q.what = join_words(words, 1);
            break;
        case QueryKind::path:
            need(n_args >= 2, "path MIRNA (GENE|MODULE)");
            q.nodes = {resolve_one(d, words[1], {k_mirna}), resolve_one(d, join_words(words, 2), {k_gene, k_module})};
            break;
        case QueryKind::top:
            need(n_args == 1 && (words[1] == "modules" || words[1] == "mirnas" || words[1] == "genes"),
                 "top modules|mirnas|genes");
            q.what = words[1];
            break;
        case QueryKind::subgraph:
            need(n_args >= 1, "subgraph (MODULE|MIRNA|GENE)... --format graphml|dot|json|tsv -o FILE");
            for (std::size_t i = 1; i < words.size(); ++i) q.nodes.push_back(resolve_one(d, words[i], any));
            break;
    }
    check_options(q.kind, opt, words[0], q.what);
    if (!opt.module.empty()) q.module = resolve_one(d, opt.module, {k_module}).index;
    return q;
}

namespace {

// subgraph: the seed modules and the curated ones (members are always read for those), PPI, scores and loads.
void plan_subgraph(const ExploreData& d, const Query& q, LoadPlan& plan) {
    using E = LoadPlan::Edges;
    plan.ppi = plan.scores = plan.gene_load = true;
    // Without a miRNA seed the kept genes are the seed genes and the seed modules' genes, and every edge of the
    // subgraph ends at one of them: only their rows of bundle.targets.tsv are read.
    const bool by_genes =
        std::none_of(q.nodes.begin(), q.nodes.end(), [](const NodeRef& n) { return n.kind == NodeKind::mirna; });
    plan.edges = by_genes ? E::genes : E::all;
    if (by_genes) plan.gene_mask.assign(d.net.genes.size(), 0);
    for (const auto& n : q.nodes)
        if (n.kind == NodeKind::module) {
            plan.modules.push_back(n.index);
            if (by_genes) plan.edge_modules.push_back(n.index);
        } else if (by_genes) {
            plan.gene_mask[n.index] = 1;
        }
}

}  // namespace

LoadPlan plan_query(const ExploreData& d, const Query& q) {
    LoadPlan plan;
    using E = LoadPlan::Edges;
    const auto module_genes = [&](std::uint32_t p) {  // v_P needs only the module genes' edges, unless propagated
        if (d.score.propagate) return void(plan.edges = E::all);
        plan.edges = E::genes;
        plan.gene_mask.assign(d.net.genes.size(), 0);
        plan.modules.push_back(p), plan.edge_modules.push_back(p);
    };
    if (q.module >= 0) plan.modules.push_back(static_cast<std::uint32_t>(q.module));
    switch (q.kind) {
        case QueryKind::targets:
            plan.edges = E::mirna, plan.mirna = q.nodes[0].index;
            break;
        case QueryKind::regulators:
            plan.edges = E::genes, plan.gene_load = true;
            plan.gene_mask.assign(d.net.genes.size(), 0);
            plan.gene_mask[q.nodes[0].index] = 1;
            break;
        case QueryKind::module:
            module_genes(q.nodes[0].index), plan.scores = plan.gene_load = true;
            break;
        case QueryKind::path:
            plan.edges = E::mirna, plan.mirna = q.nodes[0].index, plan.ppi = true;
            if (q.nodes[1].kind == NodeKind::module) plan.modules.push_back(q.nodes[1].index);
            break;
        case QueryKind::top:
            if (q.what == "modules")
                plan.scores = true;
            else if (q.what == "genes")
                plan.gene_load = true;
            else if (q.module >= 0)
                module_genes(static_cast<std::uint32_t>(q.module));
            else
                plan.edges = E::all;
            break;
        case QueryKind::search:
            break;
        case QueryKind::neighbors:
            plan.edges = E::all, plan.all_members = plan.ppi = true;
            if (q.opt.depth <= 2)
                plan.depth = q.opt.depth, plan.seed = q.nodes[0];  // deeper reaches most of the network
            break;
        case QueryKind::subgraph:
            plan_subgraph(d, q, plan);
            break;
    }
    if (d.score.propagate && plan.edges != E::none) plan.ppi = true;  // random walk of the propagated module vector
    return plan;
}

std::pair<std::vector<std::string>, std::vector<std::string>> detail_names(const ExploreData& d, const Query& q) {
    if (d.targets_path.empty()) return {};
    if (q.kind == QueryKind::targets) return {{d.net.mirnas[q.nodes[0].index]}, {}};
    if (q.kind == QueryKind::regulators) return {{}, {d.net.genes[q.nodes[0].index]}};
    return {};
}

Table answer(const ExploreData& d, const Query& q, const std::vector<TargetDetail>& details) {
    Table t;
    switch (q.kind) {
        case QueryKind::targets:
            return answer_targets(d, q, details);
        case QueryKind::regulators:
            return answer_regulators(d, q, details);
        case QueryKind::module:
            return answer_module(d, q);
        case QueryKind::path:
            return answer_path(d, q);
        case QueryKind::neighbors:
            return answer_neighbors(d, q);
        case QueryKind::search:
            return answer_search(d, q);
        case QueryKind::subgraph:
            return subgraph_table(extract_subgraph(d, q));
        case QueryKind::top:
            t = q.what == "modules"  ? top_modules(d)
                : q.what == "mirnas" ? top_mirnas(d, q.module)
                                     : top_genes(d, q.module);
            t.meta["query"] = "top " + q.what;
            limit_rows(t, q.opt.top);
            return t;
    }
    return t;
}

}  // namespace exomir
