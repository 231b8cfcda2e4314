// cli.cpp: shared option handling for the subcommands.
#include "exomir/core/cli.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/log.hpp"

namespace exomir {

void add_common_options(CLI::App& app, CommonOptions& opt) {
    app.add_option("-t,--threads", opt.threads, "worker threads (0 = all cores)")->capture_default_str();
    app.add_flag("--quiet", opt.quiet, "silence info lines on stderr (warnings still print)");
}

int parse_command_line(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        fmt::print("{}", app.help());
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        fmt::print("{}", app.help("", CLI::AppFormatMode::All));
        return 0;
    } catch (const CLI::CallForVersion&) {
        fmt::print("exomir {}\n", EXOMIR_VERSION);
        return 0;
    } catch (const CLI::ParseError& e) {
        throw UsageError(fmt::format("{} (see 'exomir {} --help')", e.what(), app.get_name()));
    }
    return -1;
}

std::unique_ptr<tbb::global_control> apply_threads(const CommonOptions& opt, const char* command) {
    if (opt.threads < 0) throw UsageError(fmt::format("--threads must be >= 0 (0 = all cores); got {}", opt.threads));
    log_config().command = command;
    log_config().quiet = opt.quiet;
    const int n = opt.threads == 0 ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) : opt.threads;
    return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, n);
}

}  // namespace exomir
