// fuzz_fasta.cpp: libFuzzer target for the FASTA reader and the miRBase reference loader.
//
// The input is split at its first NUL byte into mature.fa and hairpin.fa (no NUL: the same bytes for
// both). Contract under test: load_mirna_reference either returns a consistent reference or throws
// exomir::Error; every placed mature lies inside its hairpin and matches it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "exomir/core/error.hpp"
#include "exomir/core/fasta.hpp"
#include "exomir/reference/mirna_ref.hpp"
#include "fuzz_input.hpp"

using namespace exomir;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = bytes.find('\0');
    const std::string_view mature = nul == std::string_view::npos ? bytes : bytes.substr(0, nul);
    const std::string_view hairpin = nul == std::string_view::npos ? bytes : bytes.substr(nul + 1);
    fuzz::TempInput mature_fa(mature, ".fa"), hairpin_fa(hairpin, ".fa");
    try {
        read_fasta(mature_fa.path(), false);
    } catch (const Error&) {}
    for (const char* species : {"hsa", ""}) {
        ReferencePaths paths;
        paths.mature = mature_fa.path();
        paths.hairpin = hairpin_fa.path();
        paths.species = species;
        try {
            const MirnaReference ref = load_mirna_reference(paths);
            for (const auto& h : ref.hairpins)
                for (const auto& m : h.matures) {
                    const std::string& seq = ref.matures.at(m.mature).seq;
                    if (m.end > h.seq.size() || m.end - m.start != seq.size() ||
                        h.seq.compare(m.start, seq.size(), seq) != 0)
                        __builtin_trap();
                }
            for (std::size_t i = 0; i < ref.matures.size(); ++i)
                if (ref.find_mature(ref.matures[i].name) < 0) __builtin_trap();
        } catch (const Error&) {}
    }
    return 0;
}
