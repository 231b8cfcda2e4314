// types.hpp: plain data passed between the read side and the annotation side of quant.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace exomir {

/// One unique collapsed insert (a *sequence* in the glossary) and how often it was seen.
struct SeqCount {
    std::string seq;                ///< trimmed insert, upper-case ACGTN
    std::uint64_t n_reads = 0;      ///< reads with this insert (PCR duplicates included)
    std::uint64_t n_molecules = 0;  ///< distinct UMIs with this insert; == n_reads when the kit has no UMI
};

}  // namespace exomir
