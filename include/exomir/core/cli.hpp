// cli.hpp: the command table and options shared by every subcommand (--threads, --quiet, --help).
// Each command declares its own front end and stage function in <stage>/cmd_<command>.hpp.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <span>
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

/// Parses argv into `app` (named "exomir <command>"). --help prints to stdout and returns 0 via the returned
/// code; a usage error throws UsageError with CLI11's one-line reason (an unknown option first) and the hint
/// "see 'exomir <command> --help'".
/// @return -1 to continue, or an exit code (0 after --help/--version).
int parse_command_line(CLI::App& app, int argc, char** argv);

/// The body of every command's front end: parses argv into `app` (parse_command_line), applies --threads and
/// --quiet (apply_threads) and calls `stage`, the command's stage function with the parsed arguments.
/// @return 0 after --help/--version, else the exit code of `stage`.
int parse_and_run(CLI::App& app, const CommonOptions& common, int argc, char** argv, const std::function<int()>& stage);

/// Applies --threads once for the whole process (oneTBB global_control). threads < 0 is a usage error.
std::unique_ptr<tbb::global_control> apply_threads(const CommonOptions& opt, const char* command);

/// One entry of the command table in main.cpp.
struct Command {
    const char* name;
    const char* summary;
    int (*run)(int argc, char** argv);  ///< the command's front end: argv[0] is the command name
};

/// The command argv[1] names, or nullptr (no command, --help, --version or an unknown name).
const Command* find_command(std::span<const Command> commands, int argc, char** argv);

/// What `exomir` does without a known command: usage on --help/-h or no argument (exit 0), the version on
/// --version (exit 0), else an "unknown command" error (exit 2).
int top_level(std::span<const Command> commands, int argc, char** argv);

/// Prints "exomir COMMAND: error: WHAT" on stderr. @return the exit code of `e` (Error::code(), else 1).
int report_error(const char* command, const std::exception& e);

}  // namespace exomir
