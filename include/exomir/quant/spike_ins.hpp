// spike_ins.hpp: synthetic spike-in calibrators (quant --spike-ins): the spike FASTA, the matching rule that takes
// a unique insert for a spike before the miRNA aligner sees it, and the per-sample spike table.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "exomir/core/types.hpp"

namespace exomir {

struct Annotation;
struct MirnaReference;

/// The matching rule (docs/spike_ins.md): an insert is a spike's when it starts at the spike's 5' end, its length
/// differs from the spike's by at most k_spike_max_end_shift (3' trimming or extra 3' bases), and the bases they
/// share (the shorter length, from the 5' end) differ in at most k_spike_max_mismatches positions (N counts as one).
inline constexpr int k_spike_max_mismatches = 1;
inline constexpr int k_spike_max_end_shift = 2;
/// Shortest spike accepted: 2 + 16, so the shared part holds two 8-mers of which one is exact (the lookup key).
inline constexpr int k_min_spike_length = 18;

/// The spikes of a --spike-ins FASTA, in file order.
struct SpikeIns {
    std::string path;
    std::vector<std::string> names, seqs;  ///< name = first word of the header; seqs upper-case ACGT
};

/// Reads a spike FASTA (plain or gzip, core/fasta's reader). Throws Error naming file:line for malformed FASTA,
/// a letter outside ACGTU, a spike shorter than k_min_spike_length, a repeated name or a repeated sequence.
SpikeIns load_spike_ins(const std::string& path);

/// Finds the spike of an insert by the rule above; built once per run, read by any thread.
class SpikeMatcher {
  public:
    explicit SpikeMatcher(const SpikeIns& spikes);
    /// The spike `seq` belongs to, or nullopt. Of several, the one with the fewest mismatches, then the smallest
    /// length difference, then the first in the FASTA. Pure.
    std::optional<std::uint32_t> match(std::string_view seq) const;

  private:
    const SpikeIns* spikes_;
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> head_, next_;  // 8-mer at 0 / at 8 -> spikes
};

/// The warning for spikes that take a miRNA's reads: "" when no mature miRNA of `ref` (the sample's species) is a
/// spike's by `matcher`'s rule, else one line naming the spike FASTA and the pairs ("miRNA by spike"; the first 5
/// and how many more) and saying what to do. Such a spike is allowed (docs/spike_ins.md), but it hides the miRNA and
/// its calibration is mixed with the sample's own RNA; a miRNA FASTA given as --spike-ins shows up here.
std::string spike_mirna_warning(const SpikeIns& spikes, const SpikeMatcher& matcher, const MirnaReference& ref);

/// One sample's reads per spike (from the annotation's spike_in sequences), in mirna.tsv's unit: molecules for UMI
/// kits (`molecules`: CollapsedReads::molecules, one per sequence), else reads (`molecules` empty).
struct SpikeCounts {
    std::vector<std::uint64_t> reads, unique_sequences;  ///< per spike, FASTA order
    std::uint64_t total_reads = 0, total_sequences = 0;
};
SpikeCounts count_spikes(const SpikeIns& spikes, const std::vector<SeqCount>& seqs, const Annotation& ann,
                         std::span<const std::uint64_t> molecules = {});

/// `<sample>.spikes.tsv`: spike, reads, unique_sequences; one row per spike in FASTA order (zeros included).
std::string format_spikes_tsv(const SpikeIns& spikes, const SpikeCounts& c);

/// The `spike_ins` block of qc.json: file, spikes, reads, unique_sequences, reads_per_spike {name: reads}, rule.
nlohmann::json spike_qc_json(const SpikeIns& spikes, const SpikeCounts& c);

}  // namespace exomir
