// seed_scan.hpp: TargetScan-style seed-match site finding over 3'UTRs for many seeds in one pass.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace exomir {

/// Canonical site types (Bartel 2009 Cell 136:215; TargetScan 7, Agarwal et al. 2015 eLife 4:e05005),
/// strongest first. With miRNA nt 2-8 = seed:
///   8mer        = match to nt 2-8 + A opposite nt 1
///   7mer-m8     = match to nt 2-8
///   7mer-A1     = match to nt 2-7 + A opposite nt 1
///   6mer        = match to nt 2-7
///   offset-6mer = match to nt 3-8
enum class SiteType : std::uint8_t { k8mer = 0, k7mer_m8 = 1, k7mer_a1 = 2, k6mer = 3, koffset6mer = 4 };
inline constexpr int k_n_site_types = 5;

/// Name used in targets.tsv: 8mer, 7mer-m8, 7mer-A1, 6mer, offset-6mer.
const char* site_type_name(SiteType t);
/// Length of the site on the UTR (nt).
int site_length(SiteType t);

/// Mean repression of one isolated site of each type as a fraction in [0,1]: e = 1 - 2^(mean log2 fold change).
/// Mean log2 fold changes: 8mer -0.310, 7mer-m8 -0.161, 7mer-A1 -0.099 (Grimson et al. 2007 Mol Cell 27:91,
/// site-type contributions of the context score); 6mer -0.079 (Agarwal et al. 2015 eLife 4:e05005, 6mer
/// intercept of the context++ model, Agarwal_2015_parameters.txt); offset-6mer -0.020 (Agarwal et al. 2015,
/// offset-6mer coefficient: marginal repression).
double site_efficacy(SiteType t);

/// Per-type site counts of one (seed, UTR) pair.
using SiteCounts = std::array<std::uint32_t, k_n_site_types>;

/// Combined repression of a set of sites: w = 1 - prod(1 - e_site)^n (sites act independently and
/// multiplicatively; Grimson et al. 2007 for sites > 8 nt apart).
double combined_efficacy(const SiteCounts& counts);

/// One site found on one UTR. Positions are 0-based, half-open on the ungapped, masked UTR.
struct Site {
    std::uint32_t seed = 0;  ///< index into the seed list given to SeedIndex
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    SiteType type = SiteType::k6mer;
};

/// Scan options. Defaults follow targetscan_70.pl.
struct ScanOptions {
    int mask_5p = 14;         ///< first nt of each UTR not searched (ribosome shadow; TargetScan 7 masks 14)
    bool offset_6mer = true;  ///< also report offset-6mer sites (not searched by targetscan_70.pl)
};

/// Direct-indexed tables of all 6-mer cores of the seeds (a 4^6 perfect hash): each UTR position is
/// looked up once for every seed at the same time. Build once, share read-only across threads.
class SeedIndex {
  public:
    /// `seeds`: 7-letter seeds (miRNA nt 2-8, DNA or RNA letters). Throws Error on a seed that is not
    /// 7 letters of ACGTU. Duplicate seeds are allowed (each index gets its own sites).
    explicit SeedIndex(const std::vector<std::string>& seeds);

    std::size_t size() const noexcept { return seeds_.size(); }
    const std::string& seed(std::size_t i) const { return seeds_[i]; }

    /// Every maximal site of every seed on `utr` (gaps '-' and '.' removed first, case ignored, U = T;
    /// other letters such as N break sites). As targetscan_70.pl: a site containing a longer site's
    /// match is dropped (8mer hides the 7mer-m8, 7mer-A1 and 6mer inside it, ...); offset-6mers inside a
    /// 7mer-m8 or 8mer are dropped. Result sorted by (start, seed, type). Pure.
    std::vector<Site> scan(std::string_view utr, const ScanOptions& opt = {}) const;

    /// The same sites appended to `out` unsorted (in order of the 6-nt core), reusing `code` as scratch:
    /// the allocation-free form for scanning many UTRs with a per-thread workspace.
    void scan_into(std::string_view utr, const ScanOptions& opt, std::vector<Site>& out,
                   std::vector<std::int8_t>& code) const;

  private:
    std::vector<std::string> seeds_;
    std::vector<std::uint32_t> seed8_code_;             // 2-bit code of rc(nt 8) per seed
    std::vector<std::uint32_t> core_start_, core_ids_;  // 6mer core (rc nt 2-7) -> seeds, CSR layout
    std::vector<std::uint32_t> off_start_, off_ids_;    // offset core (rc nt 3-8) -> seeds
    std::vector<std::uint32_t> seed7_code_;             // rc(nt 2-8) code per seed
};

/// Non-overlapping count of `sites` of one seed on one UTR: sites taken strongest type first, then by
/// position, each kept only if it overlaps no kept site. `sites` must all belong to one seed; they are
/// reordered in place (scratch), nothing is allocated.
SiteCounts count_non_overlapping(std::span<Site> sites);

/// Ungapped, upper-case DNA form of an aligned UTR row (drops '-' and '.', U -> T).
std::string ungap_utr(std::string_view aligned);

}  // namespace exomir
