// fixtures.hpp: small references shared by the unit tests (files in tests/data).
#pragma once

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

}  // namespace exomir::test
