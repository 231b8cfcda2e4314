// run.hpp: the plan of `exomir run` (quant per sample -> merge -> targets -> network -> rank -> report)
// and the up-to-date check that lets a re-run skip finished steps.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "exomir/core/run_layout.hpp"
#include "exomir/core/samplesheet.hpp"
#include "exomir/network/cmd_network.hpp"
#include "exomir/quant/cmd_merge.hpp"
#include "exomir/quant/cmd_quant.hpp"
#include "exomir/rank/cmd_rank.hpp"
#include "exomir/report/cmd_report.hpp"
#include "exomir/targets/cmd_targets.hpp"

namespace exomir {

/// What `exomir run` was asked to do. Paths are as given on the command line.
struct RunOptions {
    std::string samples;    ///< sample sheet (TSV)
    std::string out_dir;    ///< results folder
    std::string reference;  ///< --reference of quant, targets and network, e.g. a bundle ("" = their defaults); its
                            ///< targets.tsv, when present, is used as --targets unless --targets-* sources are given
    std::string spike_ins;  ///< --spike-ins of quant (spike-in calibrator FASTA; "" = none)
    std::string targets;    ///< a ready targets.tsv: skips the targets step
    std::vector<std::string> targets_targetscan, targets_mirtarbase, targets_validated, targets_tsv, targets_gmt;
    std::string targets_utr;       ///< 3'UTR FASTA for the seed scan
    bool targets_isomirs = true;   ///< pass the samples' mirGFF3 to targets when a source is seed-keyed
    std::string modules;           ///< curated modules TSV ("" = network's default)
    std::vector<std::string> gmt;  ///< extra gene sets for network
    std::string ppi;               ///< PPI TSV for network
    int permutations = 0;          ///< network permutations (0 = network's default)
    Normalization normalization = Normalization::cpm;  ///< network --normalization (rank follows network)
    bool rank = true;                                  ///< run the rank step
    bool force = false;                                ///< rerun every step
    bool keep_failed = false;  ///< --keep-failed: go on past samples that fail the QC gate (with a warning)
};

/// Every problem with `opt` (empty list = valid).
std::vector<std::string> validate(const RunOptions& opt);

/// The user-given input files of `opt` (targets, sources, modules, gene sets, PPI) that do not exist, as problems.
std::vector<std::string> missing_inputs(const RunOptions& opt);

/// The arguments of one stage function (run_quant, run_merge, ...): the structs the command lines fill.
using StageArgs = std::variant<QuantArgs, MergeArgs, TargetsArgs, NetworkArgs, RankArgs, ReportArgs>;

/// One step of the run: a stage with its arguments, its input and output files.
struct RunStep {
    std::string name;         ///< unique: "quant:S1", "merge", "targets", "network", "rank", "report"
    std::string command;      ///< the stage ("quant", "merge", ...)
    StageArgs args;           ///< what the stage function is called with
    nlohmann::json settings;  ///< the arguments run chose, recorded in run.json; a change reruns the step
    std::vector<std::string> inputs;
    std::vector<std::string> outputs;
};

/// A sample of type `sample` whose quant qc.json says FAIL, with the gate's reasons.
struct QcFailure {
    std::string sample, reasons, qc_json;
};

/// The QC gate of `exomir run` (quant/qc_gate.hpp): every sample of type `sample` whose <quant_dir>/<sample>.qc.json
/// has the verdict FAIL. Blanks and negatives are not gated (a medium-only control is expected to fail). Throws
/// Error naming the file if a qc.json cannot be read.
std::vector<QcFailure> qc_failures(const SampleSheetTable& sheet, const RunLayout& layout);

/// The steps for `sheet` and `opt` in execution order. Pure: no I/O.
std::vector<RunStep> plan_run(const SampleSheetTable& sheet, const RunOptions& opt);

/// True if `step` need not run: every output exists, none is older than any input, and `stamp` (the
/// step's entry of run.json, null if none) records the same command and settings.
bool up_to_date(const RunStep& step, const nlohmann::json& stamp);

/// The run.json entry recorded for a finished step.
nlohmann::json step_stamp(const RunStep& step);

}  // namespace exomir
