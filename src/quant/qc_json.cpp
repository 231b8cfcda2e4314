// qc_json.cpp: the one reader of <sample>.qc.json and its qc_gate block.
#include "exomir/quant/qc_json.hpp"

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"

namespace exomir {

std::optional<nlohmann::json> read_qc_json(const std::string& path, std::string_view fix) {
    const auto text = read_input_file(path);
    if (!text) return std::nullopt;
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw Error(fmt::format("{}: not a qc.json of exomir quant ({}); {}", path,
                                j.is_discarded() ? "not valid JSON" : "not a JSON object", fix));
    return j;
}

QcGateVerdict qc_gate_verdict(const nlohmann::json& qc) {
    QcGateVerdict v;
    const auto g = qc.find("qc_gate");
    if (!qc.is_object() || g == qc.end() || !g->is_object()) return v;
    if (const auto it = g->find("verdict"); it != g->end() && it->is_string()) v.verdict = it->get<std::string>();
    if (v.verdict.empty()) return v;
    if (const auto r = g->find("reasons"); r != g->end() && r->is_array())
        for (const auto& x : *r)
            if (x.is_string()) v.reasons.push_back(x.get<std::string>());
    return v;
}

}  // namespace exomir
