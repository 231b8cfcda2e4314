// network_output.cpp: the TSV tables of `exomir network`, fixed columns and fixed-precision floats.
#include "exomir/network/network_output.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "exomir/core/io.hpp"

namespace exomir {
namespace {

std::string num(double x, int digits = 6) { return std::isnan(x) ? "NA" : fmt_general(x, digits); }

// Module indices sorted by (source, module); Network::modules already is, this keeps the contract local.
std::vector<std::size_t> module_order(const Network& net) {
    std::vector<std::size_t> order(net.modules.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) {
        return std::tie(net.modules[a].source, net.modules[a].name) <
               std::tie(net.modules[b].source, net.modules[b].name);
    });
    return order;
}

}  // namespace

std::string module_scores_tsv(const Network& net, const ScoreResult& res) {
    std::string out =
        "module\tsource\tn_genes\tn_targeted\tsigned_score\tload\tz\tp_cargo\tfdr_cargo\thypergeom_p\thypergeom_fdr\t"
        "top_mirnas\tn_permutations\tp_geneset\tfdr_geneset\tn_geneset_permutations\tcall\n";
    for (const auto p : module_order(net)) {
        const auto& s = res.modules[p];
        std::vector<std::string> top;
        for (auto m : s.top_mirnas) top.push_back(net.mirnas[m]);
        fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                       net.modules[p].name, net.modules[p].source, s.n_genes, s.n_targeted, num(s.signed_score),
                       num(s.load), std::isnan(s.z) ? "NA" : fmt_fixed(s.z, 4), num(s.p_cargo), num(s.fdr_cargo),
                       num(s.hypergeom_p), num(s.hypergeom_fdr),
                       top.empty() ? "NA" : fmt::format("{}", fmt::join(top, ";")), s.n_permutations, num(s.p_geneset),
                       num(s.fdr_geneset), s.n_geneset_permutations, s.call ? "yes" : "no");
    }
    return out;
}

std::string gene_load_tsv(const Network& net, const ScoreResult& res) {
    std::vector<std::vector<std::string>> curated(net.genes.size());
    for (const auto& mod : net.modules)
        if (mod.source == "curated")
            for (std::size_t i = 0; i < mod.genes.size(); ++i)
                curated[mod.genes[i]].push_back(mod.name + ":" + role_name(static_cast<Role>(mod.roles[i])));
    std::vector<std::uint32_t> n_mirnas(net.genes.size(), 0);
    for (auto g : net.target_genes) ++n_mirnas[g];
    std::string out = "gene\tload\tn_mirnas\tpropagated_load\tmodules\n";
    for (std::size_t g = 0; g < net.genes.size(); ++g) {
        if (res.gene_load[g] <= 0 && curated[g].empty()) continue;
        fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\n", net.genes[g], num(res.gene_load[g]),
                       n_mirnas[g], res.gene_propagated.empty() ? "NA" : num(res.gene_propagated[g]),
                       curated[g].empty() ? "NA" : fmt::format("{}", fmt::join(curated[g], ";")));
    }
    return out;
}

std::string mirna_abundance_tsv(const Network& net, const ScoreResult& res) {
    std::string out = "mirna\tabundance\tcpm\tn_targets\tstratum\thypergeom_top\n";
    for (std::size_t m = 0; m < net.mirnas.size(); ++m)
        fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\n", net.mirnas[m],
                       fmt_fixed(net.abundance[m], 8), fmt_fixed(net.cpm[m], 2), res.n_targets[m], res.stratum[m],
                       res.in_top[m] ? "yes" : "no");
    return out;
}

std::string mirna_module_tsv(const Network& net, const ScoreResult& res, const ScoreOptions& opt, double max_gmt_fdr) {
    std::string out = "module\tsource\trank\tmirna\tv\tcontribution\tshare\n";
    for (const auto p : module_order(net)) {
        const auto& mod = net.modules[p];
        if (mod.source != "curated" && !(res.modules[p].fdr_cargo < max_gmt_fdr)) continue;
        const auto v = module_mirna_vector(net, module_gene_vector(net, p, opt));
        std::vector<std::uint32_t> rows;
        for (std::uint32_t m = 0; m < v.size(); ++m)
            if (v[m] != 0) rows.push_back(m);
        std::stable_sort(rows.begin(), rows.end(),
                         [&](auto a, auto b) { return net.abundance[a] * v[a] > net.abundance[b] * v[b]; });
        const double total = res.modules[p].statistic;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const auto m = rows[r];
            const double c = net.abundance[m] * v[m];
            fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\t{}\n", mod.name, mod.source, r + 1,
                           net.mirnas[m], num(v[m]), num(c), total != 0 ? fmt_fixed(c / total, 6) : "NA");
        }
    }
    return out;
}

}  // namespace exomir
