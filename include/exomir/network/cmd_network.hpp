// cmd_network.hpp: `exomir network` as a function (run_network) and its command-line front end (cmd_network).
#pragma once

#include <string>
#include <vector>

#include "exomir/network/network_input.hpp"
#include "exomir/network/score.hpp"

namespace CLI {  // CLI11, declared only: the front ends that call add_normalization_option include it
class App;
class Option;
}  // namespace CLI

namespace exomir {

/// Everything `exomir network` is asked to do; the defaults are the command line's.
struct NetworkArgs {
    std::string counts;         ///< --counts (required)
    std::string targets;        ///< --targets ("" = <reference_dir>/targets.tsv, required without it)
    std::string reference_dir;  ///< --reference: a bundle of `exomir reference build` (targets, modules, gmt/, ppi)
    std::string modules;        ///< --modules ("" = reference_file(reference_dir, "modules.tsv"))
    std::string ppi;            ///< --ppi ("" = <reference_dir>/ppi.tsv when present)
    std::string samplesheet;
    std::string group;  ///< --group COLUMN=VALUE (with --samplesheet)
    std::string out_dir;
    std::vector<std::string> gmt;            ///< --gmt: replaces the GO BP default sets
    std::vector<std::string> reference_gmt;  ///< <reference_dir>/gmt/*.gmt (filled by run_network; keeps GO BP)
    CargoSelection cargo;                    ///< --sample (group_column/group_value come from `group`)
    double min_cpm = 10;                     ///< --min-cpm, on the CPM of `normalization`
    /// --normalization: how the cargo abundance scales each sample (cpm, or tmm with merge's factors)
    Normalization normalization = Normalization::cpm;
    std::string norm_factors;               ///< --norm-factors (tmm): "" = norm_factors.tsv beside `counts`
    double contributions_max_fdr = 0.05;    ///< GMT sets listed in mirna_module.tsv
    bool no_go = false;                     ///< --no-go: no GO BP default sets even without --gmt
    std::size_t go_min = 15, go_max = 500;  ///< --go-min-genes, --go-max-genes
    ScoreOptions score;
    std::string contamination;  ///< --contamination: merge's contamination.tsv (per-miRNA medium flags)
    /// --exclude-contaminants likely|possible|none; "" = likely with --contamination, else none
    std::string exclude_contaminants;
};

/// Builds and scores the network and writes the result folder out_dir (network/result.hpp names its files).
/// Throws UsageError/Error; the caller has applied --threads (apply_threads).
/// @return the exit code (0).
int run_network(const NetworkArgs& args);

/// Adds --normalization to `app` (network, and run for its network step): the names of normalization_choices()
/// (cpm|tmm) are the only values accepted, so a bad value is CLI11's one-line usage error listing them, and the
/// default shown in --help is `target`'s value. `help` is the option's help text.
CLI::Option* add_normalization_option(CLI::App& app, Normalization& target, const std::string& help);

/// `exomir network ARGS...`: parses argv into NetworkArgs and calls run_network.
int cmd_network(int argc, char** argv);

}  // namespace exomir
