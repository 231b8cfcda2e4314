// fixtures.hpp: what the unit tests share: small references (files in tests/data) and temporary files.
#pragma once

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "exomir/reference/mirna_ref.hpp"

namespace exomir::test {

/// The 50-line miRBase-style reference in tests/data/mini_{mature,hairpin}.fa, loaded once.
inline const MirnaReference& mini_ref() {
    static const MirnaReference ref = [] {
        ReferencePaths p;
        p.mature = EXOMIR_SOURCE_DIR "/tests/data/mini_mature.fa";
        p.hairpin = EXOMIR_SOURCE_DIR "/tests/data/mini_hairpin.fa";
        return load_mirna_reference(p);
    }();
    return ref;
}

/// Writes `text` (bytes as given) to `<temp>/exomir_test_<pid>_<name>` and returns the path. Catch2 runs the cases
/// of one process one at a time; the pid keeps the concurrent ctest processes (unit, unit_shared) apart.
inline std::string write_temp(const std::string& name, const std::string& text) {
    const auto p = std::filesystem::temp_directory_path() /
                   ("exomir_test_" + std::to_string(static_cast<long>(::getpid())) + "_" + name);
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
}

}  // namespace exomir::test
