// run_info.cpp: provenance JSON shared by every subcommand.
#include "exomir/core/run_info.hpp"

#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"

namespace exomir {

Invocation& invocation() {
    static Invocation inv;
    return inv;
}

nlohmann::json make_run_info(const std::vector<std::string>& inputs) {
    nlohmann::json j;
    j["program"] = "exomir";
    j["version"] = EXOMIR_VERSION;
    j["command"] = log_config().command;
    j["command_line"] = invocation().argv;
    nlohmann::json in = nlohmann::json::array();
    for (const auto& p : inputs) in.push_back({{"path", p}, {"bytes", file_size(p)}});
    j["inputs"] = in;
    return j;
}

std::string dump_json(const nlohmann::json& j) { return j.dump(2) + "\n"; }

}  // namespace exomir
