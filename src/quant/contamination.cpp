// contamination.cpp: decontam-like flags of culture-medium miRNAs from blank (medium-only) libraries.
#include "exomir/quant/contamination.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"

namespace exomir {

SampleType parse_sample_type(const std::string& s) {
    if (s.empty() || s == "sample") return SampleType::sample;
    if (s == "blank") return SampleType::blank;
    if (s == "negative") return SampleType::negative;
    throw UsageError(fmt::format("sample type '{}' is not known; use sample, blank or negative", s));
}

const char* sample_type_name(SampleType t) {
    switch (t) {
        case SampleType::sample:
            return "sample";
        case SampleType::blank:
            return "blank";
        case SampleType::negative:
            return "negative";
    }
    return "sample";
}

namespace {

std::vector<double> library_totals(const CountMatrix& m) {
    std::vector<double> totals(m.samples.size(), 0.0);
    for (const auto& r : m.counts)
        for (std::size_t j = 0; j < r.size(); ++j) totals[j] += r[j];
    return totals;
}

double cpm(const CountMatrix& m, const std::vector<double>& totals, std::size_t i, std::size_t j) {
    return totals[j] > 0 ? m.counts[i][j] * 1e6 / totals[j] : 0.0;
}

// Mean CPM of miRNA i over the libraries of one type.
double mean_cpm(const CountMatrix& m, const std::vector<double>& totals, const std::vector<SampleType>& types,
                SampleType t, std::size_t i) {
    double sum = 0;
    int n = 0;
    for (std::size_t j = 0; j < types.size(); ++j)
        if (types[j] == t) sum += cpm(m, totals, i, j), ++n;
    return n ? sum / n : 0.0;
}

void check_types(const CountMatrix& m, const std::vector<SampleType>& types) {
    if (types.size() != m.samples.size())
        throw Error(fmt::format("{} sample types for {} samples", types.size(), m.samples.size()));
    if (std::count(types.begin(), types.end(), SampleType::blank) == 0)
        throw Error("no blank library: mark medium-only controls as type blank (merge --blank NAME)");
    if (std::count(types.begin(), types.end(), SampleType::sample) == 0)
        throw Error("every library is a blank or negative: at least one must be a sample");
}

double lchoose(int n, int k) { return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0); }

}  // namespace

double fisher_greater(int a, int b, int c, int d) {
    // Rows: blanks (a present, b absent), samples (c present, d absent); X = present blanks given the margins.
    const int n_blank = a + b, n_present = a + c, n = a + b + c + d;
    double p = 0;
    for (int x = a; x <= std::min(n_blank, n_present); ++x)
        p += std::exp(lchoose(n_present, x) + lchoose(n - n_present, n_blank - x) - lchoose(n, n_blank));
    return std::min(1.0, p);
}

double binomial_greater(int x, int n, double p) {
    if (x <= 0) return 1.0;
    if (x > n) return 0.0;
    if (p <= 0) return 0.0;
    if (p >= 1) return 1.0;
    double tail = 0;
    for (int k = x; k <= n; ++k) tail += std::exp(lchoose(n, k) + k * std::log(p) + (n - k) * std::log1p(-p));
    return std::min(1.0, tail);
}

double blank_dispersion(const CountMatrix& m, const std::vector<SampleType>& types, double min_reads) {
    const std::vector<double> totals = library_totals(m);
    std::vector<std::size_t> blanks;
    double blank_total = 0;
    for (std::size_t j = 0; j < types.size() && j < totals.size(); ++j)
        if (types[j] == SampleType::blank && totals[j] > 0) blanks.push_back(j), blank_total += totals[j];
    if (blanks.size() < 2) return 1.0;
    double chi2 = 0, df = 0;
    for (const auto& row : m.counts) {
        double n = 0;
        for (const auto j : blanks) n += row[j];
        if (n <= 0 || n < min_reads) continue;
        for (const auto j : blanks) {
            const double expected = n * totals[j] / blank_total;
            chi2 += (row[j] - expected) * (row[j] - expected) / expected;
        }
        df += static_cast<double>(blanks.size() - 1);
    }
    return df > 0 ? std::max(1.0, chi2 / df) : 1.0;
}

