// types.hpp: plain data passed between the read side and the annotation side of quant.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace exomir {

/// One unique collapsed insert (a *sequence* in the glossary) and how often it was seen.
/// `seq` is a view: its bytes belong to a SeqArena (CollapsedReads::storage) or another owner that
/// must outlive the SeqCount (24 bytes per sequence instead of a std::string's 32 plus a heap block).
/// UMI kits' molecule counts are a separate array (CollapsedReads::molecules), so a sample without UMIs, the
/// common case, does not pay 8 bytes per unique sequence for a copy of n_reads.
struct SeqCount {
    std::string_view seq;       ///< trimmed insert, upper-case ACGTN
    std::uint64_t n_reads = 0;  ///< reads with this insert (PCR duplicates included)
};

/// What quant counts of sequence `s`: its UMI molecules when `molecules` is given (UMI kits:
/// CollapsedReads::molecules, one per sequence), else its reads.
inline std::uint64_t counted(const std::vector<SeqCount>& seqs, std::span<const std::uint64_t> molecules,
                             std::size_t s) {
    return molecules.empty() ? seqs[s].n_reads : molecules[s];
}

/// Append-only byte storage in fixed blocks: a stored view stays valid while the arena (or the arena
/// it was moved into) lives, however much is stored after it. Move-only.
class SeqArena {
  public:
    /// Copies `s` into the arena and returns the view of the copy.
    std::string_view store(std::string_view s) {
        if (s.size() > capacity_ - used_) {
            capacity_ = std::max(k_block_bytes, s.size());
            blocks_.push_back(std::make_unique_for_overwrite<char[]>(capacity_));
            used_ = 0;
        }
        char* p = blocks_.back().get() + used_;
        if (!s.empty()) std::memcpy(p, s.data(), s.size());
        used_ += s.size();
        return {p, s.size()};
    }

  private:
    static constexpr std::size_t k_block_bytes = std::size_t{4} << 20;
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t used_ = 0, capacity_ = 0;  // of the last block
};

}  // namespace exomir
