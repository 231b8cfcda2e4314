// seed_scan.cpp: one-pass seed-match site finding (all seeds at once) with TargetScan 7 site definitions.
#include "exomir/targets/seed_scan.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "exomir/core/error.hpp"

namespace exomir {
namespace {

constexpr std::uint32_t k_core_k = 6;
constexpr std::uint32_t k_n_codes = 1u << (2 * k_core_k);  // 4^6

int code_of(char c) {
    switch (c) {
        case 'A':
        case 'a':
            return 0;
        case 'C':
        case 'c':
            return 1;
        case 'G':
        case 'g':
            return 2;
        case 'T':
        case 't':
        case 'U':
        case 'u':
            return 3;
        default:
            return -1;
    }
}

// 2-bit code of the reverse complement of seed[from, from+len).
std::uint32_t rc_code(const std::string& seed, std::size_t from, std::size_t len) {
    std::uint32_t code = 0;
    for (std::size_t i = 0; i < len; ++i)
        code = (code << 2) | static_cast<std::uint32_t>(3 - code_of(seed[from + len - 1 - i]));
    return code;
}

void build_csr(const std::vector<std::uint32_t>& key_of_seed, std::vector<std::uint32_t>& start,
               std::vector<std::uint32_t>& ids) {
    start.assign(k_n_codes + 1, 0);
    for (const std::uint32_t k : key_of_seed) ++start[k + 1];
    for (std::uint32_t c = 0; c < k_n_codes; ++c) start[c + 1] += start[c];
    ids.assign(key_of_seed.size(), 0);
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::uint32_t s = 0; s < key_of_seed.size(); ++s) ids[fill[key_of_seed[s]]++] = s;
}

constexpr double k_log2_fold[k_n_site_types] = {-0.310, -0.161, -0.099, -0.079, -0.020};

}  // namespace

const char* site_type_name(SiteType t) {
    static constexpr const char* names[] = {"8mer", "7mer-m8", "7mer-A1", "6mer", "offset-6mer"};
    return names[static_cast<int>(t)];
}

int site_length(SiteType t) {
    static constexpr int lengths[] = {8, 7, 7, 6, 6};
    return lengths[static_cast<int>(t)];
}

double site_efficacy(SiteType t) { return 1.0 - std::exp2(k_log2_fold[static_cast<int>(t)]); }

double combined_efficacy(const SiteCounts& counts) {
    double keep = 1.0;
    for (int t = 0; t < k_n_site_types; ++t)
        keep *= std::pow(1.0 - site_efficacy(static_cast<SiteType>(t)), static_cast<double>(counts[t]));
    return std::clamp(1.0 - keep, 0.0, 1.0);
}

std::string ungap_utr(std::string_view aligned) {
    std::string s;
    s.reserve(aligned.size());
    for (const char c : aligned) {
        if (c == '-' || c == '.') continue;
        char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        s += u == 'U' ? 'T' : u;
    }
    return s;
}

SeedIndex::SeedIndex(const std::vector<std::string>& seeds) : seeds_(seeds) {
    std::vector<std::uint32_t> core(seeds.size()), off(seeds.size());
    seed8_code_.resize(seeds.size());
    seed7_code_.resize(seeds.size());
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        const std::string& s = seeds[i];
        if (s.size() != 7 || !std::all_of(s.begin(), s.end(), [](char c) { return code_of(c) >= 0; }))
            throw Error(fmt::format("seed '{}' is not 7 letters of ACGU (miRNA nt 2-8)", s));
        core[i] = rc_code(s, 0, 6);                                       // rc(nt 2-7)
        off[i] = rc_code(s, 1, 6);                                        // rc(nt 3-8)
        seed8_code_[i] = 3u - static_cast<std::uint32_t>(code_of(s[6]));  // complement of nt 8
        seed7_code_[i] = 3u - static_cast<std::uint32_t>(code_of(s[0]));  // complement of nt 2
    }
    build_csr(core, core_start_, core_ids_);
    build_csr(off, off_start_, off_ids_);
}

std::vector<Site> SeedIndex::scan(std::string_view utr, const ScanOptions& opt) const {
    std::vector<Site> out;
    std::vector<std::int8_t> code;
    scan_into(utr, opt, out, code);
    std::sort(out.begin(), out.end(), [](const Site& a, const Site& b) {
        return a.start != b.start ? a.start < b.start : a.seed != b.seed ? a.seed < b.seed : a.type < b.type;
    });
    return out;
}

void SeedIndex::scan_into(std::string_view utr, const ScanOptions& opt, std::vector<Site>& out,
                          std::vector<std::int8_t>& code) const {
    code.clear();
    code.reserve(utr.size());
    for (const char c : utr)
        if (c != '-' && c != '.') code.push_back(static_cast<std::int8_t>(code_of(c)));
    const std::uint32_t n = static_cast<std::uint32_t>(code.size());
    for (std::uint32_t i = 0; i < n && static_cast<int>(i) < opt.mask_5p; ++i) code[i] = -1;
    std::uint32_t kmer = 0, valid = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (code[i] < 0) {
            valid = 0;
            continue;
        }
        kmer = ((kmer << 2) | static_cast<std::uint32_t>(code[i])) & (k_n_codes - 1);
        if (++valid < k_core_k) continue;
        const std::uint32_t p = i + 1 - k_core_k;  // 6-mer at [p, p+6)
        const int before = p > 0 ? code[p - 1] : -1;
        const int after = i + 1 < n ? code[i + 1] : -1;
        for (std::uint32_t j = core_start_[kmer]; j < core_start_[kmer + 1]; ++j) {
            const std::uint32_t s = core_ids_[j];
            const bool m8 = before >= 0 && static_cast<std::uint32_t>(before) == seed8_code_[s];
            const bool a1 = after == 0;
            if (m8 && a1)
                out.push_back({s, p - 1, p + 7, SiteType::k8mer});
            else if (m8)
                out.push_back({s, p - 1, p + 6, SiteType::k7mer_m8});
            else if (a1)
                out.push_back({s, p, p + 7, SiteType::k7mer_a1});
            else
                out.push_back({s, p, p + 6, SiteType::k6mer});
        }
        if (!opt.offset_6mer) continue;
        for (std::uint32_t j = off_start_[kmer]; j < off_start_[kmer + 1]; ++j) {
            const std::uint32_t s = off_ids_[j];
            // Inside a 7mer-m8/8mer when the next base pairs with nt 2: that longer site is reported instead.
            if (after >= 0 && static_cast<std::uint32_t>(after) == seed7_code_[s]) continue;
            out.push_back({s, p, p + 6, SiteType::koffset6mer});
        }
    }
}

SiteCounts count_non_overlapping(std::span<Site> sites) {
    std::sort(sites.begin(), sites.end(),
              [](const Site& a, const Site& b) { return a.type != b.type ? a.type < b.type : a.start < b.start; });
    // Kept sites are swapped into the prefix [0, n_kept); the element swapped out was already rejected.
    SiteCounts counts{};
    std::size_t n_kept = 0;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const Site s = sites[i];
        const bool overlaps = std::any_of(sites.begin(), sites.begin() + static_cast<std::ptrdiff_t>(n_kept),
                                          [&](const Site& k) { return s.start < k.end && k.start < s.end; });
        if (overlaps) continue;
        std::swap(sites[n_kept++], sites[i]);
        ++counts[static_cast<int>(s.type)];
    }
    return counts;
}

}  // namespace exomir
