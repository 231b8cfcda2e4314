// score.cpp: module statistics as dot products a . v_P, the stratified permutation null as a blocked float GEMM.
#include "exomir/network/score.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/tsan.hpp"
#include "exomir/network/geneset_null.hpp"
#include "exomir/network/null_rng.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace exomir {
namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t k_mr = 4;            // permutations per micro-kernel call
constexpr std::size_t k_nr = 16;           // modules per packed panel
constexpr std::size_t k_block_perms = 64;  // permutations per parallel task (fixed: results do not depend on threads)
constexpr std::size_t k_min_stratum = 5;   // fewest miRNAs per target-count stratum

// Eight floats; the baseline clone splits it into two SSE registers, the AVX2 clone uses one.
typedef float v8sf __attribute__((vector_size(32)));
static_assert(k_nr == 16, "micro_kernel holds a panel row in two v8sf");

// out[i*k_nr + j] = sum_k a[i*lda + k] * panel[k*k_nr + j]: the inner loop of the null, in a fixed order.
// No FMA contraction (ISO mode), so the AVX2 and baseline clones give the same bits.
// Under TSan one clone only: the ifunc resolver runs during relocation, before the TSan runtime is up,
// and its instrumented code crashed every test binary at load.
#ifdef EXOMIR_TSAN
#define EXOMIR_KERNEL_CLONES
#else
#define EXOMIR_KERNEL_CLONES __attribute__((target_clones("avx2", "default")))
#endif
EXOMIR_KERNEL_CLONES void micro_kernel(const float* a, std::size_t lda, const float* panel, std::size_t depth,
                                       float* out) {
    v8sf acc[k_mr][2] = {};
    for (std::size_t k = 0; k < depth; ++k) {
        v8sf v0, v1;
        std::memcpy(&v0, panel + k * k_nr, sizeof v0);
        std::memcpy(&v1, panel + k * k_nr + 8, sizeof v1);
        for (std::size_t i = 0; i < k_mr; ++i) {
            const float x = a[i * lda + k];
            acc[i][0] += x * v0;
            acc[i][1] += x * v1;
        }
    }
    std::memcpy(out, acc, sizeof acc);
}

// Gene -> (miRNA, w) transpose of the target CSR.
struct GeneTargets {
    std::vector<std::uint32_t> offsets, mirnas;
    std::vector<double> weights;
};

GeneTargets transpose_targets(const Network& net) {
    GeneTargets t;
    t.offsets.assign(net.genes.size() + 1, 0);
    for (auto g : net.target_genes) ++t.offsets[g + 1];
    std::partial_sum(t.offsets.begin(), t.offsets.end(), t.offsets.begin());
    t.mirnas.resize(net.target_genes.size());
    t.weights.resize(net.target_genes.size());
    std::vector<std::uint32_t> fill(t.offsets.begin(), t.offsets.end() - 1);
    for (std::uint32_t m = 0; m + 1 < net.target_offsets.size(); ++m)
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e) {
            const auto pos = fill[net.target_genes[e]]++;
            t.mirnas[pos] = m, t.weights[pos] = net.target_weights[e];
        }
    return t;
}

// What the null needs: the statistic vectors of the miRNAs with targets (column per module), the strata.
struct NullModel {
    std::vector<std::uint32_t> rows;                         // miRNAs with targets (GEMM rows)
    std::vector<std::vector<std::uint32_t>> strata_members;  // strata 1.. (stratum 0 never moves a statistic)
    std::vector<float> columns;                              // [module][row]
    std::vector<double> threshold;                           // per module
};

// The modules still drawing permutations, packed as panels of k_nr columns: [panel][row][k_nr].
struct PackedModules {
    std::vector<std::uint32_t> modules;
    std::vector<float> panels;
    std::size_t n_panels = 0;
};

