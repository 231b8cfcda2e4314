// qc_json.hpp: reading <sample>.qc.json, the per-sample QC record that `exomir quant` writes: one parser and one
// validity check for its readers (merge's qc_summary.tsv and medium model, run's QC gate, the report), and the
// qc_gate block they share.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace exomir {

/// PATH parsed. @return nullopt if there is no such file. Throws Error "<path>: not a qc.json of exomir quant (not
/// valid JSON); <fix>" (or "(not a JSON object)") otherwise; `fix` says what the caller's user should do.
std::optional<nlohmann::json> read_qc_json(const std::string& path, std::string_view fix);

/// The qc_gate block of a qc.json (qc_gate.hpp writes it).
struct QcGateVerdict {
    std::string verdict;               ///< PASS, WARN or FAIL; "" when the qc.json predates the gate
    std::vector<std::string> reasons;  ///< one sentence per check that did not pass
};
QcGateVerdict qc_gate_verdict(const nlohmann::json& qc);

}  // namespace exomir
