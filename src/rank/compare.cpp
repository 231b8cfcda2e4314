// compare.cpp (no header of its own: declared in rank/rank.hpp, one header for the rank stage): module scores of sample
// groups (e.g. MSC sources) compared by a bootstrap over samples.
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <random>
#include <unordered_map>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/rank/rank.hpp"

namespace exomir {
namespace {

constexpr std::size_t k_block = 64;
constexpr double k_nan =
    std::numeric_limits<double>::quiet_NaN();  // resamples per parallel task (fixed: results do not depend on threads)

// Resample b draws from a Mersenne Twister seeded by std::seed_seq{seed, b}: both are fully specified by the C++
// standard, so the draws are the same on every platform and for any thread count.
struct Resampler {
    std::mt19937_64 engine;
    Resampler(std::uint64_t seed, std::uint64_t b) {
        std::seed_seq seq{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(b), std::uint32_t(b >> 32)};
        engine.seed(seq);
    }
    // Uniform in [0, n) for n < 2^32 (Lemire's multiply-shift; bias < 2^-32 * n).
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(((engine() >> 32) * n) >> 32); }
};

// Mean (and, when `var` is given, unbiased variance) per module of `n` samples drawn with replacement from
// `pool` (rows of `scores`).
void resample(const std::vector<std::vector<double>>& scores, const std::vector<std::size_t>& pool, std::size_t n,
              Resampler& rng, std::vector<double>& mean, std::vector<double>* var) {
    std::fill(mean.begin(), mean.end(), 0.0);
    if (var) std::fill(var->begin(), var->end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& row = scores[pool[rng.below(pool.size())]];
        for (std::size_t p = 0; p < mean.size(); ++p) mean[p] += row[p];
        if (var)
            for (std::size_t p = 0; p < mean.size(); ++p) (*var)[p] += row[p] * row[p];
    }
    for (std::size_t p = 0; p < mean.size(); ++p) {
        mean[p] /= double(n);
        if (var) (*var)[p] = std::max(0.0, ((*var)[p] - double(n) * mean[p] * mean[p]) / double(n - 1));
    }
}

// Welch statistic (m_a - m_b) / sqrt(v_a / n_a + v_b / n_b); +-inf when the groups have no spread.
double welch(double m_a, double v_a, std::size_t n_a, double m_b, double v_b, std::size_t n_b) {
    const double d = m_a - m_b, se = std::sqrt(v_a / double(n_a) + v_b / double(n_b));
    if (se > 1e-300) return d / se;
    return d == 0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), d);
}

// Type-7 quantile of a sorted vector (infinite when it touches an infinite value).
double quantile(const std::vector<double>& sorted, double q) {
    const double h = q * double(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    if (!std::isfinite(sorted[lo]) || !std::isfinite(sorted[hi]))
        return std::isfinite(sorted[lo]) ? sorted[hi] : sorted[lo];
    return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

std::string num_or_na(double x) { return std::isnan(x) ? "NA" : fmt_general(x); }

}  // namespace

SampleGroups group_samples(const CountsTable& counts, const SampleSheetTable& sheet, const std::string& column) {
    const auto& columns = sheet.condition_columns;
    if (std::find(columns.begin(), columns.end(), column) == columns.end())
        throw Error(fmt::format("--group-by: the sample sheet has no column '{}' (columns: {})", column,
                                fmt::join(columns, ", ")));
    std::map<std::string, std::vector<std::size_t>> by_group;
    for (const auto& s : sheet.samples) {
        if (!s.is_sample()) continue;  // blanks and negatives are controls, not a group
        const auto it = std::find(counts.samples.begin(), counts.samples.end(), s.name);
        if (it == counts.samples.end())
            throw Error(fmt::format("sample sheet: sample '{}' is not a column of the counts table (columns: {})",
                                    s.name, fmt::join(counts.samples, ", ")));
        by_group[s.conditions.at(column)].push_back(static_cast<std::size_t>(it - counts.samples.begin()));
    }
    SampleGroups g;
    for (auto& [name, cols] : by_group) {
        if (cols.size() < 2)
            throw Error(fmt::format("--group-by {}: group '{}' has {} sample; the bootstrap needs >= 2 per group",
                                    column, name, cols.size()));
        std::sort(cols.begin(), cols.end());
        g.names.push_back(name), g.samples.push_back(cols);
    }
    if (g.names.size() < 2)
        throw Error(fmt::format("--group-by {}: only {} group; a comparison needs >= 2", column, g.names.size()));
    return g;
}

std::vector<std::vector<double>> sample_module_scores(const PayloadMatrix& mat, const CountsTable& counts,
                                                      const std::vector<std::vector<double>>& module_vectors,
                                                      const NormFactors* factors) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t m = 0; m < mat.mirnas.size(); ++m) index.emplace(mat.mirnas[m], m);
    std::vector<std::vector<double>> scores(counts.samples.size(), std::vector<double>(module_vectors.size(), 0.0));
    // An error (e.g. a sample without a TMM factor) is kept per sample and the first in column order is thrown, so
    // the message is the same at any thread count.
    std::vector<std::exception_ptr> errors(counts.samples.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, counts.samples.size()), [&](const auto& r) {
        for (std::size_t s = r.begin(); s != r.end(); ++s) {
            Abundance ab;
            try {
                ab = compute_abundance(counts, {s}, 0.0, factors);
            } catch (const Error&) {
                errors[s] = std::current_exception();
                continue;
            }
            for (std::size_t i = 0; i < ab.mirnas.size(); ++i) {
                const auto it = index.find(ab.mirnas[i]);
                if (it == index.end()) continue;
                for (std::size_t p = 0; p < module_vectors.size(); ++p)
                    scores[s][p] += ab.fraction[i] * module_vectors[p][it->second];
            }
        }
    });
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    return scores;
}