MediumScale estimate_medium_scale(const CountMatrix& m, const std::vector<SampleType>& types,
                                  const std::vector<nlohmann::json>& qcs) {
    check_types(m, types);
    MediumScale scale;
    scale.dispersion = blank_dispersion(m, types);
    scale.share.assign(m.samples.size(), 0.0);
    // Bovine-specific reads: blanks are pure medium, so their pooled fraction calibrates every sample.
    const auto bovine = [&](std::size_t j, double& bov, double& total) {
        if (j >= qcs.size() || !qcs[j].is_object() || !qcs[j].contains("bovine")) return false;
        const nlohmann::json& b = qcs[j]["bovine"];
        if (!b.value("checked", false)) return false;
        bov = b.value("bovine_specific_mirna_reads", 0.0);
        total = bov + b.value("human_mirna_reads", 0.0);
        return true;
    };
    bool all = true;
    double blank_bov = 0, blank_total = 0;
    for (std::size_t j = 0; j < types.size(); ++j) {
        double bov = 0, total = 0;
        if (types[j] == SampleType::negative) continue;
        if (!bovine(j, bov, total)) {
            all = false;
            break;
        }
        if (types[j] == SampleType::blank) blank_bov += bov, blank_total += total;
    }
    if (all && blank_bov > 0 && blank_total > 0) {
        scale.blank_bovine_fraction = blank_bov / blank_total;
        scale.source = "bovine-specific reads";
        for (std::size_t j = 0; j < types.size(); ++j) {
            double bov = 0, total = 0;
            if (types[j] != SampleType::sample || !bovine(j, bov, total) || total <= 0) continue;
            scale.share[j] = std::min(1.0, bov / total / scale.blank_bovine_fraction);
        }
        return scale;
    }
    // Fallback: the blank profile's fit in each sample, from the miRNAs the blanks are richest in.
    scale.source = "blank profile fit";
    const std::vector<double> totals = library_totals(m);
    std::vector<std::size_t> order(m.mirnas.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<double> blank_cpm(m.mirnas.size());
    for (std::size_t i = 0; i < m.mirnas.size(); ++i) blank_cpm[i] = mean_cpm(m, totals, types, SampleType::blank, i);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return blank_cpm[x] > blank_cpm[y]; });
    order.resize(std::min<std::size_t>(20, order.size()));
    for (std::size_t j = 0; j < types.size(); ++j) {
        if (types[j] != SampleType::sample) continue;
        std::vector<double> ratios;
        for (const auto i : order)
            if (blank_cpm[i] > 0) ratios.push_back(cpm(m, totals, i, j) / blank_cpm[i]);
        if (ratios.empty()) continue;
        std::sort(ratios.begin(), ratios.end());
        scale.share[j] = std::min(1.0, ratios[ratios.size() / 4]);
    }
    return scale;
}

