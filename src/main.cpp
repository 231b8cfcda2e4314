// main.cpp: the command table and the one catch of the exomir binary.
#include "exomir/core/cli.hpp"
#include "exomir/core/process.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/core/signals.hpp"
#include "exomir/explore/cmd_explore.hpp"
#include "exomir/network/cmd_network.hpp"
#include "exomir/quant/cmd_merge.hpp"
#include "exomir/quant/cmd_quant.hpp"
#include "exomir/rank/cmd_rank.hpp"
#include "exomir/report/cmd_report.hpp"
#include "exomir/run/cmd_run.hpp"
#include "exomir/targets/cmd_reference_build.hpp"
#include "exomir/targets/cmd_targets.hpp"

int main(int argc, char** argv) {
    using namespace exomir;
    static constexpr Command commands[] = {
        {"quant", "count miRNAs and isomiRs in one sample's reads", cmd_quant},
        {"merge", "merge per-sample counts into counts.tsv and cpm.tsv", cmd_merge},
        {"targets", "build the seed-keyed miRNA -> target gene table", cmd_targets},
        {"network", "build and score the miRNA -> gene -> module network", cmd_network},
        {"rank", "rank miRNAs, cocktails and preparations from a network", cmd_rank},
        {"explore", "query a network result from the terminal", cmd_explore},
        {"run", "run the whole pipeline from a sample sheet", cmd_run},
        {"reference", "check or describe a reference bundle", cmd_reference_command},
        {"report", "write report.html and MultiQC files of a results folder", cmd_report},
    };
    const Command* c = find_command(commands, argc, argv);
    if (c) reexec_with_huge_page_heap(argv);         // once, before any thread or handler exists (core/process.hpp)
    install_signal_handlers();                       // SIGINT/SIGTERM: remove temp outputs, exit 130/143
    if (!c) return top_level(commands, argc, argv);  // --help, --version, no or an unknown command
    invocation() = {std::vector<std::string>(argv, argv + argc), c->name};
    try {
        return c->run(argc - 1, argv + 1);
    } catch (const std::exception& e) {
        return report_error(c->name, e);
    }
}
