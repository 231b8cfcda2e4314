// bovine.hpp: culture-medium (fetal bovine serum) signal in one sample: reads that only a bovine hairpin explains.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exomir/quant/annotate.hpp"

namespace exomir {

/// Bovine-specific fraction of the miRNA reads of a bovine serum profile (f_ref in docs/contamination.md):
/// measured by bench/contamination.sh running `exomir quant` "as if human" on the shared real bovine serum and
/// plasma reads with the shipped other-RNA classes (pooled: 65 bovine-specific of 8,857 miRNA reads; serum alone
/// 6/596, plasma 59/8,261). Used when quant is not given --serum-bovine-fraction.
inline constexpr double k_default_serum_bovine_fraction = 0.0073;

/// The bovine (bta) hairpins and matures of the same all-species miRBase files, indexed once.
struct BovineReference {
    MirnaReference ref;
    std::unique_ptr<AnnotationIndex> index;
};

/// Loads the `bta` entries of the files of `human` (same mature/hairpin paths). Returns null and sets
/// `why_not` when the files hold no bovine hairpins (e.g. the human-only optimir default). Heap-held because
/// the index points into the reference's sequences.
std::unique_ptr<BovineReference> load_bovine_reference(const ReferencePaths& human, std::string& why_not);

/// The bovine-specific reads of one sample.
struct BovineScan {
    bool checked = false;                       ///< false: no bovine hairpins in the reference, nothing was measured
    std::string not_checked_reason;             ///< why, when !checked
    std::vector<std::uint8_t> bovine_specific;  ///< per input sequence: 1 = placed on a bta hairpin and nothing human
    Annotation bta;                 ///< annotation of the bovine-specific sequences against the bta reference
    std::uint64_t reads = 0;        ///< reads on a bta hairpin (miRNA arm or elsewhere)
    std::uint64_t mirna_reads = 0;  ///< of those, reads on a bta mature arm
    std::uint64_t human_mirna_reads = 0;
    double serum_bovine_fraction = 0;  ///< f_ref used for the serum-derived share
    /// Bovine-specific miRNA reads / (human miRNA reads + bovine-specific miRNA reads); 0 when no miRNA reads.
    double fraction_of_mirna_reads() const;
    /// A scan that was not run, and why.
    static BovineScan not_checked(std::string reason) {
        BovineScan s;
        s.not_checked_reason = std::move(reason);
        return s;
    }
    /// Estimated serum-derived share of all miRNA reads: fraction_of_mirna_reads / f_ref, capped at 1.
    double serum_share() const;
};

/// The sequences of `seqs` that the human annotation left unmapped (no human hairpin, no other-RNA class) are
/// aligned to the bovine hairpins with the same tolerances; those placed there are bovine-specific. The human
/// path is untouched: only unmapped sequences are aligned again. Pure, deterministic.
BovineScan scan_bovine(const std::vector<SeqCount>& seqs, const Annotation& human, const BovineReference& bovine,
                       const AnnotateOptions& opt, double serum_bovine_fraction);

/// The `bovine` part of qc.json: checked, reads, fractions, serum share, top miRNAs (or checked=false + reason).
nlohmann::json bovine_qc_json(const BovineScan& scan, std::size_t top_n = 10);

/// Adds the scan to a sample's qc.json: `bovine` (bovine_qc_json) and, when checked,
/// annotation.bovine_specific_reads (taken out of annotation.unmapped_reads, so the classes still sum up).
void add_bovine_qc(nlohmann::json& qc, const BovineScan& scan);

/// Plain-language warnings (a large serum-derived share; a check not run is said in qc.json and the log).
std::vector<std::string> bovine_warnings(const BovineScan& scan);

}  // namespace exomir
