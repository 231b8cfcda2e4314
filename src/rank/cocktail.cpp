// cocktail.cpp (no header of its own: declared in rank/rank.hpp, one header for the rank stage): k-miRNA cocktails by
// lazy greedy maximisation of driver coverage minus a modular harmful load.
#include <algorithm>
#include <cmath>
#include <queue>
#include <unordered_set>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/rank/rank.hpp"

namespace exomir {
namespace {

// Coverage gain of candidate c given the uncovered fraction q_d = prod_{S} (1 - w) of every driver.
double coverage_gain(const CocktailProblem& prob, std::uint32_t c, const std::vector<double>& q) {
    double gain = 0;
    for (const auto& [d, w] : prob.cover[c]) gain += q[d] * w;
    return gain;
}

// A stale upper bound of a candidate's marginal gain, computed when the cocktail had `size` members.
struct Bound {
    double gain;
    std::uint32_t candidate;
    std::size_t size;
    bool operator<(const Bound& o) const {  // max-heap on gain, ties to the lower index
        return gain != o.gain ? gain < o.gain : candidate > o.candidate;
    }
};

}  // namespace

double cocktail_value(const CocktailProblem& prob, const std::vector<std::uint32_t>& chosen) {
    std::vector<double> q(prob.n_drivers, 1.0);
    double penalty = 0;
    for (auto c : chosen) {
        for (const auto& [d, w] : prob.cover[c]) q[d] *= 1 - w;
        penalty += prob.penalty[c];
    }
    double coverage = 0;
    for (double x : q) coverage += 1 - x;
    return coverage - prob.lambda * penalty;
}

std::vector<CocktailStep> greedy_cocktail(const CocktailProblem& prob, std::size_t k) {
    const std::size_t n = prob.cover.size();
    std::vector<double> first(n);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const auto& r) {
        const std::vector<double> ones(prob.n_drivers, 1.0);
        for (std::size_t c = r.begin(); c != r.end(); ++c)
            first[c] = coverage_gain(prob, static_cast<std::uint32_t>(c), ones) - prob.lambda * prob.penalty[c];
    });
    std::priority_queue<Bound> heap;
    for (std::uint32_t c = 0; c < n; ++c) heap.push({first[c], c, 0});
    std::vector<double> q(prob.n_drivers, 1.0);
    std::vector<CocktailStep> steps;
    CocktailStep state;
    while (steps.size() < k && !heap.empty()) {
        Bound top = heap.top();
        heap.pop();
        if (top.size != steps.size()) {  // stale: recompute; submodularity keeps it an upper bound of the rest
            top.gain = coverage_gain(prob, top.candidate, q) - prob.lambda * prob.penalty[top.candidate];
            top.size = steps.size();
            heap.push(top);
            continue;
        }
        if (!(top.gain > 0)) break;
        const double cov = coverage_gain(prob, top.candidate, q);
        for (const auto& [d, w] : prob.cover[top.candidate]) q[d] *= 1 - w;
        state.candidate = top.candidate;
        state.coverage += cov;
        state.penalty += prob.penalty[top.candidate];
        state.marginal_gain = top.gain;
        state.value += top.gain;
        steps.push_back(state);
    }
    return steps;
}

