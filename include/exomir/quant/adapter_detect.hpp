// adapter_detect.hpp: finding the 3' adapter of a small-RNA library from its reads (--kit auto).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace exomir {

/// Result of adapter detection on a sample of reads.
struct AdapterGuess {
    std::string adapter;  ///< detected sequence; empty if none is over-represented
    std::string kit;      ///< matching preset (truseq, nebnext, qiaseq, nextflex) or "custom" / "none"
    double support = 0;   ///< fraction of sampled reads containing the adapter's first 10 nt
    std::size_t n_sampled = 0;
    std::string method;  ///< "preset" (a known kit adapter) or "kmer" (de novo over-representation)
    nlohmann::json to_json() const;
};

/// Fraction of `reads` holding the first 10 nt of `adapter` anywhere (detect_adapter's support). Pure.
double adapter_support(const std::vector<std::string>& reads, std::string_view adapter);

/// Detects the adapter from reads (upper-case ACGTN), as DNApi/miRTrace do: first the known kit
/// adapters by the fraction of reads containing their 10-nt prefix; if none reaches `min_support`,
/// the most over-represented 10-mer away from the 5' end is extended base by base while its
/// support stays >= half the seed's. A TruSeq adapter whose trimmed inserts peak 8 nt longer than
/// miRNAs (26-34 nt) is reported as NEXTflex (4 random nt each side). Pure, deterministic.
AdapterGuess detect_adapter(const std::vector<std::string>& reads, double min_support = 0.1);

}  // namespace exomir
