// main.cpp: the command table and the one catch of the exomir binary.
#include <cstring>
#include <exception>

#include <fmt/format.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/core/signals.hpp"

namespace {

constexpr exomir::Command k_commands[] = {
    {"quant", "count miRNAs and isomiRs in one sample's reads", exomir::cmd_quant},
    {"merge", "merge per-sample counts into counts.tsv and cpm.tsv", exomir::cmd_merge},
    {"targets", "build the seed-keyed miRNA -> target gene table", exomir::cmd_targets},
    {"network", "build and score the miRNA -> gene -> module network", exomir::cmd_network},
    {"rank", "rank miRNAs, cocktails and preparations from a network", exomir::cmd_rank},
    {"explore", "query a network result from the terminal", exomir::cmd_explore},
    {"run", "run the whole pipeline from a sample sheet", exomir::cmd_run},
    {"reference", "check or describe a reference bundle", exomir::cmd_reference},
    {"report", "write report.html and MultiQC files of a results folder", exomir::cmd_report},
};

void usage(std::FILE* out) {
    fmt::print(out, "exomir {}: system-level miRNA networks from MSC-exosome small-RNA-seq\n\n", EXOMIR_VERSION);
    fmt::print(out, "usage: exomir <command> [options]   (exomir <command> --help for its options)\n\ncommands:\n");
    for (const auto& c : k_commands) fmt::print(out, "  {:<10} {}\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
    exomir::install_signal_handlers();  // SIGINT/SIGTERM: remove temp outputs, exit 130/143
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) return usage(stdout), 0;
    if (!std::strcmp(argv[1], "--version")) return fmt::print("exomir {}\n", EXOMIR_VERSION), 0;
    for (const auto& c : k_commands) {
        if (std::strcmp(argv[1], c.name) != 0) continue;
        exomir::invocation() = {std::vector<std::string>(argv, argv + argc), c.name};
        try {
            return c.run(argc - 1, argv + 1);
        } catch (const exomir::Error& e) {
            fmt::print(stderr, "exomir {}: error: {}\n", c.name, e.what());
            return static_cast<int>(e.code());
        } catch (const std::exception& e) {
            fmt::print(stderr, "exomir {}: error: {}\n", c.name, e.what());
            return 1;
        }
    }
    fmt::print(stderr, "exomir: error: unknown command '{}'; run 'exomir --help' for the list\n", argv[1]);
    return 2;
}
