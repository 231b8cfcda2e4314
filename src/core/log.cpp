// log.cpp: stderr logging with a per-command prefix.
#include "exomir/core/log.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace exomir {

LogConfig& log_config() {
    static LogConfig config;
    return config;
}

void log_info(std::string_view msg) {
    if (log_config().quiet) return;
    fmt::print(stderr, "[exomir {}] {}\n", log_config().command, msg);
}

void log_warn(std::string_view msg) { fmt::print(stderr, "[exomir {}] warning: {}\n", log_config().command, msg); }

}  // namespace exomir
