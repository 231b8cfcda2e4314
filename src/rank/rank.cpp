// rank.cpp: the payload matrix of `exomir rank`, module selection, per-module miRNA contributions and loads.
#include "exomir/rank/rank.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"

namespace exomir {

std::vector<std::string> validate(const RankOptions& opt) {
    std::vector<std::string> problems;
    if (opt.k < 1 || opt.k > 1000) problems.push_back(fmt::format("--k must be in [1, 1000]; got {}", opt.k));
    if (!(opt.lambda >= 0) || !std::isfinite(opt.lambda)) problems.push_back("--lambda must be >= 0");
    if (opt.bootstrap < 100 || opt.bootstrap > 1'000'000) problems.push_back("--bootstrap must be in [100, 1000000]");
    if (!(opt.ci > 0 && opt.ci < 1)) problems.push_back("--ci must be in (0, 1)");
    return problems;
}

namespace {

// Names a bundle miRNA answers to: itself and each '/'-part of an `a/b` name.
std::unordered_set<std::string> bundle_names(const Network& net) {
    std::unordered_set<std::string> names;
    for (const auto& m : net.mirnas) {
        names.insert(m);
        for (auto part : split(m, '/')) names.emplace(part);
    }
    return names;
}

void append_bundle(const Network& net, PayloadMatrix& mat) {
    mat.mirnas = net.mirnas;
    mat.abundance = net.abundance;
    mat.n_cargo = net.mirnas.size();
    mat.genes = net.genes;
    mat.offsets = net.target_offsets;
    for (std::size_t e = 0; e < net.target_weights.size(); ++e)
        if (net.target_weights[e] > 0)
            mat.target_genes.push_back(net.target_genes[e]), mat.weights.push_back(net.target_weights[e]);
    if (mat.target_genes.size() != net.target_genes.size()) {  // rebuild offsets without zero weights
        mat.offsets.assign(1, 0);
        mat.target_genes.clear(), mat.weights.clear();
        for (std::size_t m = 0; m < net.mirnas.size(); ++m) {
            for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e)
                if (net.target_weights[e] > 0)
                    mat.target_genes.push_back(net.target_genes[e]), mat.weights.push_back(net.target_weights[e]);
            mat.offsets.push_back(static_cast<std::uint32_t>(mat.target_genes.size()));
        }
    }
    mat.n_universe = static_cast<std::size_t>(std::count(net.in_universe.begin(), net.in_universe.end(), 1));
}

}  // namespace

PayloadMatrix make_payload_matrix(const Network& net, const std::vector<TargetEdge>& extra) {
    PayloadMatrix mat;
    append_bundle(net, mat);
    const auto known = bundle_names(net);
    std::vector<const TargetEdge*> rows;
    for (const auto& e : extra)
        if (e.weight > 0 && !known.count(e.mirna)) rows.push_back(&e);
    std::unordered_map<std::string, std::uint32_t> gene_index;
    for (std::uint32_t g = 0; g < mat.genes.size(); ++g) gene_index.emplace(mat.genes[g], g);
    std::vector<std::string> new_genes;
    for (const auto* e : rows)
        if (!gene_index.count(e->gene)) new_genes.push_back(e->gene);
    std::sort(new_genes.begin(), new_genes.end());
    new_genes.erase(std::unique(new_genes.begin(), new_genes.end()), new_genes.end());
    for (auto& g : new_genes)
        gene_index.emplace(g, static_cast<std::uint32_t>(mat.genes.size())), mat.genes.push_back(g);
    // Genes that only the extra rows target join the universe too (bundle genes of targets.tsv already count).
    mat.n_universe += new_genes.size();
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* x, const auto* y) {
        return x->mirna != y->mirna ? x->mirna < y->mirna : gene_index[x->gene] < gene_index[y->gene];
    });
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i == 0 || rows[i]->mirna != rows[i - 1]->mirna) {
            mat.mirnas.push_back(rows[i]->mirna);
            mat.abundance.push_back(0.0);
            if (i > 0) mat.offsets.push_back(static_cast<std::uint32_t>(mat.target_genes.size()));
        }
        mat.target_genes.push_back(gene_index[rows[i]->gene]);
        mat.weights.push_back(rows[i]->weight);
    }
    if (!rows.empty()) mat.offsets.push_back(static_cast<std::uint32_t>(mat.target_genes.size()));
    return mat;
}

