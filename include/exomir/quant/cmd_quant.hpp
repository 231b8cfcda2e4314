// cmd_quant.hpp: `exomir quant` as a function (run_quant) and its command-line front end (cmd_quant).
#pragma once

#include <string>
#include <vector>

#include "exomir/quant/annotate.hpp"
#include "exomir/quant/bovine.hpp"
#include "exomir/quant/trim.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {

/// Everything `exomir quant` is asked to do; the defaults are the command line's.
struct QuantArgs {
    TrimOptions trim;
    AnnotateOptions annotate;
    ReferencePaths ref;                  ///< --mature, --hairpin, --species
    std::string sample;                  ///< --sample (required)
    std::string kit = "truseq";          ///< --kit
    bool kit_given = false;              ///< --kit was given (else --adapter alone means a custom kit)
    std::string multimap = "em";         ///< --multimap: em, split or unique
    std::string reference_dir;           ///< --reference
    std::string other_rna;               ///< --other-rna FASTA (its classes replace the shipped reference's)
    bool no_other_rna = false;           ///< --no-other-rna: no shipped other-RNA reference
    std::string spike_ins;               ///< --spike-ins FASTA: synthetic calibrators, counted before miRNAs
    std::string out_dir;                 ///< -o (required)
    bool bam = false;                    ///< --bam
    bool allow_duplicate_lanes = false;  ///< --allow-duplicate-lanes: the same file twice is counted twice
    double serum_bovine_fraction = k_default_serum_bovine_fraction;  ///< --serum-bovine-fraction
    std::vector<std::string> inputs;                                 ///< reads (required)
};

/// Counts one sample's reads into <out_dir>/<sample>.{mirna.tsv,isomir.gff3,qc.json,run.json}[, .bam].
/// Throws UsageError/Error; the caller has applied --threads (apply_threads).
/// @return the exit code (0).
int run_quant(const QuantArgs& args);

/// `exomir quant ARGS...`: parses argv into QuantArgs and calls run_quant.
int cmd_quant(int argc, char** argv);

}  // namespace exomir