namespace {

// Observed mean and unbiased variance of every group on every module.
struct GroupMoments {
    std::vector<std::vector<double>> mean, var;  // [group][module]
};

GroupMoments group_moments(const std::vector<std::vector<double>>& scores, const SampleGroups& groups,
                           std::size_t n_mod) {
    GroupMoments gm{std::vector<std::vector<double>>(groups.names.size(), std::vector<double>(n_mod)), {}};
    gm.var = gm.mean;
    for (std::size_t g = 0; g < groups.names.size(); ++g) {
        const auto& members = groups.samples[g];
        for (std::size_t p = 0; p < n_mod; ++p) {
            double sum = 0, sq = 0;
            for (auto s : members) sum += scores[s][p];
            const double m = sum / double(members.size());
            for (auto s : members) sq += (scores[s][p] - m) * (scores[s][p] - m);
            gm.mean[g][p] = m, gm.var[g][p] = sq / double(members.size() - 1);
        }
    }
    return gm;
}

using PairList = std::vector<std::pair<std::size_t, std::size_t>>;

// Studentised bootstrap replicates t* = (d* - d) / se* per pair and module (Efron & Tibshirani 1993, 12.5 and
// algorithm 16.2): every group resampled with replacement within itself. [pair][module][b].
std::vector<std::vector<std::vector<double>>> bootstrap_t(const std::vector<std::vector<double>>& scores,
                                                          const SampleGroups& groups, const GroupMoments& gm,
                                                          const PairList& pairs, const RankOptions& opt) {
    const std::size_t n_mod = gm.mean.empty() ? 0 : gm.mean[0].size(), n_groups = groups.names.size();
    const std::size_t B = opt.bootstrap, n_blocks = (B + k_block - 1) / k_block;
    std::vector<std::vector<std::vector<double>>> tstar(
        pairs.size(), std::vector<std::vector<double>>(n_mod, std::vector<double>(B)));
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_blocks, 1), [&](const auto& r) {
        std::vector<std::vector<double>> bm(n_groups, std::vector<double>(n_mod)), bv = bm;
        for (std::size_t blk = r.begin(); blk != r.end(); ++blk)
            for (std::size_t b = blk * k_block; b < std::min(B, (blk + 1) * k_block); ++b) {
                Resampler rng(opt.seed, b);
                for (std::size_t g = 0; g < n_groups; ++g)
                    resample(scores, groups.samples[g], groups.samples[g].size(), rng, bm[g], &bv[g]);
                for (std::size_t i = 0; i < pairs.size(); ++i) {
                    const auto [ga, gb] = pairs[i];
                    const std::size_t na = groups.samples[ga].size(), nb = groups.samples[gb].size();
                    for (std::size_t p = 0; p < n_mod; ++p)
                        tstar[i][p][b] = welch(bm[ga][p] - (gm.mean[ga][p] - gm.mean[gb][p]), bv[ga][p], na, bm[gb][p],
                                               bv[gb][p], nb);
                }
            }
    });
    return tstar;
}

