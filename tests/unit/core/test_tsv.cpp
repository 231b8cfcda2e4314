// test_tsv.cpp: TsvHeader and TsvReader (columns by name, repeats, field counts, BOM, CRLF, gzip, FILE:LINE errors).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <htslib/bgzf.h>

#include "exomir/core/error.hpp"
#include "exomir/core/tsv.hpp"

using namespace exomir;

namespace {
std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("exomir_test_tsv_" + name)).string();
}
std::string write_file(const std::string& name, const std::string& text) {
    const std::string p = temp_path(name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}
std::vector<std::vector<std::string>> rows_of(TsvReader& in) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string_view> f;
    while (in.next(f)) rows.emplace_back(f.begin(), f.end());
    return rows;
}
}  // namespace

TEST_CASE("TsvReader: columns by name, blank rows skipped, line numbers in where()") {
    TsvReader in(write_file("ok.tsv", "gene\t weight \tmirna\n\nA\t0.5\tm1\n  \nB\t1\tm2\n"));
    CHECK(in.header().names() == std::vector<std::string>{"gene", "weight", "mirna"});
    CHECK(in.require("mirna") == 2);
    CHECK(in.find("weight") == 1);
    CHECK(in.find("absent") == -1);
    std::vector<std::string_view> f;
    REQUIRE(in.next(f));
    CHECK(f == std::vector<std::string_view>{"A", "0.5", "m1"});
    CHECK(in.where() == temp_path("ok.tsv") + ":3: ");
    REQUIRE(in.next(f));
    CHECK(in.line_no() == 5);
    CHECK_FALSE(in.next(f));
}

TEST_CASE("TsvHeader: require lists the header, find_any normalises, repeated() names each repeat once") {
    const TsvHeader h("a\tb\t\t", "x.tsv");
    CHECK(h.size() == 4);  // empty names are kept and may repeat
    CHECK_THROWS_WITH(h.require("c", "rerun it"), "x.tsv:1: missing column 'c' (header has: a, b, , ); rerun it");
    CHECK(h.require({"b", "a"}) == std::vector<std::size_t>{1, 0});
    const TsvHeader foreign(std::vector<std::string>{"miRTarBase ID", " Target Gene", "Species (miRNA)"}, "m.csv");
    const auto key = [](std::string_view s) {
        std::string out;
        for (const char c : s)
            if (c != ' ' && c != '(' && c != ')') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    CHECK(foreign.find_any({"gene", "targetgene"}, key) == 1);
    CHECK(foreign.find_any({"nope"}, key) == -1);
    const TsvHeader lenient("a\tb\ta\tb\ta", "y.tsv", TsvHeader::Repeats::allow);
    CHECK(lenient.repeated() == std::vector<std::string>{"a", "b"});
    CHECK(lenient.find("a") == 0);
}

TEST_CASE("TsvReader accepts CRLF, a UTF-8 BOM and gzip") {
    TsvReader crlf(write_file("crlf.tsv", "\xEF\xBB\xBFmirna\tgene\r\nm1\tA\r\n"));
    CHECK(crlf.require("mirna") == 0);
    CHECK(crlf.require("gene") == 1);
    CHECK(rows_of(crlf) == std::vector<std::vector<std::string>>{{"m1", "A"}});

    const std::string gz = temp_path("gz.tsv.gz");
    BGZF* fp = bgzf_open(gz.c_str(), "wg");
    REQUIRE(fp);
    const std::string text = "mirna\tgene\nm1\tA\nm2\tB\n";
    REQUIRE(bgzf_write(fp, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    REQUIRE(bgzf_close(fp) == 0);
    TsvReader in(gz);
    CHECK(rows_of(in) == std::vector<std::vector<std::string>>{{"m1", "A"}, {"m2", "B"}});
}

TEST_CASE("fail_tsv_empty: an empty file names the file, what was expected and the fix") {
    const std::string p = write_file("empty.tsv", "");
    CHECK_THROWS_WITH(TsvReader(p), p + ": empty file; expected a header line");
    CHECK_THROWS_WITH(TsvReader(p, "a quant table", "rerun quant"),
                      p + ": empty file; expected a quant table; rerun quant");
}

TEST_CASE("fail_tsv_bom_duplicate: a BOM does not hide a repeated column") {
    const std::string p = write_file("bomdup.tsv", "\xEF\xBB\xBFsample\tx\tsample\nS1\t1\tS1\n");
    CHECK_THROWS_WITH(TsvReader(p), p + ":1: column 'sample' appears twice in the header; rename or remove one");
}

TEST_CASE("fail_tsv_crlf_missing_column: a CRLF header still reports the missing column cleanly") {
    const std::string p = write_file("crlfmiss.tsv", "mirna\tgene\r\nm\tA\r\n");
    TsvReader in(p, "a header line", "rerun 'exomir network'");
    CHECK_THROWS_WITH(in.require("weight"),
                      p + ":1: missing column 'weight' (header has: mirna, gene); rerun 'exomir network'");
}

TEST_CASE("fail_tsv_short_row: field counts are checked against the header, with FILE:LINE") {
    const std::string p = write_file("short.tsv", "a\tb\tc\n1\t2\t3\n\n1\t2\n");
    TsvReader in(p, "a header line", "rerun the merge step");
    std::vector<std::string_view> f;
    REQUIRE(in.next(f));
    CHECK_THROWS_WITH(in.next(f), p + ":4: 2 fields but the header has 3; every row needs one value per column; "
                                      "rerun the merge step");
    TsvReader loose(write_file("long.tsv", "a\tb\n1\t2\t3\n1\n"));
    REQUIRE(loose.next_at_least(f, 2));
    CHECK(f.size() == 3);
    CHECK_THROWS_WITH(loose.next_at_least(f, 2), Catch::Contains("long.tsv:3: expected at least 2 columns, got 1"));
}

TEST_CASE("fail_tsv_long_row and fail_tsv_gzip_truncated") {
    const std::string p = write_file("longrow.tsv", "a\tb\n1\t2\t3\n");
    TsvReader in(p);
    std::vector<std::string_view> f;
    CHECK_THROWS_WITH(in.next(f), Catch::Contains(p + ":2: 3 fields but the header has 2"));
    // First 20 bytes of a gzip stream: header intact, deflate data cut.
    const std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c\x4a\x4e\x49\x4d\x4b\xcf\xc8\xcc", 20);
    CHECK_THROWS_AS(TsvReader(write_file("trunc.tsv.gz", gz)), Error);
    CHECK_THROWS_WITH(TsvReader("/nonexistent/t.tsv"), Catch::Contains("/nonexistent/t.tsv"));
}
