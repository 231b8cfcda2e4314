// trim.hpp: 3' adapter location (cutadapt-like semantics), UMI and random-base removal for one read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "exomir/quant/kits.hpp"

namespace exomir {

/// Trimming and filtering options. Kit::custom with an empty adapter = reads already trimmed
/// (`--adapter none`); `--adapter SEQ` with a kit overrides only the kit's adapter (UMI/random kept). Defaults here are the single source of truth for --help.
struct TrimOptions {
    Kit kit = Kit::truseq;
    std::string adapter;                   ///< 3' adapter; empty = the kit's preset (or detected with Kit::auto_detect)
    double error_rate = 0.1;               ///< max mismatches per aligned adapter base (cutadapt -e)
    int min_overlap = 3;                   ///< min adapter bases matched at the read end (cutadapt -O)
    int umi_length = 0;                    ///< UMI after the adapter (QIAseq: 12); set from the kit
    int random5 = 0, random3 = 0;          ///< random bases on each side of the insert (NEXTflex: 4, 4)
    int min_length = 16, max_length = 40;  ///< insert length window after trimming (the miRNA aligner's)
    /// Inserts of known length (adapter found, or reads already trimmed) above max_length and up to this are kept
    /// for the other-RNA classes only (3' tRNA halves with CCA are 35-45 nt); the miRNA aligner never sees them.
    int other_max_length = 50;
    int max_n = -1;  ///< most uncalled bases (N) allowed in the insert; -1 = no limit (cutadapt --max-n)
};

/// Where the adapter starts in a read and how well it matched.
struct AdapterHit {
    int pos = -1;     ///< 0-based start of the adapter in the read; -1 = not found
    int overlap = 0;  ///< adapter bases aligned (< adapter length for a partial hit at the read end)
    int mismatches = 0;
};

/// Finds the leftmost placement of `adapter` (or, at the read end, a prefix of it of at least
/// `min_overlap` bases) with at most floor(error_rate * overlap) mismatches (N matches anything).
/// Substitutions only (cutadapt also allows indels; small-RNA adapters rarely need them).
/// Cost: O(read length) expected, early exit per placement.
AdapterHit find_adapter(std::string_view read, std::string_view adapter, double error_rate, int min_overlap);

/// What happened to one read.
enum class ReadFate : std::uint8_t { kept, no_adapter_kept, dimer, too_short, too_long, umi_missing, too_many_n };

/// The result of trimming one read: the insert and the UMI are views into the read.
struct TrimResult {
    ReadFate fate = ReadFate::kept;
    bool adapter_found = false;
    std::string_view insert;
    std::string_view umi;
    int insert_length = 0;  ///< length after trimming (also for reads dropped by the length window)
};

/// Trims one read: adapter, then the UMI after it, then random bases on both sides of the insert,
/// then the length window: [min_length, max_length], or up to other_max_length when the insert's end is known
/// (adapter found, or no adapter configured: reads already trimmed); a read without its adapter keeps max_length. A read without an adapter keeps its full length (it usually fails the
/// window). Reads the resolved fields (after apply_kit_preset, collapse.hpp); `kit` itself is not used,
/// and an empty adapter means the reads are already trimmed. Pure function.
TrimResult trim_read(std::string_view read, const TrimOptions& opt);

}  // namespace exomir
