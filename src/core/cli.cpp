// cli.cpp: shared option handling for the subcommands.
#include "exomir/core/cli.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
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
        // CLI11 checks required options before unknown ones: name an unknown option first, it is the likelier typo
        const auto unknown = app.remaining();
        const std::string why = unknown.empty() ? std::string(e.what()) : CLI::ExtrasError(unknown).what();
        throw UsageError(fmt::format("{} (see '{} --help')", why, app.get_name()));
    }
    return -1;
}

int parse_and_run(CLI::App& app, const CommonOptions& common, int argc, char** argv,
                  const std::function<int()>& stage) {
    if (const int rc = parse_command_line(app, argc, argv); rc >= 0) return rc;
    std::string command = app.get_name();
    if (command.starts_with("exomir ")) command.erase(0, 7);
    const auto threads = apply_threads(common, command.c_str());
    return stage();
}

std::unique_ptr<tbb::global_control> apply_threads(const CommonOptions& opt, const char* command) {
    if (opt.threads < 0) throw UsageError(fmt::format("--threads must be >= 0 (0 = all cores); got {}", opt.threads));
    log_config().command = command;
    log_config().quiet = opt.quiet;
    const int n = opt.threads == 0 ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) : opt.threads;
    return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, n);
}

const Command* find_command(std::span<const Command> commands, int argc, char** argv) {
    if (argc < 2) return nullptr;
    for (const auto& c : commands)
        if (std::strcmp(argv[1], c.name) == 0) return &c;
    return nullptr;
}

int top_level(std::span<const Command> commands, int argc, char** argv) {
    const std::string arg = argc < 2 ? "--help" : argv[1];
    if (arg == "--version") {
        fmt::print("exomir {}\n", EXOMIR_VERSION);
        return 0;
    }
    if (arg != "--help" && arg != "-h") {
        fmt::print(stderr, "exomir: error: unknown command '{}'; run 'exomir --help' for the list\n", arg);
        return static_cast<int>(ExitCode::usage);
    }
    fmt::print("exomir {}: system-level miRNA networks from MSC-exosome small-RNA-seq\n\n", EXOMIR_VERSION);
    fmt::print("usage: exomir <command> [options]   (exomir <command> --help for its options)\n\ncommands:\n");
    for (const auto& c : commands) fmt::print("  {:<10} {}\n", c.name, c.summary);
    return 0;
}

int report_error(const char* command, const std::exception& e) {
    fmt::print(stderr, "exomir {}: error: {}\n", command, e.what());
    const auto* error = dynamic_cast<const Error*>(&e);
    return error ? static_cast<int>(error->code()) : static_cast<int>(ExitCode::runtime);
}

}  // namespace exomir
