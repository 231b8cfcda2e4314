// cli.hpp: the command table and options shared by every subcommand (--threads, --quiet, --help).
#pragma once

#include <memory>
#include <string>

#include <tbb/global_control.h>
#include <CLI/CLI.hpp>

namespace exomir {

/// Options every subcommand has.
struct CommonOptions {
    int threads = 0;     ///< 0 = all cores
    bool quiet = false;  ///< silence info lines on stderr
};

/// Adds -t/--threads and --quiet to `app`.
void add_common_options(CLI::App& app, CommonOptions& opt);

/// CLI11 check: the value is a finite number (rejects nan, inf, 1e999). parse_command_line adds it to every
/// floating-point option, and non_negative_integer() to every unsigned one, of the app and its subcommands.
CLI::Validator finite_number();
/// CLI11 check: no minus sign (CLI11 would wrap "-1" to 18446744073709551615); the message shows what was typed.
CLI::Validator non_negative_integer();
/// Adds finite_number() / non_negative_integer() to every FLOAT / UINT option of `app` and its subcommands.
void add_number_checks(CLI::App& app);

/// Parses argv into `app`. --help prints to stdout and returns 0 via the returned code;
/// a usage error throws UsageError with CLI11's one-line reason and a hint to --help.
/// @return -1 to continue, or an exit code (0 after --help/--version).
int parse_command_line(CLI::App& app, int argc, char** argv);

/// Applies --threads once for the whole process (oneTBB global_control). threads < 0 is a usage error.
std::unique_ptr<tbb::global_control> apply_threads(const CommonOptions& opt, const char* command);

/// One entry of the command table in main.cpp.
struct Command {
    const char* name;
    const char* summary;
    int (*run)(int argc, char** argv);
};

int cmd_quant(int argc, char** argv);
int cmd_merge(int argc, char** argv);
int cmd_targets(int argc, char** argv);
int cmd_network(int argc, char** argv);
int cmd_rank(int argc, char** argv);
int cmd_explore(int argc, char** argv);
int cmd_run(int argc, char** argv);
int cmd_reference(int argc, char** argv);
int cmd_reference_fetch(int argc, char** argv);
int cmd_reference_build(
    int argc,
    char**
        argv);  ///< `exomir reference build` (src/targets; dispatched by cmd_reference)  ///< `exomir reference fetch` (dispatched by cmd_reference)
int cmd_report(int argc, char** argv);

}  // namespace exomir