std::vector<std::size_t> select_modules(const Network& net, const std::vector<std::string>& patterns) {
    std::vector<std::size_t> out;
    std::vector<std::uint8_t> used(patterns.size(), 0);
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        const auto& name = net.modules[p].name;
        bool take = patterns.empty() && net.modules[p].is_signed;
        for (std::size_t i = 0; i < patterns.size(); ++i)
            if (name.compare(0, patterns[i].size(), patterns[i]) == 0) take = true, used[i] = 1;
        if (take) out.push_back(p);
    }
    std::vector<std::string> names;
    for (const auto& m : net.modules) names.push_back(m.name);
    for (std::size_t i = 0; i < patterns.size(); ++i)
        if (!used[i])
            throw Error(fmt::format("--modules: '{}' matches no module name or prefix (modules: {})", patterns[i],
                                    fmt::join(names, ", ")));
    if (out.empty())
        throw Error("the network has no signed module (driver/protective roles); pass --modules NAME to choose one");
    return out;
}

std::vector<double> payload_module_vector(const PayloadMatrix& mat, const Network& net, std::size_t p,
                                          const ScoreOptions& scoring) {
    std::vector<double> x = module_gene_vector(net, p, scoring);
    x.resize(mat.genes.size(), 0.0);  // genes only extra rows name are in no module
    std::vector<double> v(mat.mirnas.size(), 0.0);
    for (std::size_t m = 0; m < v.size(); ++m)
        for (auto e = mat.offsets[m]; e < mat.offsets[m + 1]; ++e) v[m] += mat.weights[e] * x[mat.target_genes[e]];
    return v;
}

namespace {

ModuleContributions contributions_of(const PayloadMatrix& mat, const Network& net, std::size_t p,
                                     const ScoreOptions& scoring) {
    std::vector<double> x = module_gene_vector(net, p, scoring);
    ModuleContributions mc;
    mc.module = p;
    for (std::uint32_t m = 0; m < mat.n_cargo; ++m) {
        Contribution c{m, 0, 0, 0, 0};
        for (auto e = mat.offsets[m]; e < mat.offsets[m + 1]; ++e) {
            const double t = mat.weights[e] * x[mat.target_genes[e]];
            c.v += t;
            (t > 0 ? c.therapeutic : c.harmful) += std::abs(t);
        }
        const double a = mat.abundance[m];
        c.contribution = a * c.v, c.therapeutic *= a, c.harmful *= a;
        mc.score += c.contribution;
        if (c.v != 0) mc.rows.push_back(c);
    }
    std::sort(mc.rows.begin(), mc.rows.end(), [&](const auto& x1, const auto& x2) {
        if (x1.contribution != x2.contribution) return x1.contribution > x2.contribution;
        return mat.mirnas[x1.mirna] < mat.mirnas[x2.mirna];
    });
    return mc;
}

std::string fmt_share(double x, double total) { return total != 0 ? fmt_fixed(x / total, 6) : "NA"; }

}  // namespace

std::vector<ModuleContributions> module_contributions(const PayloadMatrix& mat, const Network& net,
                                                      const std::vector<std::size_t>& modules,
                                                      const ScoreOptions& scoring) {
    std::vector<ModuleContributions> out(modules.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, modules.size()), [&](const auto& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) out[i] = contributions_of(mat, net, modules[i], scoring);
    });
    return out;
}

