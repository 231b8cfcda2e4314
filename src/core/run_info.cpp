// run_info.cpp: provenance JSON shared by every subcommand.
#include "exomir/core/run_info.hpp"

#include <algorithm>

#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <xxhash.h>

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

std::string file_fingerprint(const std::string& path) {
    constexpr long k_window = 1 << 20;
    const std::int64_t size = file_size(path);
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
    if (size < 0 || !f) return {};
    std::string buf(static_cast<std::size_t>(std::min<std::int64_t>(size, k_window)), '\0');
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    XXH3_64bits_update(state, &size, sizeof size);
    bool ok = std::fread(buf.data(), 1, buf.size(), f.get()) == buf.size();
    XXH3_64bits_update(state, buf.data(), buf.size());
    if (ok && size > k_window) {
        ok = std::fseek(f.get(), -static_cast<long>(std::min<std::int64_t>(size - k_window, k_window)), SEEK_END) == 0;
        buf.resize(static_cast<std::size_t>(std::min<std::int64_t>(size - k_window, k_window)));
        ok = ok && std::fread(buf.data(), 1, buf.size(), f.get()) == buf.size();
        XXH3_64bits_update(state, buf.data(), buf.size());
    }
    const XXH64_hash_t h = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return ok ? fmt::format("{:016x}", h) : std::string();
}

std::string dump_json(const nlohmann::json& j) { return j.dump(2) + "\n"; }

}  // namespace exomir
