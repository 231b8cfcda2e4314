// qc_gate.cpp: the per-sample QC verdict: every check, its level and its reason (thresholds: docs/qc_gate.md).
#include "exomir/quant/qc_gate.hpp"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace exomir {
namespace {

double frac(std::uint64_t a, std::uint64_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

double pct(double x) { return 100.0 * x; }

int severity(const std::string& level) { return level == "FAIL" ? 2 : level == "WARN" ? 1 : 0; }

// The level of `value` against a fail and a warn bound; `low` = values below the bounds are bad.
std::string level_of(double value, double fail, double warn, bool low) {
    if (low) return value < fail ? "FAIL" : value < warn ? "WARN" : "PASS";
    return value > fail ? "FAIL" : value > warn ? "WARN" : "PASS";
}

// "the reads fit nebnext better (its adapter in 64.1% of 31770 sampled reads)", or "" when nothing fits better.
std::string kit_hint(const QcMetrics& m) {
    const KitCheck& k = m.kit_check;
    if (!k.run) return {};
    if (k.best_kit == "none")
        return fmt::format(
            "no known kit's adapter is in {} sampled reads: if they are already trimmed, use "
            "--adapter none",
            k.sampled);
    if (k.best_kit == m.kit || k.best_kit.empty()) return {};
    return fmt::format(
        "the reads fit kit {} better (its adapter in {:.1f}% of {} sampled reads, {}'s in {:.1f}%); "
        "rerun with --kit {}",
        k.best_kit, pct(k.best_support), k.sampled, m.kit.empty() ? "the adapter" : m.kit, pct(k.used_support),
        k.best_kit);
}

void add(QcVerdict& v, std::string name, std::string level, double value, std::string reason) {
    if (severity(level) > severity(v.level)) v.level = level;
    if (level == "PASS") reason.clear();
    v.checks.push_back({std::move(name), std::move(level), value, std::move(reason)});
}

void read_side_checks(const QcMetrics& m, const QcThresholds& t, QcVerdict& v) {
    add(v, "kept_reads", m.reads_kept < t.fail_min_kept_reads ? "FAIL" : "PASS", static_cast<double>(m.reads_kept),
        fmt::format("only {} reads kept after trimming and length filtering (fewer than {})", m.reads_kept,
                    t.fail_min_kept_reads));
    const double dimers = frac(m.adapter_dimers, m.reads_in);
    add(v, "adapter_dimer_fraction",
        m.reads_in ? level_of(dimers, t.fail_max_dimer_fraction, t.warn_max_dimer_fraction, false) : "PASS", dimers,
        fmt::format("{:.1f}% of reads are adapter dimers (above {:.0f}%)", pct(dimers),
                    pct(dimers > t.fail_max_dimer_fraction ? t.fail_max_dimer_fraction : t.warn_max_dimer_fraction)));
    if (m.adapter_trimmed && m.reads_in > 0) {
        const double found = frac(m.adapter_found, m.reads_in);
        const std::string level = level_of(found, t.fail_min_adapter_fraction, t.warn_min_adapter_fraction, true);
        const std::string hint = kit_hint(m);
        add(v, "adapter_found_fraction", level, found,
            fmt::format("adapter {} ({}) found in only {:.1f}% of reads{}{}", m.adapter,
                        m.kit.empty() ? "custom" : m.kit, pct(found), hint.empty() ? "" : ": ", hint));
    }
    const double short_f = frac(m.inserts_short, m.inserts);
    add(v, "short_insert_fraction",
        m.inserts ? level_of(short_f, t.fail_max_short_fraction, t.warn_max_short_fraction, false) : "PASS", short_f,
        fmt::format("{:.1f}% of inserts are 1-15 nt (degraded RNA or a wrong adapter)", pct(short_f)));
    const double mirna_len = frac(m.inserts_mirna_length, m.inserts);
    add(v, "mirna_length_fraction", m.inserts && mirna_len < t.warn_min_mirna_length_fraction ? "WARN" : "PASS",
        mirna_len,
        fmt::format("only {:.1f}% of inserts are 18-25 nt (miRNA length; below {:.0f}%)", pct(mirna_len),
                    pct(t.warn_min_mirna_length_fraction)));
}

void annotation_checks(const QcMetrics& m, const QcThresholds& t, QcVerdict& v) {
    if (m.reads_kept == 0) return;  // kept_reads already failed; fractions of nothing say nothing more
    const double mirna = frac(m.mirna_reads, m.reads_kept);
    std::string hint = mirna < t.warn_min_mirna_fraction ? kit_hint(m) : std::string();
    add(v, "mirna_fraction", level_of(mirna, t.fail_min_mirna_fraction, t.warn_min_mirna_fraction, true), mirna,
        fmt::format("only {:.2f}% of kept reads are miRNA ({} reads; below {:g}%){}{}", pct(mirna), m.mirna_reads,
                    pct(mirna < t.fail_min_mirna_fraction ? t.fail_min_mirna_fraction : t.warn_min_mirna_fraction),
                    hint.empty() ? "" : ": ", hint));
    const double annotated = frac(m.annotated_reads, m.reads_kept);
    std::vector<std::string> why;
    if (m.annotated_reads < t.warn_min_annotated_reads)
        why.push_back(fmt::format("{} reads on known small RNAs (exceRpt asks for {})", m.annotated_reads,
                                  t.warn_min_annotated_reads));
    if (annotated < t.warn_min_annotated_fraction)
        why.push_back(fmt::format("only {:.1f}% of kept reads on known small RNAs", pct(annotated)));
    add(v, "annotated_reads", why.empty() ? "PASS" : "WARN", static_cast<double>(m.annotated_reads),
        fmt::format("{}", fmt::join(why, ", ")));
    add(v, "mirnas_10_reads", m.mirnas_10_reads < t.warn_min_mirnas_10_reads ? "WARN" : "PASS",
        static_cast<double>(m.mirnas_10_reads),
        fmt::format("only {} miRNAs have >= 10 reads (fewer than {})", m.mirnas_10_reads, t.warn_min_mirnas_10_reads));
    const double rrna = frac(m.rrna_reads, m.reads_kept);
    add(v, "rrna_fraction", rrna > t.warn_max_rrna_fraction ? "WARN" : "PASS", rrna,
        fmt::format("{:.1f}% of kept reads are rRNA (above {:.0f}%)", pct(rrna), pct(t.warn_max_rrna_fraction)));
    const double complexity = frac(m.unique_sequences, m.reads_kept);
    add(v, "complexity", complexity < t.warn_min_complexity ? "WARN" : "PASS", complexity,
        fmt::format("{} unique inserts in {} kept reads ({:.3f}%): low library complexity", m.unique_sequences,
                    m.reads_kept, pct(complexity)));
}

}  // namespace

std::string QcVerdict::reasons() const {
    std::vector<std::string> r;
    for (const char* level : {"FAIL", "WARN"})
        for (const auto& c : checks)
            if (c.level == level) r.push_back(c.reason);
    return fmt::format("{}", fmt::join(r, "; "));
}

nlohmann::json QcVerdict::to_json(const QcThresholds& t) const {
    nlohmann::json j;
    j["verdict"] = level;
    j["reasons"] = nlohmann::json::array();
    for (const char* lv : {"FAIL", "WARN"})
        for (const auto& c : checks)
            if (c.level == lv) j["reasons"].push_back(c.reason);
    j["checks"] = nlohmann::json::array();
    for (const auto& c : checks)
        j["checks"].push_back(
            {{"check", c.name}, {"level", c.level}, {"value", std::round(c.value * 1e6) / 1e6}, {"reason", c.reason}});
    j["thresholds"] = {{"fail_min_kept_reads", t.fail_min_kept_reads},
                       {"warn_min_annotated_reads", t.warn_min_annotated_reads},
                       {"warn_min_annotated_fraction", t.warn_min_annotated_fraction},
                       {"fail_max_dimer_fraction", t.fail_max_dimer_fraction},
                       {"warn_max_dimer_fraction", t.warn_max_dimer_fraction},
                       {"fail_min_adapter_fraction", t.fail_min_adapter_fraction},
                       {"warn_min_adapter_fraction", t.warn_min_adapter_fraction},
                       {"fail_min_mirna_fraction", t.fail_min_mirna_fraction},
                       {"warn_min_mirna_fraction", t.warn_min_mirna_fraction},
                       {"warn_min_mirna_length_fraction", t.warn_min_mirna_length_fraction},
                       {"fail_max_short_fraction", t.fail_max_short_fraction},
                       {"warn_max_short_fraction", t.warn_max_short_fraction},
                       {"warn_min_mirnas_10_reads", t.warn_min_mirnas_10_reads},
                       {"warn_max_rrna_fraction", t.warn_max_rrna_fraction},
                       {"warn_min_complexity", t.warn_min_complexity},
                       {"documentation", "docs/qc_gate.md"}};
    return j;
}

QcVerdict evaluate_qc(const QcMetrics& m, const QcThresholds& t) {
    QcVerdict v;
    read_side_checks(m, t, v);
    annotation_checks(m, t, v);
    return v;
}

bool kit_check_wanted(const QcMetrics& m, const QcThresholds& t) {
    if (!m.adapter_trimmed || m.reads_in == 0) return false;
    return frac(m.adapter_found, m.reads_in) < t.warn_min_adapter_fraction ||
           (m.reads_kept > 0 && frac(m.mirna_reads, m.reads_kept) < t.warn_min_mirna_fraction) || m.reads_kept == 0;
}

}  // namespace exomir