RoleGenes role_genes(const Network& net, const std::vector<std::size_t>& modules) {
    RoleGenes rg;
    for (auto p : modules) {
        const auto& mod = net.modules[p];
        for (std::size_t i = 0; i < mod.genes.size(); ++i) {
            if (mod.roles[i] > 0) rg.drivers.push_back(mod.genes[i]);
            if (mod.roles[i] < 0) rg.protective.push_back(mod.genes[i]);
        }
    }
    for (auto* v : {&rg.drivers, &rg.protective}) {
        std::sort(v->begin(), v->end());
        v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    return rg;
}

std::string payload_contributions_tsv(const PayloadMatrix& mat, const Network& net,
                                      const std::vector<ModuleContributions>& contributions) {
    std::string out =
        "module\tsource\tscore\trank\tmirna\tabundance\tv\tcontribution\ttherapeutic\tharmful\tshare"
        "\tcumulative_share\n";
    auto it = std::back_inserter(out);
    for (const auto& mc : contributions) {
        const auto& mod = net.modules[mc.module];
        double cumulative = 0;
        for (std::size_t r = 0; r < mc.rows.size(); ++r) {
            const auto& c = mc.rows[r];
            cumulative += c.contribution;
            fmt::format_to(it, "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", mod.name, mod.source,
                           fmt_general(mc.score), r + 1, mat.mirnas[c.mirna], fmt_fixed(mat.abundance[c.mirna], 8),
                           fmt_general(c.v), fmt_general(c.contribution), fmt_general(c.therapeutic),
                           fmt_general(c.harmful), fmt_share(c.contribution, mc.score),
                           fmt_share(cumulative, mc.score));
        }
    }
    return out;
}

namespace {

// Per cargo miRNA: summed weight over a sorted gene list, and the genes hit.
double weight_over(const PayloadMatrix& mat, std::uint32_t m, const std::vector<std::uint32_t>& genes,
                   std::vector<std::string>* hit) {
    double sum = 0;
    for (auto e = mat.offsets[m]; e < mat.offsets[m + 1]; ++e)
        if (std::binary_search(genes.begin(), genes.end(), mat.target_genes[e])) {
            sum += mat.weights[e];
            if (hit) hit->push_back(mat.genes[mat.target_genes[e]]);
        }
    return sum;
}

std::string join_or_na(const std::vector<std::string>& v) {
    return v.empty() ? "NA" : fmt::format("{}", fmt::join(v, ";"));
}

}  // namespace

std::string payload_mirnas_tsv(const PayloadMatrix& mat, const Network& net, const RoleGenes& roles,
                               const std::vector<ModuleContributions>& contributions, const MirnaFlags& flags) {
    struct Row {
        std::uint32_t m;
        double driver, protective;
        std::vector<std::string> driver_genes, protective_genes, helped, harmed;
    };
    std::vector<Row> rows;
    std::unordered_map<std::uint32_t, std::size_t> row_of;
    for (std::uint32_t m = 0; m < mat.n_cargo; ++m) {
        Row r{m, 0, 0, {}, {}, {}, {}};
        r.driver = mat.abundance[m] * weight_over(mat, m, roles.drivers, &r.driver_genes);
        r.protective = mat.abundance[m] * weight_over(mat, m, roles.protective, &r.protective_genes);
        if (r.driver_genes.empty() && r.protective_genes.empty()) continue;
        row_of[m] = rows.size();
        rows.push_back(std::move(r));
    }
    for (const auto& mc : contributions)
        for (const auto& c : mc.rows) {
            const auto it = row_of.find(c.mirna);
            if (it == row_of.end()) continue;
            if (c.therapeutic > 0) rows[it->second].helped.push_back(net.modules[mc.module].name);
            if (c.harmful > 0) rows[it->second].harmed.push_back(net.modules[mc.module].name);
        }
    std::sort(rows.begin(), rows.end(), [&](const Row& x, const Row& y) {
        const double nx = x.driver - x.protective, ny = y.driver - y.protective;
        return nx != ny ? nx > ny : mat.mirnas[x.m] < mat.mirnas[y.m];
    });
    std::string out =
        "rank\tmirna\tabundance\tdriver_load\tprotective_load\tnet_load\tn_drivers\tn_protective"
        "\tdriver_genes\tprotective_genes\tmodules_helped\tmodules_harmed\tcontamination\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", i + 1,
                       mat.mirnas[r.m], fmt_fixed(mat.abundance[r.m], 8), fmt_general(r.driver),
                       fmt_general(r.protective), fmt_general(r.driver - r.protective), r.driver_genes.size(),
                       r.protective_genes.size(), join_or_na(r.driver_genes), join_or_na(r.protective_genes),
                       join_or_na(r.helped), join_or_na(r.harmed), contamination_flag(flags, mat.mirnas[r.m]));
    }
    return out;
}

}  // namespace exomir
