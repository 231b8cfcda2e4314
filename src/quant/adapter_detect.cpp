// adapter_detect.cpp: 3' adapter detection by k-mer over-representation (DNApi / miRTrace style).
#include "exomir/quant/adapter_detect.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "exomir/quant/kits.hpp"
#include "exomir/quant/trim.hpp"

namespace exomir {
namespace {

constexpr std::size_t k_probe = 10;  // prefix length used to measure support

double support_of(const std::vector<std::string>& reads, std::string_view probe) {
    if (reads.empty()) return 0;
    std::size_t n = 0;
    for (const auto& r : reads) n += r.find(probe) != std::string::npos;
    return static_cast<double>(n) / static_cast<double>(reads.size());
}

bool low_complexity(std::string_view s) {
    std::map<char, int> counts;
    for (char c : s) ++counts[c];
    for (const auto& [c, n] : counts)
        if (n * 10 >= static_cast<int>(s.size()) * 7) return true;  // >= 70% one base (poly-A etc.)
    return false;
}

// De novo: most frequent 10-mer starting at read position >= 12, extended to the right.
std::string kmer_adapter(const std::vector<std::string>& reads) {
    std::unordered_map<std::string_view, std::size_t> counts;
    for (const auto& r : reads)
        for (std::size_t p = 12; p + k_probe <= r.size(); ++p) {
            const std::string_view k(r.data() + p, k_probe);
            if (k.find('N') == std::string_view::npos) ++counts[k];
        }
    std::string_view best;
    std::size_t best_n = 0;
    for (const auto& [k, n] : counts)
        if (!low_complexity(k) && (n > best_n || (n == best_n && k < best))) best = k, best_n = n;
    std::string adapter(best);
    if (adapter.empty()) return adapter;
    // Extend right while the most common next base keeps >= half the seed's support.
    while (adapter.size() < 24) {
        std::map<char, std::size_t> next;
        for (const auto& r : reads) {
            const std::size_t p = r.find(adapter);
            if (p != std::string::npos && p + adapter.size() < r.size()) ++next[r[p + adapter.size()]];
        }
        auto it = std::max_element(next.begin(), next.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
        if (it == next.end() || it->second * 2 < best_n || it->first == 'N') break;
        adapter += it->first;
    }
    return adapter;
}

// Modal insert length of reads trimmed with `adapter` (adapter found, insert length > 0).
int modal_insert_length(const std::vector<std::string>& reads, const std::string& adapter) {
    std::map<int, std::size_t> hist;
    for (const auto& r : reads) {
        const AdapterHit hit = find_adapter(r, adapter, 0.1, 10);
        if (hit.pos > 0) ++hist[hit.pos];
    }
    auto it =
        std::max_element(hist.begin(), hist.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    return it == hist.end() ? 0 : it->first;
}

// Fraction of reads starting with the most common 5' 4-mer.
double top_5p_tetramer_fraction(const std::vector<std::string>& reads) {
    std::unordered_map<std::string_view, std::size_t> counts;
    for (const auto& r : reads)
        if (r.size() >= 4) ++counts[std::string_view(r).substr(0, 4)];
    std::size_t top = 0;
    for (const auto& [k, n] : counts) top = std::max(top, n);
    return reads.empty() ? 0 : static_cast<double>(top) / static_cast<double>(reads.size());
}

}  // namespace

double adapter_support(const std::vector<std::string>& reads, std::string_view adapter) {
    return support_of(reads, adapter.substr(0, k_probe));
}

nlohmann::json AdapterGuess::to_json() const {
    return {{"adapter", adapter.empty() ? nlohmann::json(nullptr) : nlohmann::json(adapter)},
            {"kit", kit},
            {"support", support},
            {"reads_sampled", n_sampled},
            {"method", method}};
}

AdapterGuess detect_adapter(const std::vector<std::string>& reads, double min_support) {
    AdapterGuess g;
    g.n_sampled = reads.size();
    for (const auto& p : kit_presets()) {  // NEXTflex shares TruSeq's adapter: told apart by insert length below
        if (!p.detect_by_adapter) continue;
        const double s = support_of(reads, p.adapter.substr(0, k_probe));
        if (s > g.support) g.support = s, g.adapter = p.adapter, g.kit = p.name;
    }
    g.method = "preset";
    if (g.support < min_support) {
        const std::string denovo = kmer_adapter(reads);
        const double s = denovo.empty() ? 0 : support_of(reads, std::string_view(denovo).substr(0, k_probe));
        if (s >= min_support && s > g.support) {
            g.adapter = denovo, g.support = s, g.kit = "custom", g.method = "kmer";
        }
    }
    if (g.support < min_support) {
        g.kit = "none";
        if (g.support == 0) g.adapter.clear();
        return g;
    }
    // NEXTflex: 4 random 5' bases make the first 4-mer near-uniform (top 4-mer < 2% of reads,
    // 1/256 expected) and push the insert mode 8 nt above the miRNA peak.
    if (g.kit == kit_name(Kit::truseq)) {
        const int mode = modal_insert_length(reads, g.adapter);
        if (mode >= 26 && mode <= 34 && top_5p_tetramer_fraction(reads) < 0.02) g.kit = kit_name(Kit::nextflex);
    }
    return g;
}

}  // namespace exomir
