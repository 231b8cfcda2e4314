// test_fuzz_regressions.cpp: inputs found by the libFuzzer targets (tests/fuzz/), minimised, kept as tests.
// Each case names the target and what went wrong; the leak cases fail under `make test-sanitize` (LSan).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/samplesheet.hpp"
#include "exomir/network/network_input.hpp"
#include "exomir/quant/collapse.hpp"
#include "exomir/quant/fastq.hpp"

#include "fixtures.hpp"

using namespace exomir;

namespace {
using test::write_temp;
}  // namespace

TEST_CASE("fuzz_fastq: a SAM-looking file with a bad header throws and does not leak the htsFile") {
    // leak-9a6935896757: '@HD' then garbage; ReadSource's constructor threw after hts_open and leaked it.
    const std::string p = write_temp("sam_bad_header.fq", "@HD\nTAGCTT@HD@r" + std::string(40, 'Z') + "1\r\nTATC");
    REQUIRE_THROWS_WITH(ReadSource(p, 0), Catch::Contains(p) && Catch::Contains("header"));
    REQUIRE_THROWS_AS(read_and_collapse({p}, TrimOptions{}), Error);
    std::filesystem::remove(p);
}

namespace {
std::uint64_t reads_in_small_chunks(const std::string& path) {
    ReadSource src(path, 0);
    ReadChunk chunk;
    std::uint64_t n = 0;
    while (src.next(chunk, 1)) parse_chunk(chunk, path, [&](std::string_view, std::uint64_t count) { n += count; });
    return n;
}
}  // namespace

TEST_CASE("fuzz_fastq invariant: a blank line between records is an error whatever the chunking") {
    // Before: accepted inside one chunk, but it shifted the reader's 4-line grid, so the same file failed
    // with 'truncated record' when a chunk cut fell after the blank line (outcome depended on file size).
    const std::string rec = "@r1\nACGT\n+\nIIII\n";
    const std::string mid = write_temp("blank_mid.fq", rec + "\n@r2\nACGT\n+\nIIII\n@r3\nACGT\n+\nIIII");
    REQUIRE_THROWS_WITH(read_and_collapse({mid}, TrimOptions{}), Catch::Contains("line 5") && Catch::Contains("blank"));
    REQUIRE_THROWS_AS(reads_in_small_chunks(mid), Error);
    const std::string end = write_temp("blank_end.fq", rec + rec + "\n\r\n\n");  // trailing blank lines are fine
    REQUIRE(reads_in_small_chunks(end) == 2);
    REQUIRE(read_and_collapse({end}, TrimOptions{}).qc.n_reads == 2);
    const std::string empty_read = write_temp("empty_read.fq", "@e\n\n+\n\n" + rec);  // cutadapt writes these
    REQUIRE(reads_in_small_chunks(empty_read) == 2);
    REQUIRE(read_and_collapse({empty_read}, TrimOptions{}).qc.n_reads == 2);
    for (const auto& p : {mid, end, empty_read}) std::filesystem::remove(p);
}

TEST_CASE("fuzz_fastq invariant: a FASTA record with a bad letter fails whatever the chunking, naming the record") {
    // The fuzzer's crash-4024f2c2: a FASTA header holding the word 'adapter' and a sequence with non-letters. Both
    // readers refused it; the harness took the message for an adapter refusal (its own heuristic, now fixed).
    const std::string p = write_temp("fasta_bad.fa", ">hshsadaptera-miR-25-T\nAp1GCTT$A\n>a-miR-10-5p\nTAGCTT\n");
    REQUIRE_THROWS_WITH(read_and_collapse({p}, TrimOptions{}), Catch::Contains("record 1 (hshsadaptera-miR-25-T)"));
    REQUIRE_THROWS_AS(reads_in_small_chunks(p), Error);
    const std::string ok = write_temp("fasta_ok.fa", ">a_x3\nTAGCTT\n>b\nACGT\n");
    REQUIRE(reads_in_small_chunks(ok) == 4);
    REQUIRE(read_and_collapse({ok}, TrimOptions{}).qc.n_reads == 4);
    for (const auto& f : {p, ok}) std::filesystem::remove(f);
}

TEST_CASE("fuzz_samplesheet: a read file name too long for the file system is 'not found', not a crash") {
    // crash-3d7e1369: file_exists used the throwing std::filesystem::is_regular_file; ENAMETOOLONG escaped as an
    // uncaught filesystem_error from load_samplesheet.
    const std::string name = "reads_" + std::string(5000, 'x') + ".fq.gz";
    REQUIRE_FALSE(file_exists(name));
    REQUIRE_FALSE(file_exists("/etc/hostname/below_a_file"));
    const std::string sheet = write_temp("long_name.tsv", "sample\tfastq\tkit\nS1\t" + name + "\ttruseq\n");
    REQUIRE_THROWS_AS(load_samplesheet(sheet, SheetNeeds{}), Error);
    std::filesystem::remove(sheet);
}

TEST_CASE("a path too long for the file system is an exomir Error naming it, in every existence check") {
    // The same ENAMETOOLONG as crash-3d7e1369, for the readers and folder checks that asked with the throwing
    // std::filesystem::exists / is_directory: LineReader (every table reader), --reference folders.
    const std::string name = "table_" + std::string(5000, 'x') + ".tsv";
    REQUIRE_FALSE(path_exists(name));
    REQUIRE_FALSE(dir_exists(name));
    REQUIRE_FALSE(dir_exists("/etc/hostname/below_a_file"));
    REQUIRE(dir_exists("/"));
    REQUIRE(path_exists("/etc/hostname"));
    REQUIRE_THROWS_WITH(LineReader(name), Catch::Contains("no such file"));
}

TEST_CASE("fuzz_network_tables: a PPI score above STRING's 1000 is an error, not a weight above 1") {
    // crash-8ced5b70: score 70900 was divided by 1000 and kept as an edge weight of 70.9.
    const std::string p = write_temp("ppi_big_score.tsv", "gene_a\tgene_b\tscore\nSMAD7\tTGFB1\t70900\nA\tB\t1000\n");
    REQUIRE_THROWS_WITH(read_ppi(p), Catch::Contains(p + ":2:") && Catch::Contains("1000"));
    const std::string ok = write_temp("ppi_max_score.tsv", "gene_a\tgene_b\tscore\nA\tB\t1000\n");
    REQUIRE(read_ppi(ok).at(0).score == 1.0);
    std::filesystem::remove(p);
    std::filesystem::remove(ok);
}

TEST_CASE("fuzz_network_tables: a header naming a column twice is an error, not a silent pick of one") {
    // crash-ebad032f0b7d: "sample\t?astq\tkit\tsample": read_samplesheet checked unique samples in the first
    // 'sample' column while the second held duplicates. Every header-named table now rejects repeated names.
    const std::string p = write_temp("dup_column.tsv",
                                     "sample\tfastq\tkit\tsample\nbm0\ta.fq\ttruseq\tbone_marrow\n"
                                     "bm1\tb.fq\ttruseq\tbone_marrow\n");
    REQUIRE_THROWS_WITH(load_samplesheet(p, SheetNeeds::without_reads()),
                        Catch::Contains(p) && Catch::Contains("line 1: column 'sample' appears twice"));
    const std::string counts =
        write_temp("dup_column_counts.tsv", "mirna\taccession\tS1\tS1\nhsa-miR-21-5p\tMIMAT0000076\t1\t2\n");
    REQUIRE_THROWS_WITH(read_counts(counts), Catch::Contains("'S1' appears twice"));
    std::filesystem::remove(p);
    std::filesystem::remove(counts);
}
