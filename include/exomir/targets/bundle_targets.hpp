// bundle_targets.hpp: the merged targets.tsv of a reference bundle (`exomir reference build`), made by the
// same loaders and merge as `exomir targets`.
#pragma once

#include <string>
#include <vector>

#include "exomir/reference/mirna_ref.hpp"
#include "exomir/targets/targets.hpp"

namespace exomir {

/// The fetched files that feed targets.tsv (paths; empty lists are skipped).
struct BundleTargetInputs {
    std::vector<std::string> targetscan_family;  ///< miR_Family_Info.txt
    std::vector<std::string> targetscan;         ///< Predicted_Targets_Context_Scores, Summary_Counts
    std::vector<std::string> mirtarbase;         ///< hsa_MTI.csv
    std::string curated;                         ///< reference/interactions.tsv (empty: none)
    std::string species = "hsa";
    const GeneIds* gene_ids = nullptr;  ///< org.Hs.eg.db: genes normalised as by `exomir targets` (null: as given)
};

struct BundleTargets {
    TargetTable table;
    std::vector<SourceReport> reports;  ///< families first, then one per table, in input order
};

/// Loads every input with the `exomir targets` loaders (load_targetscan_families, load_targetscan,
/// load_mirtarbase, load_curated), normalises each table's genes with normalise_genes when `in.gene_ids` is set
/// (its tally lands in the source's report), and merges them with merge_targets. A format change upstream throws the
/// loaders' Error naming file:line and the expected column.
BundleTargets build_bundle_targets(const MirnaReference& ref, const BundleTargetInputs& in);

}  // namespace exomir
