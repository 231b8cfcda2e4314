// align.cpp (no header of its own: declared in quant/annotate.hpp, the aligner is internal to annotation): exact k-mer
// seed index over hairpins and bounded ungapped extension of short sequences.
#include <algorithm>
#include <array>
#include <atomic>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/error.hpp"
#include "exomir/quant/annotate.hpp"

namespace exomir {
namespace {

constexpr std::array<std::int8_t, 256> make_code_table() {
    std::array<std::int8_t, 256> t{};
    for (auto& c : t) c = -1;
    t['A'] = 0, t['C'] = 1, t['G'] = 2, t['T'] = 3;
    return t;
}
constexpr auto k_code = make_code_table();

// Code of s[0, len) (first base most significant), or -1 if it holds a non-ACGT letter.
std::int64_t kmer_code(std::string_view s, int len) {
    std::int64_t code = 0;
    for (int i = 0; i < len; ++i) {
        const int c = k_code[static_cast<unsigned char>(s[i])];
        if (c < 0) return -1;
        code = code * 4 + c;
    }
    return code;
}

// Code of the k-mer at target position p; bases past the end count as 'A' so that the last
// positions are indexed for seeds shorter than k (verification rejects any overhang).
std::int64_t padded_code(std::string_view t, std::size_t p) {
    std::int64_t code = 0;
    for (int i = 0; i < SeqIndex::k; ++i) {
        int c = 0;
        if (p + i < t.size()) {
            c = k_code[static_cast<unsigned char>(t[p + i])];
            if (c < 0) return -1;
        }
        code = code * 4 + c;
    }
    return code;
}

// Bit i % 64 of word i / 64 set (i < m <= 256): s[i] differs from t[i], or is N. Loads 16 bytes at a time: s and t
// need m rounded up to 16 readable bytes (align_sequence's padded copy of the sequence; the index's padded targets).
struct MismatchBits {
    std::array<std::uint64_t, 4> words{};
    // Mismatches in s[0, len) (len <= m), counted up to `cap`: min(mismatches, cap). Bits are cleared one at a time
    // (a handful at most), which needs no POPCNT instruction (the baseline x86-64 build has none).
    int prefix(int len, int cap) const noexcept {
        int mm = 0;
        for (int w = 0; 64 * w < len && mm < cap; ++w) {
            std::uint64_t x = 64 * (w + 1) <= len ? words[w] : words[w] & ((std::uint64_t{1} << (len % 64)) - 1);
            for (; x != 0 && mm < cap; x &= x - 1) ++mm;
        }
        return mm;
    }
};

inline MismatchBits mismatch_bits(const char* s, const char* t, int m) noexcept {
    MismatchBits b;
#if defined(__SSE2__)
    const __m128i n = _mm_set1_epi8('N');
    for (int i = 0; i < m; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
        const auto same = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)));
        const auto is_n = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, n)));
        b.words[i / 64] |= static_cast<std::uint64_t>((~same | is_n) & 0xffffu) << (i % 64);
    }
#else
    for (int i = 0; i < m; ++i) b.words[i / 64] |= std::uint64_t{s[i] != t[i] || s[i] == 'N'} << (i % 64);
#endif
    return b;  // bits at or past m are never read: prefix() is asked only up to m
}