PackedModules pack_modules(const NullModel& nm, std::vector<std::uint32_t> modules) {
    const std::size_t depth = nm.rows.size();
    PackedModules pm{std::move(modules), {}, 0};
    pm.n_panels = (pm.modules.size() + k_nr - 1) / k_nr;
    pm.panels.assign(pm.n_panels * depth * k_nr, 0.0f);
    const TsanParallelRegion tsan_region;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, pm.modules.size()), tsan_visible([&](const auto& range) {
                          for (std::size_t j = range.begin(); j != range.end(); ++j) {
                              const float* src = nm.columns.data() + std::size_t(pm.modules[j]) * depth;
                              float* col = pm.panels.data() + (j / k_nr) * depth * k_nr + j % k_nr;
                              for (std::size_t r = 0; r < depth; ++r) col[r * k_nr] = src[r];
                          }
                      }));
    tsan_region.end();
    return pm;
}

// Permuted abundances of permutations [first, first + n) (rows >= n are zero), restricted to the GEMM rows.
void permute_block(const Network& net, const NullModel& nm, const ScoreOptions& opt, std::uint64_t first, std::size_t n,
                   std::vector<float>& a_block) {
    const std::size_t depth = nm.rows.size();
    std::vector<double> perm;
    for (std::size_t b = 0; b < k_block_perms; ++b) {
        float* row = a_block.data() + b * depth;
        if (b >= n) {
            std::fill(row, row + depth, 0.0f);
            continue;
        }
        SplitMix rng{mix(opt.seed) ^ mix(first + b + 1)};
        perm = net.abundance;
        for (const auto& members : nm.strata_members)
            for (std::size_t i = members.size(); i > 1; --i) {
                const auto j = rng.below(static_cast<std::uint32_t>(i));
                std::swap(perm[members[i - 1]], perm[members[j]]);
            }
        for (std::size_t r = 0; r < depth; ++r) row[r] = static_cast<float>(perm[nm.rows[r]]);
    }
}

// #{null >= observed} per packed module over permutations [first, first + n), n <= k_block_perms.
std::vector<std::uint32_t> null_block(const Network& net, const NullModel& nm, const PackedModules& pm,
                                      const ScoreOptions& opt, std::uint64_t first, std::size_t n) {
    const std::size_t depth = nm.rows.size(), n_active = pm.modules.size();
    std::vector<float> a_block(k_block_perms * depth);
    permute_block(net, nm, opt, first, n, a_block);
    std::vector<std::uint32_t> n_ge(n_active, 0);
    float out[k_mr * k_nr];
    for (std::size_t panel = 0; panel < pm.n_panels; ++panel) {
        const float* pv = pm.panels.data() + panel * depth * k_nr;
        for (std::size_t b0 = 0; b0 < n; b0 += k_mr) {
            micro_kernel(a_block.data() + b0 * depth, depth, pv, depth, out);
            for (std::size_t i = 0; i < k_mr && b0 + i < n; ++i)
                for (std::size_t j = 0; j < k_nr && panel * k_nr + j < n_active; ++j)
                    n_ge[panel * k_nr + j] += out[i * k_nr + j] >= nm.threshold[pm.modules[panel * k_nr + j]];
        }
    }
    return n_ge;
}

// P[X >= k] for X ~ Hypergeometric(N = lf.size() - 1 genes, r in the module, n drawn), summed in log space.
double hypergeometric_upper_tail(unsigned k, unsigned r, std::size_t n, const std::vector<double>& lf) {
    const std::size_t total = lf.size() - 1;
    const auto log_choose = [&](std::size_t a, std::size_t b) { return lf[a] - lf[b] - lf[a - b]; };
    const double log_denominator = log_choose(total, n);
    double p = 0;
    for (std::size_t x = k; x <= std::min<std::size_t>(r, n); ++x)
        if (n - x <= total - r) p += std::exp(log_choose(r, x) + log_choose(total - r, n - x) - log_denominator);
    return std::clamp(p, 0.0, 1.0);
}

