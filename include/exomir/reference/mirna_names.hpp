// mirna_names.hpp: resolving miRNA names of any miRBase release or naming style to miRBase 22 matures.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exomir/reference/mirna_ref.hpp"

namespace exomir {

/// Name history of mature miRNAs read from the official miRBase `miRNA.diff` files.
struct MirbaseHistory {
    /// Every earlier name of an accession (MIMAT -> names, oldest first), from NEW/NAME records.
    std::unordered_map<std::string, std::vector<std::string>> former_names;
    /// Accessions deleted in some release: MIMAT or former name -> release (e.g. "12.0").
    std::unordered_map<std::string, std::string> deleted;
    std::vector<std::string> files;  ///< diff files read, in release order
    std::size_t n_records = 0;       ///< MIMAT lines read
};

/// Reads every `miRNA_<release>.diff` in `dir` (official miRBase format: `MIMAT<TAB>name<TAB>TAG[<TAB>TAG]`,
/// tags NEW/DELETE/NAME/SEQUENCE/MATURE; `#` comments; CRLF accepted), in numeric release order.
/// Only mature (MIMAT) records of `species` are kept. Throws Error naming file:line for a malformed
/// MIMAT record and when `dir` holds no diff file.
MirbaseHistory load_mirbase_history(const std::string& dir, const std::string& species = "hsa");

/// Result of resolving one name. Empty `matures` means unresolved; `reason` says why.
struct NameMatch {
    std::vector<std::uint32_t> matures;  ///< indices into MirnaReference::matures (sorted)
    std::string how;                     ///< exact | accession | case | style | arm | diff | seed
    std::string reason;                  ///< for unresolved names: why
};

/// Resolves names through: exact miRBase 22 name or MIMAT; case-insensitive name; MSigDB/token style
/// (`MIR21_5P`, `LET_7A_2_3P`, `MIR_122_5P`: compared as letter/digit tokens); arm-less names
/// (`hsa-miR-375`, `hsa-let-7b`) -> the only arm, else the arm that carried the name in miRNA.diff;
/// former names from miRNA.diff (`hsa-miR-21*`, `hsa-miR-1274a` -> deleted). A missing species
/// prefix is taken as the reference species. Thread-safe for concurrent resolve() calls.
class NameResolver {
  public:
    NameResolver(const MirnaReference& ref, const MirbaseHistory& history);

    /// Resolves one name (see class comment); never throws.
    NameMatch resolve(std::string_view name) const;

    /// Token key used for style-insensitive matching: species prefix dropped, lower-case runs of
    /// letters and of digits joined by '.', e.g. `MIR21_5P` and `hsa-miR-21-5p` -> `mir.21.5.p`.
    static std::string token_key(std::string_view name);

  private:
    NameMatch arm_less(const std::string& key) const;
    const MirnaReference& ref_;
    std::string species_;
    std::unordered_map<std::string, std::uint32_t> lower_;                // lower-case full name -> mature
    std::unordered_map<std::string, std::vector<std::uint32_t>> tokens_;  // token key -> matures
    std::unordered_map<std::string, std::vector<std::uint32_t>> former_;  // token key of a former name -> matures
    std::unordered_map<std::string, std::string> deleted_;                // token key -> release
    std::unordered_map<std::uint32_t, char> arm_;                         // mature -> '5' | '3' | '?' (hairpin arm)
};

/// Seed of a mature sequence: nt 2-8 (7 letters), or "" if the sequence is shorter than 8 nt.
std::string seed_of(std::string_view mature_seq);

}  // namespace exomir
