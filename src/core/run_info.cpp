// run_info.cpp: provenance JSON shared by every subcommand.
#include "exomir/core/run_info.hpp"

#include <sys/resource.h>
#include <algorithm>
#include <cmath>

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

namespace {

double process_cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * t.tv_usec; };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

}  // namespace

StepTimes::StepTimes() : start_(std::chrono::steady_clock::now()), wall_(start_), cpu_(process_cpu_seconds()) {}

void StepTimes::mark(std::string step) {
    const auto wall = std::chrono::steady_clock::now();
    const double cpu = process_cpu_seconds();
    steps_.push_back({std::move(step), std::chrono::duration<double>(wall - wall_).count(), cpu - cpu_});
    wall_ = wall;
    cpu_ = cpu;
}

double StepTimes::wall(std::string_view step) const {
    for (auto s = steps_.rbegin(); s != steps_.rend(); ++s)
        if (s->name == step) return s->wall_s;
    return 0;
}

double StepTimes::total_wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

nlohmann::json StepTimes::to_json() const {
    const auto ms = [](double s) { return std::round(s * 1000) / 1000; };
    nlohmann::json j = nlohmann::json::array();
    for (const Step& s : steps_) j.push_back({{"step", s.name}, {"wall_s", ms(s.wall_s)}, {"cpu_s", ms(s.cpu_s)}});
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