// Best (fewest mismatches, then fewest added bases) alignment of seq on target at diagonal d. `seq` (at most 255
// bases) is followed by 16 readable bytes, as is every target of a SeqIndex.
bool extend(std::string_view seq, std::string_view t, std::uint32_t d, const AnnotateOptions& opt, Hit& out) {
    const int n = static_cast<int>(seq.size());
    const int avail = static_cast<int>(t.size()) - static_cast<int>(d);
    const int m = std::min(n, avail);
    if (m <= 0) return false;
    const MismatchBits mism = mismatch_bits(seq.data(), t.data() + d, m);
    // Every alignment templates at least `lo` bases: too many mismatches among them rejects the diagonal (most seed
    // hits are chance hits).
    const int lo = std::max(opt.min_templated, n - opt.max_add3p);
    const int cap = opt.mismatches + 1;  // any count above the budget is as bad as cap
    if (mism.prefix(std::min(lo, m), cap) > opt.mismatches) return false;
    int best_mm = opt.mismatches + 1, best_add = -1;
    for (int add = 0; add <= opt.max_add3p; ++add) {
        const int len = n - add;
        if (len < opt.min_templated) break;
        if (len > avail) continue;
        // The first added base must differ from the hairpin, or it would be templated.
        if (add > 0 && len < avail && seq[len] == t[d + len]) continue;
        const int mm = mism.prefix(len, cap);
        if (add > 0 && mm > 0 && len < opt.min_templated_mismatch_add) continue;
        if (mm < best_mm) best_mm = mm, best_add = add;
    }
    if (best_add < 0) return false;
    out.start = d;
    out.templated_len = static_cast<std::uint16_t>(n - best_add);
    out.add3p = static_cast<std::uint8_t>(best_add);
    out.n_mismatches = static_cast<std::uint8_t>(best_mm);
    return true;
}

}  // namespace

SeqIndex::SeqIndex(const std::vector<std::string_view>& targets) {
    static std::atomic<std::uint64_t> built{0};
    id_ = ++built;
    std::size_t total = 0;
    for (const auto t : targets) total += t.size() + k_pad;
    bases_.assign(total, '\0');
    targets_.reserve(targets.size());
    char* at = bases_.data();
    for (const auto t : targets) {
        std::copy(t.begin(), t.end(), at);
        targets_.emplace_back(at, t.size());
        at += t.size() + k_pad;
    }
    constexpr std::size_t n_codes = std::size_t{1} << (2 * k);
    offsets_.assign(n_codes + 1, 0);
    for (const auto t : targets_)
        for (std::size_t p = 0; p < t.size(); ++p)
            if (const auto c = padded_code(t, p); c >= 0) ++offsets_[c + 1];
    for (std::size_t i = 0; i < n_codes; ++i) offsets_[i + 1] += offsets_[i];
    hits_.resize(offsets_[n_codes]);
    std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (std::uint32_t ti = 0; ti < targets_.size(); ++ti)
        for (std::uint32_t p = 0; p < targets_[ti].size(); ++p)
            if (const auto c = padded_code(targets_[ti], p); c >= 0) hits_[fill[c]++] = {ti, p};
}

namespace {

// Calls f(code, len, off) for each exact seed of `seq` that align_sequence looks up (pigeonhole: mismatches+1
// disjoint segments of the always-templated prefix hold one exact segment); none if seq cannot align. The segments
// are the first ones of the longest length that fits (at most k), so sequences that share their first bases share
// their seeds whatever their lengths (with one mismatch: bases 0-7 and 8-15 for every sequence of 19 nt or more).
template <class F>
void for_each_seed(std::string_view seq, const SeqIndex& index, const AnnotateOptions& opt, F&& f) {
    const int n = static_cast<int>(seq.size());
    if (n < opt.min_templated || n > 255 || index.size() == 0) return;
    const int prefix = std::min(n, std::max(opt.min_templated, n - opt.max_add3p));
    const int len = std::min(prefix / (opt.mismatches + 1), SeqIndex::k);
    for (int j = 0; j <= opt.mismatches; ++j) {
        const int off = j * len;
        const std::int64_t code = kmer_code(seq.substr(off), len);
        if (code >= 0) f(static_cast<std::uint32_t>(code), len, off);
    }
}

}  // namespace

void prefetch_seeds(std::string_view seq, const SeqIndex& index, const AnnotateOptions& opt, int stage) noexcept {
    for_each_seed(seq, index, opt, [&](std::uint32_t code, int len, int) { index.prefetch(code, len, stage); });
}