void hypergeometric(const Network& net, const ScoreOptions& opt, ScoreResult& res) {
    std::vector<std::uint32_t> order(net.mirnas.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return net.abundance[x] > net.abundance[y]; });
    const double total = std::accumulate(net.abundance.begin(), net.abundance.end(), 0.0);
    std::vector<std::uint8_t> hit(net.genes.size(), 0);
    res.in_top.assign(net.mirnas.size(), 0);
    double covered = 0;
    for (const auto m : order) {
        if (covered >= opt.top_read_fraction * total) break;
        covered += net.abundance[m], res.in_top[m] = 1;
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e) hit[net.target_genes[e]] = 1;
    }
    res.n_universe = std::count(net.in_universe.begin(), net.in_universe.end(), 1);
    for (std::size_t g = 0; g < hit.size(); ++g) hit[g] &= net.in_universe[g];
    res.n_top_targets = std::count(hit.begin(), hit.end(), 1);
    std::vector<double> log_factorial(res.n_universe + 1, 0.0);
    for (std::size_t i = 1; i < log_factorial.size(); ++i)
        log_factorial[i] = log_factorial[i - 1] + std::log(double(i));
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        unsigned r = 0, k = 0;
        for (auto g : net.modules[p].genes) r += net.in_universe[g], k += hit[g];
        auto& s = res.modules[p];
        const unsigned lo =
            static_cast<unsigned>(std::max<long>(0, long(res.n_top_targets) + r - long(res.n_universe)));
        if (k == 0 || r == 0 || k - 1 < lo) continue;
        s.hypergeom_p = hypergeometric_upper_tail(k, r, res.n_top_targets, log_factorial);
    }
    std::vector<double> p(res.modules.size());
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = res.modules[i].hypergeom_p;
    const auto fdr = bh_fdr(p);
    for (std::size_t i = 0; i < p.size(); ++i) res.modules[i].hypergeom_fdr = fdr[i];
}

}  // namespace

std::vector<std::string> validate(const ScoreOptions& opt) {
    std::vector<std::string> problems;
    if (opt.permutations < 1) problems.push_back("--permutations must be >= 1");
    if (opt.permutations > 100'000'000) problems.push_back("--permutations must be <= 100000000");
    if (opt.strata < 1) problems.push_back(fmt::format("--strata must be >= 1; got {}", opt.strata));
    if (opt.geneset_permutations < 1 || opt.geneset_permutations > 100'000'000)
        problems.push_back("--geneset-permutations must be in [1, 100000000]");
    if (opt.geneset_strata < 1)
        problems.push_back(fmt::format("--geneset-strata must be >= 1; got {}", opt.geneset_strata));
    if (!(opt.call_fdr > 0 && opt.call_fdr <= 1)) problems.push_back("--call-fdr must be in (0, 1]");
    if (!(opt.restart > 0 && opt.restart <= 1)) problems.push_back("--restart must be in (0, 1]");
    if (!(opt.top_read_fraction > 0 && opt.top_read_fraction <= 1))
        problems.push_back("top read fraction must be in (0, 1]");
    return problems;
}

std::vector<double> bh_fdr(const std::vector<double>& p) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) idx.push_back(i);
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return p[a] < p[b]; });
    std::vector<double> q(p.size(), k_nan);
    double running = 1.0;
    for (std::size_t r = idx.size(); r-- > 0;) {
        running = std::min(running, p[idx[r]] * double(idx.size()) / double(r + 1));
        q[idx[r]] = std::min(1.0, running);
    }
    return q;
}

std::vector<int> quantile_strata(const std::vector<double>& key, int n_strata, std::size_t min_size) {
    std::vector<std::uint32_t> order;
    for (std::uint32_t i = 0; i < key.size(); ++i)
        if (key[i] > 0) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return key[a] < key[b]; });
    // At least min_size members per stratum: a singleton stratum would freeze its member.
    const std::size_t n_eff = std::clamp<std::size_t>(order.size() / min_size, 1, std::size_t(n_strata));
    std::vector<int> stratum(key.size(), 0);
    for (std::size_t r = 0; r < order.size(); ++r) stratum[order[r]] = 1 + static_cast<int>(r * n_eff / order.size());
    return stratum;
}