std::vector<ContaminationRow> contamination(const CountMatrix& m, const std::vector<SampleType>& types,
                                            const MediumScale& scale, const ContaminationOptions& opt) {
    check_types(m, types);
    const std::vector<double> totals = library_totals(m);
    // Medium-only model: the samples hold sum(share x size) reads of medium, the blanks sum(size); a medium
    // miRNA splits between them in that ratio whatever its abundance.
    double medium_in_samples = 0, blank_reads = 0;
    for (std::size_t j = 0; j < types.size(); ++j) {
        if (types[j] == SampleType::sample) medium_in_samples += scale.share[j] * totals[j];
        if (types[j] == SampleType::blank) blank_reads += totals[j];
    }
    const double p0 = medium_in_samples + blank_reads > 0 ? medium_in_samples / (medium_in_samples + blank_reads) : 0;
    std::vector<ContaminationRow> rows;
    for (std::size_t i = 0; i < m.mirnas.size(); ++i) {
        ContaminationRow r;
        r.mirna = m.mirnas[i];
        r.mean_cpm_samples = mean_cpm(m, totals, types, SampleType::sample, i);
        r.mean_cpm_blanks = mean_cpm(m, totals, types, SampleType::blank, i);
        r.ratio = r.mean_cpm_samples > 0 ? r.mean_cpm_blanks / r.mean_cpm_samples : (r.mean_cpm_blanks > 0 ? 1e9 : 0);
        int a = 0, b = 0, c = 0, d = 0;
        double expected = 0, observed = 0, in_blanks = 0;  // sample reads, the part the medium explains; blank reads
        for (std::size_t j = 0; j < types.size(); ++j) {
            const bool present = m.counts[i][j] > 0;
            if (types[j] == SampleType::blank) (present ? a : b)++, in_blanks += m.counts[i][j];
            if (types[j] != SampleType::sample) continue;
            (present ? c : d)++;
            expected += std::min(m.counts[i][j], r.mean_cpm_blanks * scale.share[j] * totals[j] / 1e6);
            observed += m.counts[i][j];
        }
        r.prevalence_blanks = static_cast<double>(a) / (a + b);
        r.prevalence_samples = static_cast<double>(c) / (c + d);
        r.p_prevalence = fisher_greater(a, b, c, d);
        // Quasi-binomial: counts divided by the dispersion carry the information of that many Poisson reads.
        const double phi = std::max(1.0, scale.dispersion);
        const int xs = static_cast<int>(std::lround(observed / phi)),
                  xb = static_cast<int>(std::lround(in_blanks / phi));
        r.p_value = binomial_greater(xs, xs + xb, p0);
        // In no sample at all: whatever the blanks hold of it is medium.
        r.medium_fraction = observed > 0 ? expected / observed : (r.mean_cpm_blanks > 0 ? 1.0 : 0.0);
        if (r.mean_cpm_blanks <= 0)
            r.flag = "sample";
        else if (r.medium_fraction >= opt.likely || (r.medium_fraction >= opt.possible && r.p_value >= opt.alpha))
            r.flag = "likely_medium";
        else if (r.medium_fraction >= opt.possible || r.p_prevalence < opt.alpha)
            r.flag = "possible_medium";
        else
            r.flag = "sample";
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string format_contamination_tsv(const std::vector<ContaminationRow>& rows) {
    std::string out =
        "mirna\tmean_cpm_samples\tmean_cpm_blanks\tratio\tprevalence_blanks\tprevalence_samples\tp_prevalence\t"
        "p_value\tmedium_fraction\tflag\n";
    for (const auto& r : rows)
        out +=
            fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{:.4g}\t{:.4g}\t{}\t{}\n", r.mirna, fmt_fixed(r.mean_cpm_samples, 2),
                        fmt_fixed(r.mean_cpm_blanks, 2), r.ratio >= 1e9 ? std::string("inf") : fmt_fixed(r.ratio, 4),
                        fmt_fixed(r.prevalence_blanks, 4), fmt_fixed(r.prevalence_samples, 4), r.p_prevalence,
                        r.p_value, fmt_fixed(r.medium_fraction, 4), r.flag);
    return out;
}

std::string format_medium_share_tsv(const CountMatrix& m, const std::vector<SampleType>& types,
                                    const MediumScale& scale) {
    std::string out = "sample\ttype\tmedium_share\tsource\n";
    for (std::size_t j = 0; j < m.samples.size(); ++j)
        out += fmt::format("{}\t{}\t{}\t{}\n", m.samples[j], sample_type_name(types[j]),
                           types[j] == SampleType::sample ? fmt_fixed(scale.share[j], 4) : std::string("NA"),
                           types[j] == SampleType::sample ? scale.source : std::string("NA"));
    return out;
}

CountMatrix subtract_blanks(const CountMatrix& m, const std::vector<SampleType>& types, const MediumScale& scale) {
    check_types(m, types);
    const std::vector<double> totals = library_totals(m);
    CountMatrix out = m;
    for (std::size_t i = 0; i < m.mirnas.size(); ++i) {
        const double blank = mean_cpm(m, totals, types, SampleType::blank, i);
        for (std::size_t j = 0; j < types.size(); ++j)
            if (types[j] == SampleType::sample)
                out.counts[i][j] = std::max(0.0, m.counts[i][j] - blank * scale.share[j] * totals[j] / 1e6);
    }
    return out;
}

}  // namespace exomir
