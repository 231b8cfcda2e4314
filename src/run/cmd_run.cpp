// cmd_run.cpp: the `exomir run` front end: sample sheet -> quant per sample -> merge -> targets -> network -> rank -> report.
#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/quant/kits.hpp"
#include "exomir/run/run.hpp"

namespace exomir {

namespace {

void add_options(CLI::App& app, RunOptions& o) {
    app.add_option("--samples", o.samples,
                   "sample sheet: sample, fastq (';'-separated), kit or adapter, condition columns")
        ->required();
    app.add_option("-o,--out", o.out_dir, "results folder")->required();
    app.add_option("--reference", o.reference, "miRBase folder with mature.fa and hairpin.fa [optimir miRBase 22]");
    app.add_option("--targets", o.targets, "a ready targets.tsv (skips the targets step)");
    app.add_option("--targets-targetscan", o.targets_targetscan, "targets --targetscan table; repeatable");
    app.add_option("--targets-mirtarbase", o.targets_mirtarbase, "targets --mirtarbase table; repeatable");
    app.add_option("--targets-validated", o.targets_validated, "targets --validated TSV; repeatable");
    app.add_option("--targets-tsv", o.targets_tsv, "targets --tsv predicted pairs; repeatable");
    app.add_option("--targets-gmt", o.targets_gmt, "targets --gmt (one set per miRNA); repeatable");
    app.add_option("--targets-utr", o.targets_utr, "targets --utr: 3'UTR FASTA for the seed scan");
    app.add_flag("!--no-isomir-seeds", o.targets_isomirs, "do not give the samples' 5' isomiRs their own seed rows");
    app.add_option("--modules", o.modules, "network --modules: curated modules TSV [reference/modules.tsv]");
    app.add_option("--gmt", o.gmt, "network --gmt: extra gene sets; repeatable");
    app.add_option("--ppi", o.ppi, "network --ppi: gene-gene PPI TSV");
    app.add_option("--permutations", o.permutations, "network --permutations (0 = network's default)");
    app.add_flag("!--no-rank", o.rank, "skip the rank step (no cocktail in the report)");
    app.add_flag("--force", o.force, "rerun every step even if its outputs are up to date");
}

using CommandFn = int (*)(int, char**);

CommandFn command_fn(const std::string& name) {
    static const std::map<std::string, CommandFn> table = {{"quant", cmd_quant},     {"merge", cmd_merge},
                                                           {"targets", cmd_targets}, {"network", cmd_network},
                                                           {"rank", cmd_rank},       {"report", cmd_report}};
    return table.at(name);
}

// Runs one step in this process through the subcommand's own front end.
void run_step(const RunStep& step, const CommonOptions& common, bool quiet) {
    std::vector<std::string> args = {step.command};
    args.insert(args.end(), step.args.begin(), step.args.end());
    args.insert(args.end(), {"--threads", std::to_string(common.threads)});
    if (quiet) args.push_back("--quiet");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    const Invocation saved = invocation();
    invocation() = {args, step.command};
    invocation().argv.insert(invocation().argv.begin(), "exomir");
    clear_inputs();  // each step guards its own inputs, as its own command would
    int rc = 0;
    try {
        rc = command_fn(step.command)(static_cast<int>(argv.size()), argv.data());
    } catch (const Error& e) {
        // The step's advice names its own options (rank --modules is not run --modules): show that command.
        invocation() = saved;
        throw Error(fmt::format("step {} ('exomir {}'): {}", step.name, fmt::join(args, " "), e.what()), e.code());
    }
    invocation() = saved;
    log_config().command = "run";
    log_config().quiet = quiet;
    if (rc != 0) throw Error(fmt::format("step {} ended with exit code {}", step.name, rc));
}

nlohmann::json read_stamps(const std::string& path) {
    std::ifstream in(path);
    if (!in) return nlohmann::json::object();
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    return j.is_object() && j.contains("steps") ? j["steps"] : nlohmann::json::object();
}

void write_stamps(const std::string& path, const RunOptions& o, const nlohmann::json& steps) {
    nlohmann::json j = make_run_info({o.samples});
    j["steps"] = steps;
    AtomicFile f(path);
    f.write(dump_json(j));
    f.commit();
}

}  // namespace

int cmd_run(int argc, char** argv) {
    CLI::App app{
        "run the whole pipeline from a sample sheet: quant (per sample), merge, targets, network, rank, report\n\n"
        "example: exomir run --samples samples.tsv -o results/ --threads 8",
        "exomir run"};
    RunOptions o;
    CommonOptions common;
    add_common_options(app, common);
    add_options(app, o);
    if (const int rc = parse_command_line(app, argc, argv); rc >= 0) return rc;
    const auto threads = apply_threads(common, "run");
    if (const auto problems = validate(o); !problems.empty())
        throw UsageError(fmt::format("{}", fmt::join(problems, "; ")));
    // every problem with the sheet and the input files at once, before any output
    std::vector<std::string> problems = missing_inputs(o);
    SampleSheetTable sheet;
    try {
        sheet = load_samplesheet(o.samples, SheetNeeds::with_reads(known_kits()));
    } catch (const Error& e) {
        problems.insert(problems.begin(), e.what());
    }
    if (!problems.empty()) throw Error(fmt::format("{}", fmt::join(problems, "; ")));
    const auto steps = plan_run(sheet, o);
    const bool chatty = !common.quiet && ::isatty(STDERR_FILENO);
    log_config().quiet = !chatty;
    make_dirs(o.out_dir);
    const std::string stamp_path = o.out_dir + "/run.json";
    nlohmann::json stamps = read_stamps(stamp_path);
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t n_run = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const RunStep& st = steps[i];
        if (!o.force && up_to_date(st, stamps.value(st.name, nlohmann::json()))) {
            log_info(fmt::format("({}/{}) {}: up to date", i + 1, steps.size(), st.name));
            continue;
        }
        log_info(fmt::format("({}/{}) {}", i + 1, steps.size(), st.name));
        stamps.erase(st.name);
        for (const auto& out : st.outputs) make_dirs(std::filesystem::path(out).parent_path().string());
        run_step(st, common, !chatty);
        stamps[st.name] = step_stamp(st);
        write_stamps(stamp_path, o, stamps);
        ++n_run;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fmt::print(stderr, "[exomir run] {} sample{}, {} steps ({} run, {} up to date) in {:.1f} s -> {}\n",
               sheet.samples.size(), sheet.samples.size() == 1 ? "" : "s", steps.size(), n_run, steps.size() - n_run,
               secs, RunLayout(o.out_dir).report_html);
    return 0;
}

}  // namespace exomir