std::vector<Hit> align_sequence(std::string_view seq, const SeqIndex& index, const AnnotateOptions& opt,
                                AlignScratch& scratch) {
    if (opt.mismatches < 0 || opt.mismatches > AnnotateOptions::max_mismatches)
        throw Error(
            fmt::format("internal: align_sequence with {} mismatches; validate() the options first", opt.mismatches));
    decltype(scratch.seeds) seeds{};
    int n_seeds = 0;
    for_each_seed(seq, index, opt, [&](std::uint32_t code, int len, int off) { seeds[n_seeds++] = {code, len, off}; });
    std::vector<std::int64_t>& cand = scratch.candidates;
    if (scratch.index != index.id() || scratch.n_seeds != n_seeds || scratch.seeds != seeds) {
        scratch.n_seeds = -1;  // no key while the list is rebuilt
        cand.clear();
        for (int j = 0; j < n_seeds; ++j) {
            const auto off = static_cast<std::uint32_t>(seeds[j].off);
            index.for_each_hit(seeds[j].code, seeds[j].len, [&](std::uint32_t t, std::uint32_t pos) {
                if (pos >= off) cand.push_back((static_cast<std::int64_t>(t) << 32) | (pos - off));
            });
        }
        for (const std::int64_t key : cand)  // the bases extend() reads: cache misses, fetched while sorting
            __builtin_prefetch(index.target(static_cast<std::uint32_t>(key >> 32)).data() + (key & 0xffffffff));
        std::sort(cand.begin(), cand.end());
        cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
        scratch.index = index.id();
        scratch.seeds = seeds;
        scratch.n_seeds = n_seeds;
    }
    std::vector<Hit> hits;
    if (cand.empty()) return hits;
    // A copy followed by 16 readable bytes for extend's loads (seeds exist only for sequences of at most 255 bases).
    std::array<char, 256 + SeqIndex::k_pad> padded;  // NOLINT(cppcoreguidelines-pro-type-member-init): set below
    std::copy(seq.begin(), seq.end(), padded.begin());
    std::fill_n(padded.begin() + static_cast<std::ptrdiff_t>(seq.size()), SeqIndex::k_pad, '\0');
    const std::string_view s(padded.data(), seq.size());
    for (const std::int64_t key : cand) {
        Hit h;
        h.target = static_cast<std::uint32_t>(key >> 32);
        if (extend(s, index.target(h.target), static_cast<std::uint32_t>(key & 0xffffffff), opt, h)) hits.push_back(h);
    }
    return hits;
}

const char* snv_class(int position) {
    if (position >= 2 && position <= 7) return "iso_snv_seed";
    if (position == 8) return "iso_snv_central_offset";
    if (position >= 9 && position <= 12) return "iso_snv_central";
    if (position >= 13 && position <= 17) return "iso_snv_central_supp";
    return "iso_snv";
}

std::string variant_string(const Isomir& iso) {
    std::vector<std::string> parts;
    if (iso.shift5 != 0) parts.push_back(fmt::format("iso_5p:{:+d}", iso.shift5));
    if (iso.shift3 != 0) parts.push_back(fmt::format("iso_3p:{:+d}", iso.shift3));
    if (iso.add3p != 0) parts.push_back(fmt::format("iso_add3p:{}", iso.add3p));
    std::vector<std::string> snvs;
    for (const int p : iso.snv_positions) snvs.emplace_back(snv_class(p));
    std::sort(snvs.begin(), snvs.end());
    snvs.erase(std::unique(snvs.begin(), snvs.end()), snvs.end());
    parts.insert(parts.end(), snvs.begin(), snvs.end());
    if (parts.empty()) return "NA";
    return fmt::format("{}", fmt::join(parts, ","));
}

Isomir describe_isomir(std::string_view seq, std::string_view target, const Hit& hit, std::uint32_t mature_start,
                       std::uint32_t mature_end) {
    Isomir iso;
    iso.shift5 = static_cast<int>(hit.start) - static_cast<int>(mature_start);
    iso.shift3 = static_cast<int>(hit.start + hit.templated_len) - static_cast<int>(mature_end);
    iso.add3p = hit.add3p;
    for (int i = 0; i < hit.templated_len; ++i)
        if (seq[i] != target[hit.start + i] || seq[i] == 'N') iso.snv_positions.push_back(i + 1);
    return iso;
}

}  // namespace exomir
