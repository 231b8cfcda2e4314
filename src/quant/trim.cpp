// trim.cpp: adapter search and per-read trimming (the hot loop of quant's read side).
#include "exomir/quant/trim.hpp"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace exomir {

namespace {

// Number of differing bytes among the first `len` (<= 8) bytes at a and b; both need 8 readable bytes.
inline int mismatches8(const char* a, const char* b, int len) {
    std::uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    std::uint64_t d = x ^ y;
    d |= d >> 4;
    d |= d >> 2;
    d |= d >> 1;
    d &= 0x0101010101010101ULL;
    if (len < 8) d &= (std::uint64_t{1} << (8 * len)) - 1;       // little-endian: low bytes come first
    return static_cast<int>((d * 0x0101010101010101ULL) >> 56);  // sum of the per-byte flags
}

// Reference implementation with N as a wildcard, used for reads that contain N.
AdapterHit find_adapter_slow(std::string_view read, std::string_view adapter, double error_rate, int min_overlap) {
    const int n = static_cast<int>(read.size());
    const int a = static_cast<int>(adapter.size());
    for (int p = 0; p + min_overlap <= n; ++p) {
        const int overlap = std::min(a, n - p);
        const int allowed = static_cast<int>(error_rate * overlap + 1e-9);
        int mm = 0, i = 0;
        for (; i < overlap; ++i)
            if (read[p + i] != adapter[i] && read[p + i] != 'N' && ++mm > allowed) break;
        if (i == overlap) return {p, overlap, mm};
    }
    return {};
}

// Copies s[0, n) to dst and says whether it holds an 'N'. Reads of 16 bases or more go 16 bytes at a time, the last
// block overlapping the one before (no byte past s + n is read): a variable-length memcpy of a 50-byte read compiled
// to `rep movsq`, whose start-up cost was a tenth of find_adapter.
inline bool copy_and_find_n(char* dst, const char* s, int n) {
#if defined(__SSE2__)
    if (n >= 16) {
        const __m128i letter_n = _mm_set1_epi8('N');
        __m128i has_n = _mm_setzero_si128();
        for (int i = 0;; i += 16) {
            const int at = std::min(i, n - 16);
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + at), x);
            has_n = _mm_or_si128(has_n, _mm_cmpeq_epi8(x, letter_n));
            if (at == n - 16) break;
        }
        return _mm_movemask_epi8(has_n) != 0;
    }
#endif
    bool has_n = false;
    for (int i = 0; i < n; ++i) dst[i] = s[i], has_n |= s[i] == 'N';
    return has_n;
}

#if defined(__SSE2__)
// Bit i set: the 8 bytes at r + i (i < 16) differ from the first 8 of `adapter` in at most `allowed` (< 8) places.
// Reads 23 bytes at r.
inline unsigned first8_candidates(const char* r, const char* adapter, int allowed) {
    __m128i matches = _mm_setzero_si128();
    for (int k = 0; k < 8; ++k) {
        const __m128i bases = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r + k));
        matches = _mm_sub_epi8(matches, _mm_cmpeq_epi8(bases, _mm_set1_epi8(adapter[k])));
    }
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpgt_epi8(matches, _mm_set1_epi8(static_cast<char>(7 - allowed)))));
}
#endif

}  // namespace