std::vector<int> target_strata(const std::vector<std::uint32_t>& n_targets, int n_strata) {
    return quantile_strata(std::vector<double>(n_targets.begin(), n_targets.end()), n_strata, k_min_stratum);
}

std::vector<int> target_weight_strata(const std::vector<double>& target_weight, int n_strata) {
    return quantile_strata(target_weight, n_strata, k_min_stratum);
}

const char* call_rule_name(CallRule rule) {
    switch (rule) {
        case CallRule::both:
            return "both";
        case CallRule::cargo:
            return "cargo";
        case CallRule::geneset:
            return "geneset";
        case CallRule::either:
            return "either";
    }
    return "both";
}

CallRule parse_call_rule(const std::string& name) {
    for (auto rule : {CallRule::both, CallRule::cargo, CallRule::geneset, CallRule::either})
        if (name == call_rule_name(rule)) return rule;
    throw UsageError(fmt::format("--call must be both, cargo, geneset or either; got '{}'", name));
}

bool module_call(const ModuleScore& s, CallRule rule, double level) {
    const bool cargo = s.fdr_cargo < level, geneset = s.fdr_geneset < level;
    switch (rule) {
        case CallRule::both:
            return cargo && geneset;
        case CallRule::cargo:
            return cargo;
        case CallRule::geneset:
            return geneset;
        case CallRule::either:
            return cargo || geneset;
    }
    return false;
}

std::vector<double> random_walk(const Network& net, const std::vector<double>& x, double restart, bool transpose) {
    const std::size_t g = net.genes.size();
    std::vector<double> degree(g, 0.0), p = x, next(g);
    for (std::size_t i = 0; i < g; ++i)
        for (auto e = net.ppi_offsets[i]; e < net.ppi_offsets[i + 1]; ++e) degree[i] += net.ppi_weights[e];
    for (int iter = 0; iter < 1000; ++iter) {
        double change = 0, norm = 0;
        for (std::size_t i = 0; i < g; ++i) {
            double flow = 0;  // forward: sum_j w_ij p_j / d_j; adjoint: sum_j w_ij p_j / d_i
            for (auto e = net.ppi_offsets[i]; e < net.ppi_offsets[i + 1]; ++e) {
                const auto j = net.ppi_genes[e];
                flow += transpose ? net.ppi_weights[e] * p[j] : net.ppi_weights[e] * p[j] / degree[j];
            }
            if (transpose && degree[i] > 0) flow /= degree[i];
            next[i] = restart * x[i] + (1 - restart) * flow;
            change += std::abs(next[i] - p[i]), norm += std::abs(next[i]);
        }
        p.swap(next);
        if (change <= 1e-12 * std::max(norm, 1e-300)) break;
    }
    return p;
}

std::vector<double> module_gene_vector(const Network& net, std::size_t p, const ScoreOptions& opt) {
    const auto& mod = net.modules[p];
    std::vector<double> x(net.genes.size(), 0.0);
    double norm = 0;
    for (auto r : mod.roles) norm += mod.is_signed ? std::abs(r) : 1;
    for (std::size_t i = 0; i < mod.genes.size(); ++i)
        x[mod.genes[i]] = norm > 0 ? (mod.is_signed ? mod.roles[i] : 1) / norm : 0;
    return opt.propagate ? random_walk(net, x, opt.restart, true) : x;
}

std::vector<double> module_mirna_vector(const Network& net, const std::vector<double>& gene_vector) {
    std::vector<double> v(net.mirnas.size(), 0.0);
    for (std::size_t m = 0; m < v.size(); ++m)
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e)
            v[m] += net.target_weights[e] * gene_vector[net.target_genes[e]];
    return v;
}

