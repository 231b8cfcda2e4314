// run_info.hpp: provenance written beside each output (`<output>.run.json`).
#pragma once

#include <string>
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

/// A fast content fingerprint of a file: xxHash3-64 of its size, first MiB and last MiB, as 16 hex digits;
/// "" if the file cannot be read. Catches a replaced input whose mtime was kept (cp -p, rsync -a, tar x).
std::string file_fingerprint(const std::string& path);

/// Serialises JSON deterministically (sorted keys, 2-space indent, trailing newline).
std::string dump_json(const nlohmann::json& j);

}  // namespace exomir
