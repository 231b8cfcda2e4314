// log.hpp: stderr logging shared by all subcommands (`[exomir quant] ...`).
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace exomir {

/// Global logging switches, set once by the command front end.
struct LogConfig {
    std::string command = "exomir";  ///< the stage now running: "[exomir <command>]", run.json's "command"
    bool quiet = false;              ///< --quiet: silence info lines (warnings still print)
};
LogConfig& log_config();

/// Prefixes log lines with `command` while it lives (a stage function called by `exomir run` logs as
/// "[exomir quant]"), then restores the caller's prefix, also when the stage throws.
class LogAs {
  public:
    explicit LogAs(std::string command) : saved_(std::exchange(log_config().command, std::move(command))) {}
    ~LogAs() { log_config().command = std::move(saved_); }
    LogAs(const LogAs&) = delete;
    LogAs& operator=(const LogAs&) = delete;

  private:
    std::string saved_;
};

/// An info line on stderr, unless --quiet.
void log_info(std::string_view msg);
/// A warning line on stderr ("[exomir quant] warning: ..."). Never changes the exit code.
void log_warn(std::string_view msg);

}  // namespace exomir