namespace {

// v_P from the sparse module membership (no propagation): only the module genes' regulators are touched.
std::vector<double> sparse_mirna_vector(const NetworkModule& mod, const GeneTargets& gt, std::size_t n_mirnas) {
    std::vector<double> v(n_mirnas, 0.0);
    double norm = 0;
    for (auto r : mod.roles) norm += mod.is_signed ? std::abs(r) : 1;
    if (norm == 0) return v;
    for (std::size_t i = 0; i < mod.genes.size(); ++i) {
        const double x = (mod.is_signed ? mod.roles[i] : 1) / norm;
        if (x == 0) continue;
        for (auto e = gt.offsets[mod.genes[i]]; e < gt.offsets[mod.genes[i] + 1]; ++e)
            v[gt.mirnas[e]] += gt.weights[e] * x;
    }
    return v;
}

// Exact mean and variance of a_pi . v when a is permuted uniformly within each stratum (stratum 0 fixed):
// per stratum of n miRNAs, mean n * mean(a) * mean(v), variance sum (a - mean a)^2 * sum (v - mean v)^2 / (n - 1).
std::pair<double, double> null_moments(const std::vector<double>& a, const std::vector<double>& v,
                                       const std::vector<std::vector<std::uint32_t>>& strata) {
    double mean = 0, var = 0;
    std::vector<char> moved(a.size(), 0);
    for (const auto& members : strata) {
        const double n = double(members.size());
        if (members.empty()) continue;
        double sa = 0, sv = 0;
        for (auto m : members) sa += a[m], sv += v[m], moved[m] = 1;
        mean += sa * sv / n;
        if (members.size() < 2) continue;
        double ssa = 0, ssv = 0;
        for (auto m : members) ssa += (a[m] - sa / n) * (a[m] - sa / n), ssv += (v[m] - sv / n) * (v[m] - sv / n);
        var += ssa * ssv / (n - 1);
    }
    for (std::size_t m = 0; m < a.size(); ++m)
        if (!moved[m]) mean += a[m] * v[m];
    return {mean, var};
}

// Observed statistics, exact null moments, top contributors and the null column of every module.
void observe_modules(const Network& net, const ScoreOptions& opt, const std::vector<double>& gene_vec, ScoreResult& res,
                     NullModel& nm) {
    const GeneTargets gt = transpose_targets(net);
    const std::size_t depth = nm.rows.size();
    nm.columns.assign(net.modules.size() * depth, 0.0f);
    nm.threshold.assign(net.modules.size(), 0.0);
    const TsanParallelRegion tsan_region;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, net.modules.size()), tsan_visible([&](const auto& range) {
                          for (std::size_t p = range.begin(); p != range.end(); ++p) {
                              const auto& mod = net.modules[p];
                              const auto v = opt.propagate ? module_mirna_vector(net, module_gene_vector(net, p, opt))
                                                           : sparse_mirna_vector(mod, gt, net.mirnas.size());
                              auto& s = res.modules[p];
                              s.n_genes = mod.genes.size();
                              double load = 0;
                              for (auto g : mod.genes) load += gene_vec[g], s.n_targeted += res.gene_load[g] > 0;
                              s.load = s.n_genes ? load / double(s.n_genes) : 0;
                              double stat = 0;
                              std::vector<std::pair<double, std::uint32_t>> contrib;
                              for (std::uint32_t m = 0; m < v.size(); ++m) {
                                  stat += net.abundance[m] * v[m];
                                  if (net.abundance[m] * v[m] > 0) contrib.emplace_back(-net.abundance[m] * v[m], m);
                              }
                              s.statistic = stat;
                              s.signed_score = mod.is_signed ? stat : k_nan;
                              const std::size_t n_top = std::min<std::size_t>(opt.n_top_contributors, contrib.size());
                              std::partial_sort(contrib.begin(), contrib.begin() + n_top, contrib.end());
                              for (std::size_t i = 0; i < n_top; ++i) s.top_mirnas.push_back(contrib[i].second);
                              nm.threshold[p] = tie_threshold(stat);
                              const auto [mean, var] = null_moments(net.abundance, v, nm.strata_members);
                              s.null_mean = mean, s.null_sd = std::sqrt(var);
                              s.z = s.null_sd > 1e-12 * std::max(std::abs(mean), 1e-300) ? (stat - mean) / s.null_sd
                                                                                         : k_nan;
                              float* col = nm.columns.data() + p * depth;
                              for (std::size_t r = 0; r < depth; ++r) col[r] = static_cast<float>(v[nm.rows[r]]);
                          }
                      }));
    tsan_region.end();
}

