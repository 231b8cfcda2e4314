// cli.cpp: shared option handling for the subcommands.
#include "exomir/core/cli.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"

namespace exomir {

void add_common_options(CLI::App& app, CommonOptions& opt) {
    app.add_option("-t,--threads", opt.threads, "worker threads (0 = all cores)")->capture_default_str();
    app.add_flag("--quiet", opt.quiet, "silence info lines on stderr (warnings still print)");
}

CLI::Validator finite_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const std::string t(trim_ws(text));
            char* end = nullptr;
            errno = 0;
            const double x = std::strtod(t.c_str(), &end);
            if (!t.empty() && end == t.c_str() + t.size() && !std::isfinite(x))
                return fmt::format("must be a finite number; got '{}'", text);
            if (!t.empty() && end == t.c_str() + t.size() && errno == ERANGE && x != 0)
                return fmt::format("'{}' is out of range for a number", text);
            return {};  // not a number at all: CLI11's own conversion reports it
        },
        "FINITE", "finite");
}

CLI::Validator non_negative_integer() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const std::string_view t = trim_ws(text);
            if (!t.empty() && t.front() == '-')
                return fmt::format("must be a non-negative whole number; got '{}'", text);
            return {};
        },
        "NONNEGATIVE", "non_negative");
}

void add_number_checks(CLI::App& app) {
    for (CLI::Option* opt : app.get_options()) {
        const std::string type = opt->get_type_name();
        if (type == "FLOAT")
            opt->check(finite_number());
        else if (type == "UINT")
            opt->check(non_negative_integer());
    }
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) add_number_checks(*sub);
}

int parse_command_line(CLI::App& app, int argc, char** argv) {
    add_number_checks(app);
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
