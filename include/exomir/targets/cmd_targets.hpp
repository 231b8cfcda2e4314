// cmd_targets.hpp: `exomir targets` as a function (run_targets) and its command-line front end (cmd_targets).
#pragma once

#include <string>
#include <vector>

#include "exomir/targets/targets.hpp"

namespace exomir {

/// Everything `exomir targets` is asked to do; the defaults are the command line's.
struct TargetsArgs {
    std::string out = "-";  ///< -o: targets.tsv path ('-' = stdout, no run.json)
    std::string reference_dir, mature, hairpin, species = "hsa";
    std::string mirbase_diff;  ///< empty: $EXOMIR_MIRBASE_DIFF or <reference>/mirbase_diff when present
    std::vector<std::string> targetscan, targetscan_family, mirtarbase, validated, tsv, gmt, isomirs;
    std::string curated;  ///< empty: reference_file(reference_dir, "interactions.tsv") when present
    bool no_curated = false;
    std::string utr, gene_alias;
    std::string scan_min_site = "7mer-A1";
    int mask_5p = 14;
    bool no_offset_6mer = false;
    WeightModel model;
};

/// Loads every source, merges them and writes the targets table (and <out>.run.json unless out is '-').
/// Throws UsageError/Error; the caller has applied --threads (apply_threads).
/// @return the exit code (0).
int run_targets(const TargetsArgs& args);

/// `exomir targets ARGS...`: parses argv into TargetsArgs and calls run_targets.
int cmd_targets(int argc, char** argv);

}  // namespace exomir
