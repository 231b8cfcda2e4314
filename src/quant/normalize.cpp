// normalize.cpp: TMM normalisation factors (edgeR's calcNormFactors, method "TMM", defaults).
#include "exomir/quant/normalize.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"

namespace exomir {
namespace {

// R's rank(x): 1-based ranks, ties given their average rank.
std::vector<double> average_ranks(const std::vector<double>& x) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return x[a] < x[b]; });
    std::vector<double> rank(x.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
        const double r = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
        for (std::size_t k = i; k <= j; ++k) rank[order[k]] = r;
        i = j + 1;
    }
    return rank;
}

// R's quantile(x, p) with its default type 7.
double quantile7(std::vector<double> x, double p) {
    if (x.empty()) return 0;
    std::sort(x.begin(), x.end());
    const double h = (static_cast<double>(x.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, x.size() - 1);
    return x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

// edgeR's .calcFactorTMM for one sample against the reference (doWeighting = TRUE, Acutoff = -1e10).
double tmm_factor(const std::vector<double>& obs, const std::vector<double>& ref, double n_obs, double n_ref,
                  double logratio_trim, double sum_trim) {
    std::vector<double> log_r, abs_e, var;
    for (std::size_t i = 0; i < obs.size(); ++i) {
        if (!(obs[i] > 0) || !(ref[i] > 0)) continue;  // log-ratio or log-abundance not finite
        const double po = obs[i] / n_obs, pr = ref[i] / n_ref;
        log_r.push_back(std::log2(po / pr));
        abs_e.push_back((std::log2(po) + std::log2(pr)) / 2);
        var.push_back((n_obs - obs[i]) / n_obs / obs[i] + (n_ref - ref[i]) / n_ref / ref[i]);
    }
    if (log_r.empty()) return 1;
    double max_abs = 0;
    for (const double r : log_r) max_abs = std::max(max_abs, std::abs(r));
    if (max_abs < 1e-6) return 1;
    const double n = static_cast<double>(log_r.size());
    const double lo_l = std::floor(n * logratio_trim) + 1, hi_l = n + 1 - lo_l;
    const double lo_s = std::floor(n * sum_trim) + 1, hi_s = n + 1 - lo_s;
    const auto rank_r = average_ranks(log_r), rank_e = average_ranks(abs_e);
    double num = 0, den = 0;
    for (std::size_t i = 0; i < log_r.size(); ++i)
        if (rank_r[i] >= lo_l && rank_r[i] <= hi_l && rank_e[i] >= lo_s && rank_e[i] <= hi_s)
            num += log_r[i] / var[i], den += 1 / var[i];
    const double f = den > 0 ? num / den : 0;
    return std::pow(2.0, std::isfinite(f) ? f : 0);
}

}  // namespace

TmmFactors tmm_factors(const CountMatrix& m, const std::vector<std::uint8_t>& in_tmm, double logratio_trim,
                       double sum_trim) {
    const std::size_t n_s = m.samples.size();
    TmmFactors t;
    t.lib_size.assign(n_s, 0);
    t.factor.assign(n_s, 1);
    std::vector<std::vector<double>> col(n_s);
    for (std::size_t i = 0; i < m.mirnas.size(); ++i) {
        if (std::none_of(m.counts[i].begin(), m.counts[i].end(), [](double x) { return x > 0; }))
            continue;  // edgeR drops all-zero rows first
        for (std::size_t j = 0; j < n_s; ++j) col[j].push_back(m.counts[i][j]), t.lib_size[j] += m.counts[i][j];
    }
    std::vector<std::size_t> live;  // samples with reads (and in TMM)
    for (std::size_t j = 0; j < n_s; ++j)
        if (t.lib_size[j] > 0 && (in_tmm.empty() || in_tmm[j])) live.push_back(j);
    if (live.empty()) return t;
    std::vector<double> f75;
    for (const auto j : live) f75.push_back(quantile7(col[j], 0.75) / t.lib_size[j]);
    std::vector<double> sorted = f75;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t k = sorted.size();
    const double median = k % 2 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    std::size_t best = 0;
    if (median < 1e-20) {  // edgeR: the sample with the largest sum of square-root counts
        double most = -1;
        for (std::size_t i = 0; i < live.size(); ++i) {
            double s = 0;
            for (const double x : col[live[i]]) s += std::sqrt(x);
            if (s > most) most = s, best = i;
        }
    } else {
        const double mean = std::accumulate(f75.begin(), f75.end(), 0.0) / static_cast<double>(k);
        for (std::size_t i = 1; i < k; ++i)
            if (std::abs(f75[i] - mean) < std::abs(f75[best] - mean)) best = i;
    }
    t.ref = live[best];
    double log_sum = 0;
    for (const auto j : live) {
        t.factor[j] = tmm_factor(col[j], col[t.ref], t.lib_size[j], t.lib_size[t.ref], logratio_trim, sum_trim);
        log_sum += std::log(t.factor[j]);
    }
    const double scale = std::exp(log_sum / static_cast<double>(live.size()));  // the product of the factors is 1
    for (const auto j : live) t.factor[j] /= scale;
    return t;
}

std::string format_tmm_matrix(const CountMatrix& m, const TmmFactors& f) {
    return format_matrix(m, [&](std::size_t i, std::size_t j) {
        const double eff = f.lib_size[j] * f.factor[j];
        return eff > 0 ? m.counts[i][j] * 1e6 / eff : 0.0;
    });
}

std::string format_norm_factors(const CountMatrix& m, const TmmFactors& f) {
    std::string out = "sample\tlib_size\tnorm_factor\teffective_lib_size\treference\n";
    for (std::size_t j = 0; j < m.samples.size(); ++j)
        out +=
            fmt::format("{}\t{}\t{}\t{}\t{}\n", m.samples[j], fmt_fixed(f.lib_size[j], 2), fmt_general(f.factor[j], 9),
                        fmt_fixed(f.lib_size[j] * f.factor[j], 2), j == f.ref ? "yes" : "no");
    return out;
}

}  // namespace exomir

