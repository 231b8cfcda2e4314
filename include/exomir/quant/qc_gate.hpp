// qc_gate.hpp: the per-sample QC verdict (PASS / WARN / FAIL with reasons) and its thresholds, in one place.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace exomir {

/// Every threshold of the QC gate. Sources and reasons: docs/qc_gate.md. Fractions are in [0, 1].
struct QcThresholds {
    std::uint64_t fail_min_kept_reads = 1000;         ///< fewer kept reads: nothing can be measured
    std::uint64_t warn_min_annotated_reads = 100000;  ///< exceRpt: >= 100,000 reads on the transcriptome
    double warn_min_annotated_fraction = 0.5;         ///< exceRpt: transcriptome / genome reads > 0.5
    double fail_max_dimer_fraction = 0.8;             ///< adapter dimers among the reads read
    double warn_max_dimer_fraction = 0.3;             ///<
    double fail_min_adapter_fraction = 0.1;           ///< adapter found in fewer reads: wrong kit/adapter
    double warn_min_adapter_fraction = 0.5;           ///<
    double fail_min_mirna_fraction = 0.001;           ///< miRNA reads / kept reads
    double warn_min_mirna_fraction = 0.01;            ///< (miRTrace flags < 10%; EVs have 2-5%)
    double warn_min_mirna_length_fraction = 0.25;     ///< miRTrace: < 25% of inserts at miRNA length
    double fail_max_short_fraction = 0.5;             ///< inserts of 1-15 nt among inserts (degraded / dimers)
    double warn_max_short_fraction = 0.25;            ///<
    std::uint64_t warn_min_mirnas_10_reads = 50;      ///< miRNAs with >= 10 reads
    double warn_max_rrna_fraction = 0.5;              ///< rRNA reads / kept reads
    double warn_min_complexity = 0.001;               ///< unique inserts / kept reads
};

/// What a library's kit check found in its first reads (collapse.hpp: check_kit).
struct KitCheck {
    bool run = false;         ///< false: not checked (a stream, or no adapter was trimmed)
    std::string best_kit;     ///< the preset whose adapter fits the sampled reads best ("none": no adapter found)
    double best_support = 0;  ///< fraction of sampled reads holding that adapter's first 10 nt
    double used_support = 0;  ///< the same fraction for the adapter that was trimmed
    std::uint64_t sampled = 0;
};

/// The numbers the gate looks at, taken from quant's read side and annotation.
struct QcMetrics {
    std::uint64_t reads_in = 0, reads_kept = 0, unique_sequences = 0;
    std::uint64_t adapter_found = 0, adapter_dimers = 0;
    bool adapter_trimmed = false;  ///< an adapter was searched for (false: reads taken as already trimmed)
    std::string kit, adapter;      ///< what was trimmed
    std::uint64_t inserts = 0;     ///< reads with an adapter and an insert of >= 1 nt
    std::uint64_t inserts_mirna_length = 0, inserts_short = 0;  ///< of those: 18-25 nt, 1-15 nt
    std::uint64_t mirna_reads = 0, annotated_reads = 0, rrna_reads = 0;
    std::uint64_t mirnas_10_reads = 0;  ///< miRNAs with >= 10 reads
    KitCheck kit_check;
};

/// One check of the gate: its level ("PASS", "WARN" or "FAIL"), the value measured and, unless PASS, why.
struct QcCheck {
    std::string name, level;
    double value = 0;
    std::string reason;
};

/// The verdict of a sample: the worst level of its checks, and every check.
struct QcVerdict {
    std::string level = "PASS";
    std::vector<QcCheck> checks;
    /// The reasons of the WARN and FAIL checks, FAIL first ("" when PASS), joined by "; ".
    std::string reasons() const;
    /// {"verdict": ..., "reasons": [...], "checks": [{name, level, value, reason}...], "thresholds": {...}}.
    nlohmann::json to_json(const QcThresholds& t) const;
};

/// Applies every check of `t` to `m`. Pure, deterministic.
QcVerdict evaluate_qc(const QcMetrics& m, const QcThresholds& t = {});

/// True when the kit check should run: the adapter was found in few reads, or few reads are miRNA. Pure.
bool kit_check_wanted(const QcMetrics& m, const QcThresholds& t = {});

}  // namespace exomir
