// log.hpp: stderr logging shared by all subcommands (`[exomir quant] ...`).
#pragma once

#include <string>
#include <string_view>

namespace exomir {

/// Global logging switches, set once by the command front end.
struct LogConfig {
    std::string command = "exomir";  ///< printed as "[exomir <command>]"
    bool quiet = false;              ///< --quiet: silence info lines (warnings still print)
};
LogConfig& log_config();

/// An info line on stderr, unless --quiet.
void log_info(std::string_view msg);
/// A warning line on stderr ("[exomir quant] warning: ..."). Never changes the exit code.
void log_warn(std::string_view msg);

}  // namespace exomir