PayloadCocktail make_payload_cocktail(const PayloadMatrix& mat, const Network& net,
                                      const std::vector<std::size_t>& modules, const RankOptions& opt) {
    PayloadCocktail pc;
    const RoleGenes roles = role_genes(net, modules);
    if (roles.drivers.empty())
        throw Error("the modules chosen have no driver gene (role +1); choose signed modules with --modules");
    pc.drivers = roles.drivers;
    std::vector<std::int32_t> driver_of(mat.genes.size(), -1);
    for (std::size_t d = 0; d < pc.drivers.size(); ++d) driver_of[pc.drivers[d]] = static_cast<std::int32_t>(d);
    // 0 = off-module, 1 = in a selected module (not penalised unless protective), 2 = protective.
    std::vector<std::uint8_t> kind(mat.genes.size(), 0);
    for (auto p : modules)
        for (auto g : net.modules[p].genes) kind[g] = 1;
    for (const auto& mod : net.modules)
        for (std::size_t i = 0; i < mod.genes.size(); ++i)
            if (mod.roles[i] < 0 && driver_of[mod.genes[i]] < 0) kind[mod.genes[i]] = 2;
    const std::size_t n = opt.pool == Pool::all ? mat.mirnas.size() : mat.n_cargo;
    for (std::uint32_t m = 0; m < n; ++m)
        if (mat.offsets[m + 1] > mat.offsets[m] &&
            !std::binary_search(opt.exclude_mirnas.begin(), opt.exclude_mirnas.end(), mat.mirnas[m]))
            pc.candidates.push_back(m);
    std::stable_sort(pc.candidates.begin(), pc.candidates.end(), [&](auto x, auto y) {
        return mat.abundance[x] != mat.abundance[y] ? mat.abundance[x] > mat.abundance[y]
                                                    : mat.mirnas[x] < mat.mirnas[y];
    });
    pc.off_module_scale = mat.n_universe ? double(pc.drivers.size()) / double(mat.n_universe) : 0.0;
    auto& prob = pc.problem;
    prob.n_drivers = pc.drivers.size();
    prob.lambda = opt.lambda;
    for (auto m : pc.candidates) {
        std::vector<std::pair<std::uint32_t, double>> cover;
        double prot = 0, off = 0;
        for (auto e = mat.offsets[m]; e < mat.offsets[m + 1]; ++e) {
            const auto g = mat.target_genes[e];
            if (driver_of[g] >= 0)
                cover.emplace_back(static_cast<std::uint32_t>(driver_of[g]), mat.weights[e]);
            else if (kind[g] == 2)
                prot += mat.weights[e];
            else if (kind[g] == 0)
                off += mat.weights[e];
        }
        prob.cover.push_back(std::move(cover));
        pc.protective_load.push_back(prot);
        pc.off_module_load.push_back(off);
        prob.penalty.push_back(prot + pc.off_module_scale * off);
    }
    return pc;
}

namespace {

// Driver / protective genes a candidate hits, `;`-joined (NA if none).
std::string genes_hit(const PayloadMatrix& mat, std::uint32_t m, const std::vector<std::uint32_t>& sorted_genes) {
    std::vector<std::string> hit;
    for (auto e = mat.offsets[m]; e < mat.offsets[m + 1]; ++e)
        if (std::binary_search(sorted_genes.begin(), sorted_genes.end(), mat.target_genes[e]))
            hit.push_back(mat.genes[mat.target_genes[e]]);
    return hit.empty() ? "NA" : fmt::format("{}", fmt::join(hit, ";"));
}

}  // namespace

std::string payload_cocktails_tsv(const PayloadMatrix& mat, const PayloadCocktail& pc,
                                  const std::vector<CocktailStep>& steps, std::size_t k, const MirnaFlags& flags) {
    std::string out =
        "k\tstep\tmirna\tmarginal_gain\tcumulative_F\tcovered_drivers\tharmful_load\tmarginal_coverage"
        "\tprotective_load\toff_module_load\tin_cargo\tabundance\tdrivers_hit\tcontamination\n";
    double prev_cov = 0, prot = 0, off = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& s = steps[i];
        const auto m = pc.candidates[s.candidate];
        prot += pc.protective_load[s.candidate], off += pc.off_module_load[s.candidate];
        fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", k, i + 1,
                       mat.mirnas[m], fmt_fixed(s.marginal_gain, 6), fmt_fixed(s.value, 6), fmt_fixed(s.coverage, 6),
                       fmt_fixed(s.penalty, 6), fmt_fixed(s.coverage - prev_cov, 6), fmt_fixed(prot, 6),
                       fmt_fixed(off, 6), m < mat.n_cargo ? "yes" : "no", fmt_fixed(mat.abundance[m], 8),
                       genes_hit(mat, m, pc.drivers), contamination_flag(flags, mat.mirnas[m]));
        prev_cov = s.coverage;
    }
    return out;
}

}  // namespace exomir
