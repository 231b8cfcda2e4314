// null_rng.hpp: the generator and tie rule shared by the two permutation nulls of score.cpp and geneset_null.cpp.
#pragma once

#include <cmath>
#include <cstdint>

namespace exomir {

/// SplitMix64 (Steele et al. 2014): a tiny, portable generator; every null draw is seeded from fixed keys.
struct SplitMix {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n) for n < 2^32 (Lemire's multiply-shift; bias < 2^-32 * n).
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32); }
};

/// One SplitMix64 step of x: a well-mixed 64-bit key.
inline std::uint64_t mix(std::uint64_t x) { return SplitMix{x}.next(); }

/// Null statistic >= observed, with a relative tolerance for float nulls (ties count as >=: conservative).
inline double tie_threshold(double obs) { return obs - 1e-5 * std::abs(obs) - 1e-12; }

}  // namespace exomir
