// run_info.hpp: provenance written beside each output (`<output>.run.json`).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace exomir {

/// The command line of this process, recorded once by main(). For a stage that `exomir run` calls, it is
/// run's command line.
struct Invocation {
    std::vector<std::string> argv;
    std::string command;  ///< subcommand name
};
Invocation& invocation();

/// Base provenance object: version, the stage that writes it (log_config().command, see LogAs), this
/// process's command line, and for each input path its size. Stage code adds counts and parameters under its
/// own keys.
nlohmann::json make_run_info(const std::vector<std::string>& inputs);

/// Where a stage's time went, for its run.json: mark(step) closes the step that began at the previous mark (or at
/// construction) and records its wall seconds and the CPU seconds (user + system) the whole process spent in it, on
/// every thread. Not part of any output a test compares (run.json holds the command line too).
class StepTimes {
  public:
    StepTimes();
    void mark(std::string step);
    /// Wall seconds of the step last marked with this name (0 if none).
    double wall(std::string_view step) const;
    /// Wall seconds since construction.
    double total_wall() const;
    /// [{"step": name, "wall_s": s, "cpu_s": s}, ...] in the order marked, to the millisecond.
    nlohmann::json to_json() const;

  private:
    struct Step {
        std::string name;
        double wall_s, cpu_s;
    };
    std::vector<Step> steps_;
    std::chrono::steady_clock::time_point start_, wall_;
    double cpu_;
};

/// A fast content fingerprint of a file: xxHash3-64 of its size, first MiB and last MiB, as 16 hex digits;
/// "" if the file cannot be read. Catches a replaced input whose mtime was kept (cp -p, rsync -a, tar x).
std::string file_fingerprint(const std::string& path);

/// Serialises JSON deterministically (sorted keys, 2-space indent, trailing newline).
std::string dump_json(const nlohmann::json& j);

}  // namespace exomir
