// fuzz_input.hpp: helpers shared by the libFuzzer targets: fuzz bytes -> temp file, bounded setup.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <unistd.h>

namespace exomir::fuzz {

/// A temp file holding the fuzz input, removed when it goes out of scope. The parsers under test
/// read paths (htslib opens them twice to sniff the format), so the bytes go to a real file.
class TempInput {
  public:
    TempInput(std::string_view bytes, const char* suffix) {
        static unsigned counter = 0;
        path_ = "/tmp/exomir_fuzz_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + suffix;
        std::FILE* f = std::fopen(path_.c_str(), "wb");
        if (!f) std::abort();  // the environment is broken, not the input
        if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) std::abort();
        std::fclose(f);
    }
    ~TempInput() { std::remove(path_.c_str()); }
    TempInput(const TempInput&) = delete;
    TempInput& operator=(const TempInput&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

/// Keeps htslib offline and quiet: a CRAM input must never fetch a reference from the network.
inline void init_htslib_env() {
    ::setenv("REF_PATH", "/nonexistent", 1);
    ::setenv("REF_CACHE", "/nonexistent", 1);
}

}  // namespace exomir::fuzz
