// cmd_run.cpp: the `exomir run` front end: sample sheet -> quant per sample -> merge -> targets -> network -> rank -> report.
#include <unistd.h>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <variant>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/network/cmd_network.hpp"
#include "exomir/quant/kits.hpp"
#include "exomir/run/cmd_run.hpp"
#include "exomir/run/run.hpp"

namespace exomir {

namespace {

void add_options(CLI::App& app, RunOptions& o) {
    app.add_option("--samples", o.samples,
                   "sample sheet: sample, fastq (';'-separated), kit or adapter, condition columns")
        ->required();
    app.add_option("-o,--out", o.out_dir, "results folder")->required();
    app.add_option("--reference", o.reference,
                   "--reference of quant, targets and network: a folder with mature.fa and hairpin.fa, e.g. a bundle "
                   "of 'exomir reference build' (its targets.tsv is used unless --targets or --targets-* is given) "
                   "[optimir miRBase 22 and the shipped reference]");
    app.add_option("--spike-ins", o.spike_ins,
                   "quant --spike-ins: FASTA of spike-in calibrators (<sample>.spikes.tsv, merge's spikes.tsv; "
                   "docs/spike_ins.md)");
    app.add_option("--targets", o.targets, "a ready targets.tsv (skips the targets step)");
    app.add_option("--targets-targetscan", o.targets_targetscan, "targets --targetscan table; repeatable");
    app.add_option("--targets-mirtarbase", o.targets_mirtarbase, "targets --mirtarbase table; repeatable");
    app.add_option("--targets-validated", o.targets_validated, "targets --validated TSV; repeatable");
    app.add_option("--targets-tsv", o.targets_tsv, "targets --tsv predicted pairs; repeatable");
    app.add_option("--targets-gmt", o.targets_gmt, "targets --gmt (one set per miRNA); repeatable");
    app.add_option("--targets-utr", o.targets_utr, "targets --utr: 3'UTR FASTA for the seed scan");
    app.add_flag("!--no-isomir-seeds", o.targets_isomirs, "do not give the samples' 5' isomiRs their own seed rows");
    app.add_option("--modules", o.modules,
                   "network --modules: curated modules TSV [<reference>/modules.tsv, else the shipped one]");
    app.add_option("--gmt", o.gmt, "network --gmt: extra gene sets; repeatable");
    app.add_option("--ppi", o.ppi, "network --ppi: gene-gene PPI TSV");
    app.add_option("--permutations", o.permutations, "network --permutations (0 = network's default)");
    add_normalization_option(app, o.normalization,
                             "network --normalization: cargo abundance from CPM (cpm) or from merge's TMM factors "
                             "(tmm); rank's group comparison uses the same");
    app.add_flag("!--no-rank", o.rank, "skip the rank step (no cocktail in the report)");
    app.add_flag("--force", o.force, "rerun every step even if its outputs are up to date");
    app.add_flag("--keep-failed", o.keep_failed,
                 "keep samples that fail the QC gate (qc.json qc_gate; docs/qc_gate.md) in the cargo and group "
                 "comparisons; without it they are named in a warning and left out (the run stops only if all fail)");
}

// Calls the step's stage function in this process (the same function its command line calls).
struct CallStage {
    int operator()(const QuantArgs& a) const { return run_quant(a); }
    int operator()(const MergeArgs& a) const { return run_merge(a); }
    int operator()(const TargetsArgs& a) const { return run_targets(a); }
    int operator()(const NetworkArgs& a) const { return run_network(a); }
    int operator()(const RankArgs& a) const { return run_rank(a); }
    int operator()(const ReportArgs& a) const { return run_report(a); }
};

// A stage's advice names its own options; the ones a `run` user sets differently, and how (issue 18: advice
// must match the command the user typed). rank --modules is not run --modules (the network's modules TSV).
struct RunAdvice {
    std::string_view command, option, in_run;
};
constexpr RunAdvice k_run_advice[] = {
    {"rank", "--modules",
     "exomir run ranks every signed module of the network: give run --modules a modules TSV with driver/protective "
     "roles, or run with --no-rank"},
    {"targets", "--targetscan", "in exomir run: --targets-targetscan"},
    {"targets", "--mirtarbase", "in exomir run: --targets-mirtarbase"},
    {"targets", "--validated", "in exomir run: --targets-validated"},
    {"targets", "--tsv", "in exomir run: --targets-tsv"},
    {"targets", "--gmt", "in exomir run: --targets-gmt"},
    {"targets", "--utr", "in exomir run: --targets-utr"},
};

// `what` with the run-level advice for every option of `command` it names (an option name ends at a character
// that cannot continue it, so --tsv does not match --tsv-x).
std::string with_run_advice(std::string_view command, std::string what) {
    std::string notes;
    for (const auto& a : k_run_advice) {
        if (a.command != command) continue;
        for (auto at = what.find(a.option); at != std::string::npos; at = what.find(a.option, at + 1)) {
            const std::size_t end = at + a.option.size();
            if (end < what.size() && (std::isalnum(static_cast<unsigned char>(what[end])) || what[end] == '-'))
                continue;
            notes += fmt::format(" ({})", a.in_run);
            break;
        }
    }
    return what + notes;
}

// Runs one step through its stage function. Each step guards its own inputs, as its own command would, and an
// error names the step and its command, with the run-level advice for the options it names.
void run_step(const RunStep& st) {
    clear_inputs();
    try {
        if (const int rc = std::visit(CallStage{}, st.args); rc != 0)
            throw Error(fmt::format("step {} ended with exit code {}", st.name, rc));
    } catch (const Error& e) {
        throw Error(fmt::format("step {} (exomir {}): {}", st.name, st.command, with_run_advice(st.command, e.what())),
                    e.code());
    }
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

// The sheet and every user file, all problems at once, before any output.
SampleSheetTable checked_sheet(const RunOptions& o) {
    if (const auto problems = validate(o); !problems.empty())
        throw UsageError(fmt::format("{}", fmt::join(problems, "; ")));
    std::vector<std::string> problems = missing_inputs(o);
    SampleSheetTable sheet;
    try {
        sheet = load_samplesheet(o.samples, SheetNeeds::with_reads(known_kits()));
    } catch (const Error& e) {
        problems.insert(problems.begin(), e.what());
    }
    if (!problems.empty()) throw Error(fmt::format("{}", fmt::join(problems, "; ")));
    return sheet;
}

// The QC gate, once merge has written qc_summary.tsv: the run goes on past a FAIL sample, names it and why, and
// leaves it out of the cargo (network) and the group comparison (rank) of the later steps, unless --keep-failed.
// The samples left out are recorded in those steps' settings, so a change of verdict reruns them.
void gate_samples(const SampleSheetTable& sheet, const RunOptions& o, std::vector<RunStep>& steps) {
    const std::vector<QcFailure> failed = qc_failures(sheet, RunLayout(o.out_dir));
    std::vector<std::string> left_out;
    for (const auto& f : failed) {
        log_warn(fmt::format("sample '{}' failed QC ({}): {}; {}", f.sample, f.qc_json, f.reasons,
                             o.keep_failed ? "kept in the cargo because of --keep-failed"
                                           : "left out of the cargo and group comparisons (--keep-failed keeps it)"));
        if (!o.keep_failed) left_out.push_back(f.sample);
    }
    const std::size_t n_samples = static_cast<std::size_t>(
        std::count_if(sheet.samples.begin(), sheet.samples.end(), [](const SheetSample& s) { return s.is_sample(); }));
    if (!left_out.empty() && left_out.size() == n_samples)
        throw Error(
            fmt::format("every sample failed QC ({}); there is no cargo left. Fix the libraries (see the "
                        "reasons above and docs/qc_gate.md) or rerun with --keep-failed",
                        fmt::join(left_out, ", ")));
    for (auto& st : steps) {
        if (auto* n = std::get_if<NetworkArgs>(&st.args)) {
            n->cargo.exclude = left_out;
            st.settings["exclude_samples"] = left_out;
        } else if (auto* r = std::get_if<RankArgs>(&st.args)) {
            r->exclude_samples = left_out;
            st.settings["exclude_samples"] = left_out;
        }
    }
}

}  // namespace

int run_pipeline(const RunOptions& o) {
    const SampleSheetTable sheet = checked_sheet(o);
    auto steps = plan_run(sheet, o);
    const bool chatty = !log_config().quiet && ::isatty(STDERR_FILENO);
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
            if (st.command == "merge") gate_samples(sheet, o, steps);
            continue;
        }
        log_info(fmt::format("({}/{}) {}", i + 1, steps.size(), st.name));
        stamps.erase(st.name);
        for (const auto& out : st.outputs) make_dirs(std::filesystem::path(out).parent_path().string());
        run_step(st);
        stamps[st.name] = step_stamp(st);
        write_stamps(stamp_path, o, stamps);
        ++n_run;
        if (st.command == "merge") gate_samples(sheet, o, steps);
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fmt::print(stderr, "[exomir run] {} sample{}, {} steps ({} run, {} up to date) in {:.1f} s -> {}\n",
               sheet.samples.size(), sheet.samples.size() == 1 ? "" : "s", steps.size(), n_run, steps.size() - n_run,
               secs, RunLayout(o.out_dir).report_html);
    return 0;
}

int cmd_run(int argc, char** argv) {
    CLI::App app{
        "run the whole pipeline from a sample sheet: quant (per sample), merge, targets, network, rank, report\n\n"
        "example: exomir run --samples samples.tsv -o results/ --threads 8",
        "exomir run"};
    RunOptions o;
    CommonOptions common;
    add_common_options(app, common);
    add_options(app, o);
    return parse_and_run(app, common, argc, argv, [&] { return run_pipeline(o); });
}

}  // namespace exomir