AdapterHit find_adapter(std::string_view read, std::string_view adapter, double error_rate, int min_overlap) {
    const int n = static_cast<int>(read.size());
    const int a = static_cast<int>(adapter.size());
    if (a == 0) return {};
    if (n > 512 || a > 64) return find_adapter_slow(read, adapter, error_rate, min_overlap);
    // Padded copies so that 8-byte loads never run past the end; padding bytes never compare equal.
    char rbuf[512 + 32], abuf[64 + 16];
    if (copy_and_find_n(rbuf, read.data(), n)) return find_adapter_slow(read, adapter, error_rate, min_overlap);
    std::memset(rbuf + n, 1, 32);
    copy_and_find_n(abuf, adapter.data(), a);
    std::memset(abuf + a, 2, 16);
    // The mismatches allowed for a whole adapter, computed once: the floating-point product per placement
    // (a long dependency chain) cost more than the first 8-base comparison, which rejects most placements.
    const int allowed_full = static_cast<int>(error_rate * a + 1e-9);
    auto hit_at = [&](int p) -> AdapterHit {  // the placement at p if it has few enough mismatches, else none
        const int overlap = std::min(a, n - p);
        const int allowed = overlap == a ? allowed_full : static_cast<int>(error_rate * overlap + 1e-9);
        int mm = 0, i = 0;
        for (; i < overlap && mm <= allowed; i += 8)
            mm += mismatches8(rbuf + p + i, abuf + i, std::min(8, overlap - i));
        return mm <= allowed ? AdapterHit{p, overlap, mm} : AdapterHit{};
    };
    int p = 0;
#if defined(__SSE2__)
    // Placements holding the whole adapter, 16 at a time: only those with at most allowed_full mismatches in
    // their first 8 bases (a necessary condition) are verified, in order, so the leftmost hit is the same.
    const int last_full = n - std::max(a, min_overlap);
    if (a >= 8 && allowed_full < 8 && last_full >= 0) {
        for (; p <= last_full; p += 16) {
            unsigned bits = first8_candidates(rbuf + p, abuf, allowed_full);
            if (last_full - p < 15) bits &= (2u << (last_full - p)) - 1;
            for (; bits != 0; bits &= bits - 1)
                if (const AdapterHit h = hit_at(p + __builtin_ctz(bits)); h.pos >= 0) return h;
        }
        p = last_full + 1;
    }
#endif
    for (; p + min_overlap <= n; ++p)
        if (const AdapterHit h = hit_at(p); h.pos >= 0) return h;
    return {};
}

TrimResult trim_read(std::string_view read, const TrimOptions& opt) {
    TrimResult res;
    std::size_t end = read.size();
    if (!opt.adapter.empty()) {
        const AdapterHit hit = find_adapter(read, opt.adapter, opt.error_rate, opt.min_overlap);
        if (hit.pos >= 0) {
            res.adapter_found = true;
            end = static_cast<std::size_t>(hit.pos);
            if (opt.umi_length > 0) {
                const std::size_t umi_start = end + opt.adapter.size();
                // A partial adapter at the read end leaves no room for the UMI.
                if (hit.overlap < static_cast<int>(opt.adapter.size()) || umi_start + opt.umi_length > read.size()) {
                    res.fate = ReadFate::umi_missing;
                    res.insert_length = static_cast<int>(end) - opt.random5 - opt.random3;
                    return res;
                }
                res.umi = read.substr(umi_start, opt.umi_length);
            }
        }
    }
    const int len = static_cast<int>(end) - opt.random5 - opt.random3;
    res.insert_length = len < 0 ? 0 : len;
    if (res.adapter_found && len <= 0) {
        res.fate = ReadFate::dimer;
        return res;
    }
    if (len < opt.min_length) {
        res.fate = ReadFate::too_short;
        return res;
    }
    // An insert whose end is known may be a longer other-RNA fragment (a 3' tRNA half); a read without its adapter
    // only says that the insert is at least as long as the read, so it keeps the miRNA window.
    const bool end_known = res.adapter_found || opt.adapter.empty();
    if (len > (end_known ? std::max(opt.max_length, opt.other_max_length) : opt.max_length)) {
        res.fate = ReadFate::too_long;
        return res;
    }
    const std::string_view insert = read.substr(opt.random5, len);
    if (opt.max_n >= 0 && std::count(insert.begin(), insert.end(), 'N') > opt.max_n) {
        res.fate = ReadFate::too_many_n;
        return res;
    }
    res.insert = insert;
    res.fate = res.adapter_found || opt.adapter.empty() ? ReadFate::kept : ReadFate::no_adapter_kept;
    return res;
}

}  // namespace exomir