// The null in rounds of doubling size; a module stops drawing permutations once opt.stop_hits null values
// reached its statistic (Besag & Clifford 1991), so only modules with small p run all B permutations.
void run_null(const Network& net, const ScoreOptions& opt, const NullModel& nm, ScoreResult& res) {
    const std::size_t n_modules = net.modules.size();
    std::vector<std::uint64_t> n_ge(n_modules, 0), n_done(n_modules, 0);
    std::vector<std::uint32_t> active(n_modules);
    std::iota(active.begin(), active.end(), 0);
    std::uint64_t done = 0, round = 4 * k_block_perms;
    while (done < opt.permutations && !active.empty()) {
        const std::uint64_t n = std::min(round, opt.permutations - done);
        const PackedModules pm = pack_modules(nm, active);
        const std::size_t n_blocks = (n + k_block_perms - 1) / k_block_perms;
        std::vector<std::vector<std::uint32_t>> parts(n_blocks);
        const TsanParallelRegion tsan_region;
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_blocks, 1), tsan_visible([&](const auto& range) {
                              for (std::size_t b = range.begin(); b != range.end(); ++b) {
                                  const std::uint64_t first = done + b * k_block_perms;
                                  parts[b] = null_block(net, nm, pm, opt, first,
                                                        std::min<std::uint64_t>(k_block_perms, done + n - first));
                              }
                          }));
        tsan_region.end();
        std::vector<std::uint32_t> still;
        for (std::size_t j = 0; j < active.size(); ++j) {
            for (const auto& part : parts) n_ge[active[j]] += part[j];
            n_done[active[j]] += n;
            if (opt.stop_hits == 0 || n_ge[active[j]] < opt.stop_hits) still.push_back(active[j]);
        }
        active.swap(still);
        done += n, round *= 2;
    }
    std::vector<double> p(n_modules);
    for (std::size_t i = 0; i < n_modules; ++i) {
        res.modules[i].p_cargo = p[i] = (1.0 + double(n_ge[i])) / (double(n_done[i]) + 1.0);
        res.modules[i].n_permutations = n_done[i];
    }
    const auto fdr = bh_fdr(p);
    for (std::size_t i = 0; i < n_modules; ++i) res.modules[i].fdr_cargo = fdr[i];
}

}  // namespace

ScoreResult score_network(const Network& net, const ScoreOptions& opt) {
    ScoreResult res;
    const std::size_t k = net.mirnas.size();
    res.gene_load.assign(net.genes.size(), 0.0);
    res.n_targets.assign(k, 0);
    std::vector<double> target_weight(k, 0.0);
    for (std::size_t m = 0; m < k; ++m)
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e) {
            res.gene_load[net.target_genes[e]] += net.abundance[m] * net.target_weights[e];
            res.n_targets[m] += net.target_weights[e] > 0;
            target_weight[m] += std::max(0.0, double(net.target_weights[e]));
        }
    if (opt.propagate) res.gene_propagated = random_walk(net, res.gene_load, opt.restart, false);
    res.stratum = opt.strata_by_weight ? target_weight_strata(target_weight, opt.strata)
                                       : target_strata(res.n_targets, opt.strata);
    NullModel nm;
    nm.strata_members.resize(opt.strata);
    for (std::uint32_t m = 0; m < k; ++m)
        if (res.stratum[m] > 0) nm.rows.push_back(m), nm.strata_members[res.stratum[m] - 1].push_back(m);
    res.modules.resize(net.modules.size());
    observe_modules(net, opt, opt.propagate ? res.gene_propagated : res.gene_load, res, nm);
    run_null(net, opt, nm, res);
    run_geneset_null(net, opt, opt.propagate ? res.gene_propagated : res.gene_load, res.modules);
    for (auto& m : res.modules) m.call = module_call(m, opt.call, opt.call_fdr);
    hypergeometric(net, opt, res);
    return res;
}

}  // namespace exomir
