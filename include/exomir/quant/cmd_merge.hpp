// cmd_merge.hpp: `exomir merge` as a function (run_merge) and its command-line front end (cmd_merge).
#pragma once

#include <string>
#include <vector>

namespace exomir {

/// Everything `exomir merge` is asked to do.
struct MergeArgs {
    std::string out_dir;                 ///< -o (required)
    std::vector<std::string> inputs;     ///< <sample>.mirna.tsv files, samples in this order (required)
    std::vector<std::string> blanks;     ///< --blank: medium-only control samples (contamination.tsv)
    std::vector<std::string> negatives;  ///< --negative: extraction/library blanks (left out of both sides)
    bool subtract_blank = false;         ///< --subtract-blank: cpm.tsv from blank-subtracted counts
    std::string normalize = "cpm";       ///< --normalize: cpm, or spike (also spike_factors.tsv, spike_normalized.tsv)
};

/// Writes counts.tsv, cpm.tsv, qc_summary.tsv and counts.run.json into out_dir (and spikes.tsv when the samples
/// have <sample>.spikes.tsv; spike_factors.tsv and spike_normalized.tsv with --normalize spike).
/// @return the exit code (0).
int run_merge(const MergeArgs& args);

/// `exomir merge ARGS...`: parses argv into MergeArgs and calls run_merge.
int cmd_merge(int argc, char** argv);

}  // namespace exomir
