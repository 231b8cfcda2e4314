// spike_ins.cpp: the spike FASTA, the spike matching rule and the per-sample spike table.
#include "exomir/quant/spike_ins.hpp"

#include <map>
#include <tuple>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/fasta.hpp"
#include "exomir/quant/annotate.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {
namespace {

constexpr std::size_t k_key = 8;

// 2-bit code of seq[pos, pos + 8), or nullopt when it holds an N or runs past the end.
std::optional<std::uint32_t> key_at(std::string_view seq, std::size_t pos) {
    if (seq.size() < pos + k_key) return std::nullopt;
    std::uint32_t code = 0;
    for (std::size_t i = pos; i < pos + k_key; ++i) {
        const auto b = std::string_view("ACGT").find(seq[i]);
        if (b == std::string_view::npos) return std::nullopt;
        code = code << 2 | static_cast<std::uint32_t>(b);
    }
    return code;
}

}  // namespace

SpikeIns load_spike_ins(const std::string& path) {
    SpikeIns s;
    s.path = path;
    std::map<std::string, std::uint64_t> name_line, seq_line;
    for (auto& r : read_fasta(path)) {
        if (r.seq.find('N') != std::string::npos)
            throw Error(
                fmt::format("{}:{}: spike '{}' has an N; give the spike's exact sequence (ACGT)", path, r.line, r.id));
        if (r.seq.size() < static_cast<std::size_t>(k_min_spike_length))
            throw Error(fmt::format("{}:{}: spike '{}' is {} nt; spikes must be at least {} nt", path, r.line, r.id,
                                    r.seq.size(), k_min_spike_length));
        if (const auto [it, fresh] = name_line.emplace(r.id, r.line); !fresh)
            throw Error(fmt::format("{}:{}: spike name '{}' is already used at line {}; give every spike its own name",
                                    path, r.line, r.id, it->second));
        if (const auto [it, fresh] = seq_line.emplace(r.seq, r.line); !fresh)
            throw Error(fmt::format("{}:{}: spike '{}' has the same sequence as the spike at line {}; keep one", path,
                                    r.line, r.id, it->second));
        s.names.push_back(std::move(r.id));
        s.seqs.push_back(std::move(r.seq));
    }
    if (s.seqs.empty()) throw Error(fmt::format("{}: no spike sequences; give a FASTA with at least one record", path));
    return s;
}

SpikeMatcher::SpikeMatcher(const SpikeIns& spikes) : spikes_(&spikes) {
    for (std::uint32_t i = 0; i < spikes.seqs.size(); ++i) {
        head_[*key_at(spikes.seqs[i], 0)].push_back(i);
        next_[*key_at(spikes.seqs[i], k_key)].push_back(i);
    }
}

std::optional<std::uint32_t> SpikeMatcher::match(std::string_view seq) const {
    // Every spike within the rule shares seq[0, 16) with at most one mismatch: one of the two 8-mers is exact.
    std::vector<std::uint32_t> cand;
    if (const auto k = key_at(seq, 0))
        if (const auto it = head_.find(*k); it != head_.end()) cand = it->second;
    if (const auto k = key_at(seq, k_key))
        if (const auto it = next_.find(*k); it != next_.end())
            cand.insert(cand.end(), it->second.begin(), it->second.end());
    std::optional<std::uint32_t> best;
    std::tuple<int, std::size_t, std::uint32_t> best_key{k_spike_max_mismatches + 1, 0, 0};
    for (const std::uint32_t i : cand) {
        const std::string& spike = spikes_->seqs[i];
        const std::size_t shift = spike.size() > seq.size() ? spike.size() - seq.size() : seq.size() - spike.size();
        if (shift > static_cast<std::size_t>(k_spike_max_end_shift)) continue;
        int mm = 0;
        for (std::size_t p = 0; p < std::min(seq.size(), spike.size()) && mm <= k_spike_max_mismatches; ++p)
            mm += seq[p] != spike[p] || seq[p] == 'N';
        if (const auto key = std::tuple(mm, shift, i); key < best_key) best_key = key, best = i;
    }
    return best;
}

std::string spike_mirna_warning(const SpikeIns& spikes, const SpikeMatcher& matcher, const MirnaReference& ref) {
    constexpr std::size_t k_shown = 5;
    std::vector<std::string> pairs;
    for (const Mature& m : ref.matures)
        if (const auto i = matcher.match(m.seq)) pairs.push_back(m.name + " by " + spikes.names[*i]);
    if (pairs.empty()) return {};
    const std::size_t n = pairs.size();
    std::string shown = fmt::format(
        "{}", fmt::join(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(std::min(n, k_shown)), ", "));
    if (n > k_shown) shown += fmt::format(" and {} more", n - k_shown);
    return fmt::format(
        "{}: the spikes take the reads of {} miRNA{} of the reference ({}): by the spike rule they "
        "count as spike-in, never as miRNA; give spikes that are not in the sample (docs/spike_ins.md)",
        spikes.path, n, n == 1 ? "" : "s", shown);
}

SpikeCounts count_spikes(const SpikeIns& spikes, const std::vector<SeqCount>& seqs, const Annotation& ann,
                         std::span<const std::uint64_t> molecules) {
    SpikeCounts c;
    c.reads.assign(spikes.seqs.size(), 0);
    c.unique_sequences.assign(spikes.seqs.size(), 0);
    for (std::size_t s = 0; s < seqs.size(); ++s) {
        if (ann.sequences.cls(s) != SeqClass::spike_in) continue;
        const std::uint32_t i = ann.sequences[s].spike;
        const std::uint64_t n = counted(seqs, molecules, s);
        c.reads[i] += n, ++c.unique_sequences[i];
        c.total_reads += n, ++c.total_sequences;
    }
    return c;
}

std::string format_spikes_tsv(const SpikeIns& spikes, const SpikeCounts& c) {
    std::string out = "spike\treads\tunique_sequences\n";
    for (std::size_t i = 0; i < spikes.names.size(); ++i)
        out += fmt::format("{}\t{}\t{}\n", spikes.names[i], c.reads[i], c.unique_sequences[i]);
    return out;
}

nlohmann::json spike_qc_json(const SpikeIns& spikes, const SpikeCounts& c) {
    nlohmann::json per = nlohmann::json::object();
    for (std::size_t i = 0; i < spikes.names.size(); ++i) per[spikes.names[i]] = c.reads[i];
    return {{"file", spikes.path},
            {"spikes", spikes.names.size()},
            {"reads", c.total_reads},
            {"unique_sequences", c.total_sequences},
            {"reads_per_spike", per},
            {"rule", fmt::format("5' end aligned (no shift), length within {} nt, <= {} mismatch",
                                 k_spike_max_end_shift, k_spike_max_mismatches)}};
}

}  // namespace exomir
