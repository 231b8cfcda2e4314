// serum_mirnas.hpp: the shipped table of miRNAs known to come from the culture medium's fetal bovine serum
// (reference/serum_mirnas.tsv), flagged in the report even when no blank was sequenced.
#pragma once

#include <string>
#include <vector>

namespace exomir {

/// One miRNA the literature shows in fetal bovine serum (FBS) or FBS-containing media.
struct SerumMirna {
    std::string mirna;                   ///< human miRBase mature name (hsa-miR-122-5p)
    std::vector<std::string> evidence;   ///< one line per citation, in the table's order
    std::vector<std::string> citations;  ///< PMID:N or doi:..., parallel to evidence
};

/// Reads a table with columns mirna, evidence, citation (one row per miRNA and citation; rows of one miRNA are
/// merged, first appearance first). Each citation must read PMID:<digits> or doi:10.<...>; an empty field or a
/// malformed citation throws "PATH:LINE: ...".
std::vector<SerumMirna> read_serum_mirnas(const std::string& path);

/// <curated_reference_dir()>/serum_mirnas.tsv.
std::string default_serum_mirnas_path();

}  // namespace exomir
