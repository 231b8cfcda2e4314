// test_io.cpp: LineReader, AtomicFile and the TSV/number helpers.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"

using namespace exomir;

namespace {
std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("exomir_test_io_" + name)).string();
}
void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
}  // namespace

TEST_CASE("LineReader strips CRLF and counts lines") {
    const std::string p = temp_path("crlf.txt");
    write_file(p, "a\tb\r\nc\r\n\nlast");
    LineReader in(p);
    std::string line;
    std::vector<std::string> lines;
    while (in.next(line)) lines.push_back(line);
    REQUIRE(lines == std::vector<std::string>{"a\tb", "c", "", "last"});
    REQUIRE(in.line_no() == 4);
    std::filesystem::remove(p);
}

TEST_CASE("LineReader fails on a missing file with the path in the message") {
    REQUIRE_THROWS_WITH(LineReader("/nonexistent/x.tsv"), Catch::Contains("/nonexistent/x.tsv"));
}

TEST_CASE("fail_truncated_gzip: LineReader reports a read error, not end of file") {
    const std::string p = temp_path("trunc.gz");
    // First 20 bytes of a gzip stream of a longer text: header intact, deflate data cut.
    const std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c\x4a\x4e\x49\x4d\x4b\xcf\xc8\xcc", 20);
    write_file(p, gz);
    LineReader in(p);
    std::string line;
    REQUIRE_THROWS_AS(
        [&] {
            while (in.next(line)) {}
        }(),
        Error);
    std::filesystem::remove(p);
}

TEST_CASE("AtomicFile leaves nothing behind unless committed") {
    const std::string p = temp_path("atomic.tsv");
    std::filesystem::remove(p);
    {
        AtomicFile f(p);
        f.write("x\n");
        REQUIRE(std::filesystem::exists(f.tmp_path()));
    }
    REQUIRE_FALSE(std::filesystem::exists(p));
    {
        AtomicFile f(p);
        f.write("y\n");
        f.commit();
    }
    REQUIRE(std::filesystem::exists(p));
    std::filesystem::remove(p);
}

TEST_CASE("number parsing and formatting") {
    REQUIRE(parse_double(" 0.25", "f:1: ", "w") == 0.25);
    REQUIRE_THROWS_WITH(parse_double("abc", "f:3: ", "weight"), Catch::Contains("f:3: column weight"));
    REQUIRE_THROWS_AS(parse_uint("-1", "", "n"), Error);
    REQUIRE(parse_uint("42", "", "n") == 42);
    REQUIRE(fmt_fixed(-0.0000001, 3) == "0.000");
    REQUIRE(fmt_fixed(1.23456, 2) == "1.23");
    REQUIRE(split_tabs("a\t\tb") == std::vector<std::string_view>{"a", "", "b"});
}
