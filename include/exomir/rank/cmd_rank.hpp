// cmd_rank.hpp: `exomir rank` as a function (run_rank) and its command-line front end (cmd_rank).
#pragma once

#include <string>
#include <vector>

#include "exomir/rank/rank.hpp"

namespace exomir {

/// Everything `exomir rank` is asked to do; the defaults are the command line's.
struct RankArgs {
    std::string network_dir;                    ///< result folder of `exomir network` (required)
    std::string out_dir;                        ///< -o (required)
    std::string targets;                        ///< targets.tsv: miRNAs the cargo lacks
    std::string counts, samplesheet, group_by;  ///< group comparison (all three or none)
    std::vector<std::string> exclude_samples;   ///< --exclude-sample: left out of the group comparison
    std::string pool = "present";               ///< --pool: present or all (sets rank.pool)
    std::string contamination;                  ///< merge's contamination.tsv ["" = the one network.run.json records]
    std::string exclude_contaminants;           ///< likely, possible or none ["" = as network applied; likely with only
                                                ///< --contamination]; flagged miRNAs are no cocktail candidates
    RankOptions rank;
};

/// Writes payload_contributions.tsv, payload_mirnas.tsv, payload_cocktails.tsv [, group_comparison.tsv]
/// and their .run.json into out_dir. Throws UsageError/Error; the caller has applied --threads.
/// @return the exit code (0).
int run_rank(const RankArgs& args);

/// `exomir rank ARGS...`: parses argv into RankArgs and calls run_rank.
int cmd_rank(int argc, char** argv);

}  // namespace exomir