namespace exomir {

SpikeFactors spike_size_factors(const CountMatrix& spikes, const std::vector<std::string>& paths) {
    const std::size_t n_s = spikes.samples.size();
    SpikeFactors f;
    f.spike_reads.assign(n_s, 0);
    for (const auto& row : spikes.counts)
        for (std::size_t j = 0; j < n_s; ++j) f.spike_reads[j] += row[j];
    for (std::size_t j = 0; j < n_s; ++j)
        if (!(f.spike_reads[j] > 0))
            throw Error(
                fmt::format("{}: sample {} has no spike-in reads, so --normalize spike cannot scale it; check "
                            "that quant's --spike-ins FASTA is the kit's, or leave the sample out",
                            paths[j], spikes.samples[j]));
    // log geometric mean per spike; a spike with 0 reads in any sample has -inf and is not used (DESeq2).
    std::vector<std::vector<double>> log_ratio(n_s);
    for (const auto& row : spikes.counts) {
        if (std::any_of(row.begin(), row.end(), [](double x) { return !(x > 0); })) continue;
        double log_geo = 0;
        for (const double x : row) log_geo += std::log(x) / static_cast<double>(n_s);
        for (std::size_t j = 0; j < n_s; ++j) log_ratio[j].push_back(std::log(row[j]) - log_geo);
        ++f.spikes_used;
    }
    if (f.spikes_used == 0)
        throw Error(
            fmt::format("{}: no spike has reads in every sample, so the spike size factors are undefined; "
                        "leave out the samples whose spikes failed or use --normalize cpm",
                        paths.empty() ? std::string("spikes.tsv") : paths[0]));
    for (std::size_t j = 0; j < n_s; ++j) f.factor.push_back(std::exp(quantile7(log_ratio[j], 0.5)));
    return f;
}

std::string format_spike_normalized(const CountMatrix& m, const SpikeFactors& f) {
    return format_matrix(m, [&](std::size_t i, std::size_t j) { return m.counts[i][j] / f.factor[j]; });
}

std::string format_spike_factors(const CountMatrix& m, const SpikeFactors& f) {
    std::string out = "sample\tspike_reads\tsize_factor\n";
    for (std::size_t j = 0; j < m.samples.size(); ++j)
        out += fmt::format("{}\t{}\t{}\n", m.samples[j], fmt_fixed(f.spike_reads[j], 0), fmt_general(f.factor[j], 9));
    return out;
}

}  // namespace exomir