// Rank of every group per module by mean score (1 = highest; ties by group order).
std::vector<std::vector<std::size_t>> group_ranks(const GroupMoments& gm, std::size_t n_mod) {
    const std::size_t n_groups = gm.mean.size();
    std::vector<std::vector<std::size_t>> rank(n_mod, std::vector<std::size_t>(n_groups));
    for (std::size_t p = 0; p < n_mod; ++p) {
        std::vector<std::size_t> order(n_groups);
        for (std::size_t g = 0; g < n_groups; ++g) order[g] = g;
        std::stable_sort(order.begin(), order.end(), [&](auto u, auto v) { return gm.mean[u][p] > gm.mean[v][p]; });
        for (std::size_t r = 0; r < n_groups; ++r) rank[p][order[r]] = r + 1;
    }
    return rank;
}

}  // namespace

std::vector<GroupComparison> compare_groups(const std::vector<std::vector<double>>& scores, const SampleGroups& groups,
                                            const RankOptions& opt) {
    const std::size_t n_mod = scores.empty() ? 0 : scores[0].size(), n_groups = groups.names.size();
    const GroupMoments gm = group_moments(scores, groups, n_mod);
    PairList pairs;
    for (std::size_t a = 0; a < n_groups; ++a)
        for (std::size_t b = a + 1; b < n_groups; ++b) pairs.emplace_back(a, b);
    auto tstar = bootstrap_t(scores, groups, gm, pairs, opt);
    const auto rank = group_ranks(gm, n_mod);
    std::vector<GroupComparison> rows;
    for (std::size_t p = 0; p < n_mod; ++p)
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const auto [ga, gb] = pairs[i];
            const std::size_t na = groups.samples[ga].size(), nb = groups.samples[gb].size();
            GroupComparison c;
            c.module = p, c.a = ga, c.b = gb, c.rank_a = rank[p][ga], c.rank_b = rank[p][gb];
            c.score_a = gm.mean[ga][p], c.score_b = gm.mean[gb][p], c.difference = c.score_a - c.score_b;
            const double se = std::sqrt(gm.var[ga][p] / double(na) + gm.var[gb][p] / double(nb));
            const double t = std::abs(welch(c.score_a, gm.var[ga][p], na, c.score_b, gm.var[gb][p], nb));
            auto& ts = tstar[i][p];
            std::uint64_t ge = 0;
            for (double x : ts) ge += std::abs(x) >= t * (1 - 1e-12);
            c.p = (1.0 + double(ge)) / (double(opt.bootstrap) + 1.0);
            std::sort(ts.begin(), ts.end());
            const double hi = quantile(ts, (1 + opt.ci) / 2), lo = quantile(ts, (1 - opt.ci) / 2);
            // No spread at all: a point; resamples without spread (tiny groups) make t* infinite: no interval (NA).
            c.ci_low = !(se > 0) ? c.difference : std::isfinite(hi) ? c.difference - hi * se : k_nan;
            c.ci_high = !(se > 0) ? c.difference : std::isfinite(lo) ? c.difference - lo * se : k_nan;
            rows.push_back(c);
        }
    std::vector<double> p(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) p[i] = rows[i].p;
    const auto fdr = bh_fdr(p);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].fdr = fdr[i];
    return rows;
}

std::string group_comparison_tsv(const std::vector<GroupComparison>& rows, const SampleGroups& groups,
                                 const std::vector<std::string>& module_names,
                                 const std::vector<std::string>& module_sources) {
    std::string out =
        "module\tsource\tgroup_a\tgroup_b\tn_a\tn_b\tscore_a\tscore_b\tdifference\tci_low\tci_high"
        "\tp_bootstrap\tfdr\trank_a\trank_b\n";
    for (const auto& r : rows)
        fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                       module_names[r.module], module_sources[r.module], groups.names[r.a], groups.names[r.b],
                       groups.samples[r.a].size(), groups.samples[r.b].size(), fmt_general(r.score_a),
                       fmt_general(r.score_b), fmt_general(r.difference), num_or_na(r.ci_low), num_or_na(r.ci_high),
                       fmt_general(r.p), fmt_general(r.fdr), r.rank_a, r.rank_b);
    return out;
}

}  // namespace exomir
