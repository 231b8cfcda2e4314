// collapse.hpp: quant's read side: FASTQ/BAM -> adapter trimming -> UMI -> length filter -> unique sequences.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exomir/core/types.hpp"
#include "exomir/quant/kits.hpp"
#include "exomir/quant/qc_gate.hpp"
#include "exomir/quant/trim.hpp"

namespace exomir {

/// Every problem with the options, not just the first (empty = valid).
std::vector<std::string> validate(const TrimOptions& opt);

/// Read-side quality control counters; merge() is exact and order-independent.
struct ReadQc {
    std::uint64_t n_reads = 0, n_bases = 0;
    std::uint64_t n_adapter_found = 0;             ///< adapter (full or partial at the 3' end) located
    std::uint64_t n_no_adapter = 0;                ///< no adapter: insert longer than the read or adapter absent
    std::uint64_t n_dimers = 0;                    ///< adapter at position 0..random5: empty insert
    std::uint64_t n_too_short = 0;                 ///< 0 < insert < min_length
    std::uint64_t n_too_long = 0;                  ///< insert > other_max_length (> max_length without adapter)
    std::uint64_t n_umi_missing = 0;               ///< QIAseq: adapter found but fewer than umi_length bases after it
    std::uint64_t n_too_many_n = 0;                ///< insert with more than max_n uncalled bases (--max-n)
    std::uint64_t n_umi_duplicates = 0;            ///< reads that repeat an (insert, UMI) already seen
    std::uint64_t n_kept = 0;                      ///< reads passing all filters (sum of SeqCount::n_reads)
    std::array<std::uint64_t, 256> length_hist{};  ///< insert length after trimming (all reads with adapter)
    void merge(const ReadQc& other);
};

/// What the read side hands to annotation.
struct CollapsedReads {
    SeqArena storage;                 ///< the bytes of every sequence (move-only: views stay valid)
    std::vector<SeqCount> sequences;  ///< unique inserts (views into storage), sorted by seq (deterministic)
    /// UMI kits (umi_length > 0 after the kit preset): distinct UMIs per sequence, parallel to `sequences`;
    /// empty without UMIs (then a sequence's molecules are its reads).
    std::vector<std::uint64_t> molecules;
    bool umi = false;  ///< UMIs were read: `molecules` is what quant counts
    ReadQc qc;
    std::string adapter_used;          ///< the adapter actually trimmed (empty: reads taken as already trimmed)
    std::string kit_used;              ///< the kit after --kit auto resolution
    nlohmann::json adapter_detection;  ///< for --kit auto: candidate, support fraction, reads sampled
    std::vector<std::string> warnings;
};

/// Where reading stands: reads merged so far and input bytes (as stored, compressed) consumed out of the
/// total size of all input files. `bytes_total` is 0 when a size is unknown (a pipe, CRAM).
struct ReadProgress {
    std::uint64_t n_reads = 0;
    std::uint64_t bytes_done = 0;
    std::uint64_t bytes_total = 0;
};

/// Progress callback, called from the serial merge stage about every million reads.
using ProgressFn = std::function<void(const ReadProgress&)>;

/// Reads every file (FASTQ, FASTQ.gz, BGZF, unaligned BAM/CRAM via htslib; several files = lanes of
/// one sample, summed), trims, deduplicates UMIs and collapses identical inserts through one
/// tbb::parallel_pipeline. Deterministic for any thread count.
/// Throws Error naming file:record for malformed input (truncated gzip, qual/seq length mismatch,
/// missing '+', binary garbage). An empty valid file gives zero reads (caller warns).
CollapsedReads read_and_collapse(const std::vector<std::string>& paths, TrimOptions opt,
                                 const ProgressFn& progress = {});

/// Which kit's adapter fits the first reads of paths.front() best (adapter detection, adapter_detect.hpp), and
/// how many of those reads hold `used_adapter`; for the QC gate's kit-mismatch check. Not run (run = false)
/// on a stream, which cannot be read twice, or when no adapter was trimmed. Throws Error like read_and_collapse.
KitCheck check_kit(const std::vector<std::string>& paths, const std::string& used_adapter);

/// The read-side part of <sample>.qc.json.
nlohmann::json to_json(const CollapsedReads& reads, const TrimOptions& opt);

}  // namespace exomir
