// test_fuzz_regressions.cpp: inputs found by the libFuzzer targets (tests/fuzz/), minimised, kept as tests.
// Each case names the target and what went wrong; the leak cases fail under `make test-sanitize` (LSan).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "exomir/collapse.hpp"
#include "exomir/error.hpp"
#include "exomir/fastq.hpp"

using namespace exomir;

namespace {
std::string write_temp(const std::string& name, const std::string& bytes) {
    const std::string p = (std::filesystem::temp_directory_path() / ("exomir_test_fuzzreg_" + name)).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}
}  // namespace

TEST_CASE("fuzz_fastq: a SAM-looking file with a bad header throws and does not leak the htsFile") {
    // leak-9a6935896757: '@HD' then garbage; ReadSource's constructor threw after hts_open and leaked it.
    const std::string p = write_temp("sam_bad_header.fq", "@HD\nTAGCTT@HD@r" + std::string(40, 'Z') + "1\r\nTATC");
    REQUIRE_THROWS_WITH(ReadSource(p, 0), Catch::Contains(p) && Catch::Contains("header"));
    REQUIRE_THROWS_AS(read_and_collapse({p}, TrimOptions{}), Error);
    std::filesystem::remove(p);
}
