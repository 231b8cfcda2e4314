// shared_data.hpp: where unit tests find the real data of ../shared/data, which is not in the repository.
// Tests that read it carry the Catch2 tag [shared]: ctest runs them as `unit_shared` (tests/unit/run_shared.sh),
// which skips when the folder is missing on a fresh clone and fails when CI=true.
#pragma once

#include <cstdlib>
#include <string>

namespace exomir::test {

/// $EXOMIR_SHARED_DATA if set, else the checkout's ../shared/data (compiled in as EXOMIR_SHARED_DATA).
inline std::string shared_data() {
    const char* env = std::getenv("EXOMIR_SHARED_DATA");
    return env && *env ? std::string(env) : std::string(EXOMIR_SHARED_DATA);
}

}  // namespace exomir::test
