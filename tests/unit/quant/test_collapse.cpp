// test_collapse.cpp: quant's read side end to end: FASTQ/gzip/BAM input, collapse, UMIs, errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <random>

#include <fmt/format.h>
#include <htslib/bgzf.h>
#include <htslib/sam.h>
#include <tbb/global_control.h>
#include <zlib.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/quant/adapter_detect.hpp"
#include "exomir/quant/collapse.hpp"
#include "exomir/quant/fastq.hpp"
#include "shared_data.hpp"

using namespace exomir;

namespace {
const std::string k_truseq = "TGGAATTCTCGGGTGCCAAGG";

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("exomir_test_collapse_" + name)).string();
}

std::string fastq_record(int i, const std::string& seq) {
    return "@r" + std::to_string(i) + "\n" + seq + "\n+\n" + std::string(seq.size(), 'I') + "\n";
}

// A small library: known inserts with counts, shuffled with a fixed seed.
std::vector<std::string> make_reads(unsigned seed) {
    const std::vector<std::pair<std::string, int>> inserts = {{"TAGCTTATCAGACTGATGTTGA", 50},
                                                              {"TGAGGTAGTAGGTTGTATAGTT", 30},
                                                              {"TGAGGTAGTAGGTTGTATAGTTT", 7},
                                                              {"ACGT", 5},
                                                              {"", 4}};
    std::vector<std::string> reads;
    for (const auto& [ins, n] : inserts)
        for (int i = 0; i < n; ++i) reads.push_back((ins + k_truseq + "AACTCCAGTCACATCACG").substr(0, 50));
    reads.push_back(std::string(50, 'C'));  // no adapter, too long
    std::shuffle(reads.begin(), reads.end(), std::mt19937(seed));
    return reads;
}

std::string fastq_text(const std::vector<std::string>& reads) {
    std::string text;
    for (std::size_t i = 0; i < reads.size(); ++i) text += fastq_record(static_cast<int>(i), reads[i]);
    return text;
}

std::string write_fastq(const std::string& name, const std::vector<std::string>& reads, bool crlf = false) {
    std::string text = fastq_text(reads);
    if (crlf) {
        std::string t;
        for (char c : text) t += c == '\n' ? std::string("\r\n") : std::string(1, c);
        text = t;
    }
    const std::string p = temp_path(name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

std::string write_gz(const std::string& name, const std::string& text) {
    const std::string p = temp_path(name);
    gzFile gz = gzopen(p.c_str(), "wb");
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
    return p;
}

// A BGZF file (blocks of at most 64 KB, htslib's writer), with its empty end-of-file block unless `eof_block` is false.
std::string write_bgzf(const std::string& name, const std::string& text, bool eof_block = true) {
    const std::string p = temp_path(name);
    BGZF* fp = bgzf_open(p.c_str(), "w");
    REQUIRE(fp != nullptr);
    REQUIRE(bgzf_write(fp, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    REQUIRE(bgzf_close(fp) == 0);
    if (!eof_block) std::filesystem::resize_file(p, std::filesystem::file_size(p) - 28);  // the EOF block: 28 bytes
    return p;
}

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every insert of `r` and its read count, one per line, in the table's order.
std::string insert_table(const CollapsedReads& r) {
    std::string t;
    for (const auto& s : r.sequences) t.append(s.seq).append(fmt::format(" {}\n", s.n_reads));
    return t;
}

// Reading `text` (bytes as given) from a file `name` fails with an Error naming the file and saying `what`.
void require_read_error(const std::string& name, const std::string& text, const std::string& what) {
    const std::string p = temp_path(name);
    std::ofstream(p, std::ios::binary) << text;
    INFO(name);
    REQUIRE_THROWS_WITH(read_and_collapse({p}, TrimOptions{}), Catch::Contains(p) && Catch::Contains(what));
}

std::uint64_t reads_of(const CollapsedReads& r, const std::string& seq) {
    for (const auto& s : r.sequences)
        if (s.seq == seq) return s.n_reads;
    return 0;
}
}  // namespace

TEST_CASE("collapse counts inserts, fates and lengths") {
    const std::string p = write_fastq("basic.fq", make_reads(1));
    const CollapsedReads r = read_and_collapse({p}, TrimOptions{});
    REQUIRE(r.qc.n_reads == 97);
    REQUIRE(r.qc.n_dimers == 4);
    REQUIRE(r.qc.n_too_short == 5);
    REQUIRE(r.qc.n_too_long == 1);
    REQUIRE(r.qc.n_kept == 87);
    REQUIRE(r.sequences.size() == 3);
    REQUIRE(reads_of(r, "TAGCTTATCAGACTGATGTTGA") == 50);
    REQUIRE(r.qc.length_hist[22] == 30 + 50);
    REQUIRE(std::is_sorted(r.sequences.begin(), r.sequences.end(),
                           [](const SeqCount& a, const SeqCount& b) { return a.seq < b.seq; }));
}

TEST_CASE("--max-n discards inserts with uncalled bases and says how many in the QC") {
    std::vector<std::string> reads(6, "TAGCTTATCAGACTGATGTTGA" + k_truseq);
    reads.resize(10, "NAGCTTATCAGACTGATGTTGA" + k_truseq);
    const std::string p = write_fastq("max_n.fq", reads);
    TrimOptions opt;
    const CollapsedReads all = read_and_collapse({p}, opt);
    REQUIRE(all.qc.n_kept == 10);
    REQUIRE(all.qc.n_too_many_n == 0);
    opt.max_n = 0;
    const CollapsedReads no_n = read_and_collapse({p}, opt);
    REQUIRE(no_n.qc.n_kept == 6);
    REQUIRE(no_n.qc.n_too_many_n == 4);
    REQUIRE(no_n.sequences.size() == 1);
    REQUIRE(to_json(no_n, opt).at("too_many_n") == 4);
    REQUIRE(validate(opt).empty());
    opt.max_n = -2;
    REQUIRE(validate(opt) == std::vector<std::string>{"--max-n must be >= 0, or -1 for no limit"});
}

TEST_CASE("collapse is invariant to read order, lanes, gzip, CRLF and thread count") {
    const auto reads = make_reads(1);
    const CollapsedReads a = read_and_collapse({write_fastq("o1.fq", reads)}, TrimOptions{});
    const CollapsedReads b = read_and_collapse({write_fastq("o2.fq", make_reads(99), true)}, TrimOptions{});
    const std::vector<std::string> half1(reads.begin(), reads.begin() + 40), half2(reads.begin() + 40, reads.end());
    const CollapsedReads c =
        read_and_collapse({write_gz("lane1.fq.gz", fastq_text(half1)), write_fastq("lane2.fq", half2)}, TrimOptions{});
    for (const auto* x : {&b, &c}) {
        REQUIRE(x->sequences.size() == a.sequences.size());
        for (std::size_t i = 0; i < a.sequences.size(); ++i) {
            REQUIRE(x->sequences[i].seq == a.sequences[i].seq);
            REQUIRE(x->sequences[i].n_reads == a.sequences[i].n_reads);
        }
        REQUIRE(to_json(*x, TrimOptions{}) == to_json(a, TrimOptions{}));
    }
    const std::string big = write_gz("big.fq.gz", [] {
        std::string t;
        std::mt19937 rng(3);
        for (int i = 0; i < 60000; ++i) {
            std::string ins;
            for (int j = 0; j < 18 + static_cast<int>(rng() % 6); ++j) ins += "ACGT"[rng() % 3];
            t += fastq_record(i, (ins + k_truseq).substr(0, 40));
        }
        return t;
    }());
    std::string out1, out4;
    {
        tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
        out1 = insert_table(read_and_collapse({big}, TrimOptions{}));
    }
    {
        tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 4);
        out4 = insert_table(read_and_collapse({big}, TrimOptions{}));
    }
    REQUIRE(out1 == out4);
}

TEST_CASE("ReadSource reports the stored bytes it has consumed (quant's progress and ETA)") {
    std::vector<std::string> reads;
    std::mt19937 rng(5);
    for (int i = 0; i < 40000; ++i) {
        std::string ins;
        for (int j = 0; j < 22; ++j) ins += "ACGT"[rng() % 4];
        reads.push_back((ins + k_truseq).substr(0, 40));
    }
    for (const auto& path : {write_gz("progress.fq.gz", fastq_text(reads)), write_fastq("progress.fq", reads)}) {
        const auto size = std::filesystem::file_size(path);
        ReadSource src(path, 0);
        ReadChunk chunk;
        std::uint64_t last = 0;
        int chunks = 0;
        while (src.next(chunk, 1 << 16)) {
            const auto now = src.bytes_consumed();
            REQUIRE(now >= last);  // monotone, never past the end
            REQUIRE(now <= size);
            last = now;
            ++chunks;
        }
        REQUIRE(chunks > 1);
        REQUIRE(src.bytes_consumed() == size);
    }
}

TEST_CASE("QIAseq UMIs: molecules are distinct (insert, UMI) pairs") {
    const std::string ad = "AACTGTAGGCACCATCAAT";
    const std::string ins = "TAGCTTATCAGACTGATGTTGA";
    std::vector<std::string> reads;
    for (int i = 0; i < 5; ++i) reads.push_back(ins + ad + "AAAACCCCGGGG" + "AGATCGGAAG");
    for (int i = 0; i < 3; ++i) reads.push_back(ins + ad + "TTTTCCCCGGGG" + "AGATCGGAAG");
    TrimOptions opt;
    opt.kit = Kit::qiaseq;
    const CollapsedReads r = read_and_collapse({write_fastq("umi.fq", reads)}, opt);
    REQUIRE(r.sequences.size() == 1);
    REQUIRE(r.sequences[0].n_reads == 8);
    REQUIRE(r.umi);
    REQUIRE(r.molecules == std::vector<std::uint64_t>{2});
    REQUIRE(r.qc.n_umi_duplicates == 6);
}

TEST_CASE("QIAseq UMIs: each insert's molecule count follows it into sequence order") {
    // Inserts first seen in a shuffled order, insert k (in sorted order) read with k + 1 distinct UMIs and one
    // duplicate each: the sorted table must pair every insert with its own count. Half the inserts share their first 5
    // bases (one bucket of the sort, whose records are sorted with their counts), the others spread over buckets.
    const std::string ad = "AACTGTAGGCACCATCAAT";
    std::mt19937 rng(3);
    std::vector<std::string> inserts;
    for (int k = 0; k < 40; ++k) {
        std::string s = k % 2 == 0 ? "TGAGG" : "";
        for (int i = 0; i < 20 + k % 5; ++i) s += "ACGT"[rng() % 4];
        inserts.push_back(s);
    }
    std::sort(inserts.begin(), inserts.end());
    inserts.erase(std::unique(inserts.begin(), inserts.end()), inserts.end());
    std::vector<std::string> reads;
    for (std::size_t k = 0; k < inserts.size(); ++k)
        for (std::size_t u = 0; u <= k; ++u) {
            std::string umi;
            for (std::size_t b = 0, x = u; b < 12; ++b, x /= 4) umi += "ACGT"[x % 4];
            reads.push_back(inserts[k] + ad + umi + "AGATCGGAAG");
            reads.push_back(inserts[k] + ad + umi + "AGATCGGAAG");  // a PCR duplicate: no new molecule
        }
    std::shuffle(reads.begin(), reads.end(), rng);
    TrimOptions opt;
    opt.kit = Kit::qiaseq;
    const CollapsedReads r = read_and_collapse({write_fastq("umi_order.fq", reads)}, opt);
    REQUIRE(r.umi);
    REQUIRE(r.sequences.size() == inserts.size());
    REQUIRE(r.molecules.size() == inserts.size());
    for (std::size_t k = 0; k < inserts.size(); ++k) {
        CHECK(r.sequences[k].seq == inserts[k]);
        CHECK(r.sequences[k].n_reads == 2 * (k + 1));
        CHECK(r.molecules[k] == k + 1);
    }
}

TEST_CASE("unaligned BAM input gives the same sequences as FASTQ") {
    const auto reads = make_reads(5);
    const std::string bam = temp_path("reads.bam");
    {
        htsFile* fp = hts_open(bam.c_str(), "wb");
        sam_hdr_t* h = sam_hdr_parse(0, "");
        sam_hdr_add_line(h, "HD", "VN", "1.6", "SO", "unknown", NULL);
        REQUIRE(sam_hdr_write(fp, h) == 0);
        bam1_t* b = bam_init1();
        for (std::size_t i = 0; i < reads.size(); ++i) {
            const std::string name = "r" + std::to_string(i);
            const std::string qual(reads[i].size(), 40);
            bam_set1(b, name.size(), name.c_str(), BAM_FUNMAP, -1, -1, 0, 0, nullptr, -1, -1, 0, reads[i].size(),
                     reads[i].c_str(), qual.c_str(), 0);
            REQUIRE(sam_write1(fp, h, b) >= 0);
        }
        bam_destroy1(b);
        sam_hdr_destroy(h);
        hts_close(fp);
    }
    const CollapsedReads from_bam = read_and_collapse({bam}, TrimOptions{});
    const CollapsedReads from_fq = read_and_collapse({write_fastq("same.fq", reads)}, TrimOptions{});
    REQUIRE(from_bam.qc.n_reads == from_fq.qc.n_reads);
    REQUIRE(from_bam.sequences.size() == from_fq.sequences.size());
    REQUIRE(reads_of(from_bam, "TAGCTTATCAGACTGATGTTGA") == 50);
}

TEST_CASE("multi-member gzip reads as the concatenation of its members") {
    std::string a, b;
    for (int i = 0; i < 3000; ++i) a += fastq_record(i, "TAGCTTATCAGACTGATGTTGA" + k_truseq);
    for (int i = 0; i < 1000; ++i) b += fastq_record(i, "TGAGGTAGTAGGTTGTATAGTT" + k_truseq);
    const std::string joined = temp_path("members.fq.gz");
    std::ofstream(joined, std::ios::binary) << slurp(write_gz("m1.fq.gz", a)) << slurp(write_gz("m2.fq.gz", b));
    const CollapsedReads r = read_and_collapse({joined}, TrimOptions{});
    REQUIRE(r.qc.n_reads == 4000);
    REQUIRE(reads_of(r, "TAGCTTATCAGACTGATGTTGA") == 3000);
    REQUIRE(reads_of(r, "TGAGGTAGTAGGTTGTATAGTT") == 1000);
}

TEST_CASE("the collapsed inserts are in bytewise order at any length, with N, at any thread count") {
    TrimOptions opt;
    opt.min_length = 1;
    std::vector<std::string> reads;
    std::mt19937 rng(5);
    for (int i = 0; i < 30000; ++i) {  // lengths 1-40: inserts shorter and longer than the sort's bucket prefix
        std::string ins;
        const int len = 1 + static_cast<int>(rng() % 40);
        for (int j = 0; j < len; ++j) ins += "ACGTN"[rng() % (i % 7 == 0 ? 5 : 4)];  // N in every 7th read
        reads.push_back(ins + k_truseq);
    }
    const std::string p = write_fastq("order.fq", reads);
    std::string one;
    for (const int threads : {1, 2, 4}) {
        tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
        const CollapsedReads r = read_and_collapse({p}, opt);
        REQUIRE(r.sequences.size() > 10000);
        const auto not_before = [](const SeqCount& a, const SeqCount& b) { return !(a.seq < b.seq); };
        REQUIRE(std::adjacent_find(r.sequences.begin(), r.sequences.end(), not_before) == r.sequences.end());
        if (threads == 1) one = insert_table(r);
        REQUIRE(insert_table(r) == one);
    }
}

TEST_CASE("BGZF reads as the plain text, with or without its end-of-file block; a cut or corrupt block is an error") {
    std::string text;
    std::mt19937 rng(11);
    for (int i = 0; i < 20000; ++i) {  // ~1.6 MB of text: about 25 BGZF blocks, records cut across blocks
        std::string ins;
        for (int j = 0; j < 18 + static_cast<int>(rng() % 6); ++j) ins += "ACGT"[rng() % 4];
        text += fastq_record(i, (ins + k_truseq).substr(0, 40));
    }
    const std::string plain = temp_path("bgzf_plain.fq");
    std::ofstream(plain, std::ios::binary) << text;
    const CollapsedReads want = read_and_collapse({plain}, TrimOptions{});
    REQUIRE(want.qc.n_reads == 20000);
    const std::string bgzf = write_bgzf("reads.fq.bgz", text);
    for (const std::string& p : {bgzf, write_bgzf("no_eof.fq.bgz", text, false)}) {
        INFO(p);
        const CollapsedReads got = read_and_collapse({p}, TrimOptions{});
        REQUIRE(to_json(got, TrimOptions{}) == to_json(want, TrimOptions{}));
        REQUIRE(insert_table(got) == insert_table(want));
    }
    const std::string bytes = slurp(bgzf);
    require_read_error("cut.fq.bgz", bytes.substr(0, bytes.size() / 2), "truncated or corrupt");
    std::string bad_crc = bytes;  // the CRC of the last block with data, just before the EOF block
    bad_crc[bad_crc.size() - 28 - 6] ^= 0x5a;
    require_read_error("crc.fq.bgz", bad_crc, "truncated or corrupt");
}

TEST_CASE("fail_* inputs: each gives an Error naming the file and record") {
    const TrimOptions opt;
    const std::string good = fastq_record(0, "TAGCTTATCAGACTGATGTTGA" + k_truseq);
    require_read_error("qual.fq", good + "@r1\nACGTACGT\n+\nIIII\n",
                       "record 2 (line 5): quality length 4 != sequence length 8");
    require_read_error("plus.fq", good + "@r1\nACGT\nIIII\n@r2\n", "third line does not start with '+'");
    require_read_error("trunc.fq", good + "@r1\nACGT\n", "truncated record");
    require_read_error("letters.fq", good + "@r1\nACGJ\n+\nIIII\n", "not a nucleotide");
    require_read_error("garbage.fq",
                       std::string("\x7f"
                                   "ELF\x02\x01\x01\0\0\0",
                                   10),
                       "not FASTQ, FASTA, BAM or CRAM");
    require_read_error("header.fq", good + "r1\nACGT\n+\nIIII\n", "does not start with '@'");
    // A gzip stream cut in the middle: an error, never a silent end of file.
    std::string text;
    for (int i = 0; i < 2000; ++i) text += fastq_record(i, "TAGCTTATCAGACTGATGTTGA" + k_truseq);
    const std::string gz = slurp(write_gz("full.fq.gz", text));
    require_read_error("cut.fq.gz", gz.substr(0, gz.size() / 2), "truncated or corrupt");
    // gzip files go through ISA-L: a wrong CRC in the trailer, garbage or a cut member after a complete one.
    std::string bad_crc = gz;
    bad_crc[bad_crc.size() - 6] ^= 0x5a;
    require_read_error("crc.fq.gz", bad_crc, "truncated or corrupt");
    require_read_error("garbage_after.fq.gz", gz + "not gzip at all", "truncated or corrupt");
    require_read_error("cut_member.fq.gz", gz + gz.substr(0, gz.size() / 3), "truncated or corrupt");
    REQUIRE_THROWS_AS(read_and_collapse({temp_path("does_not_exist.fq")}, opt), Error);
}

TEST_CASE("empty input gives zero reads and a warning; a missing adapter is a warning (the QC gate fails it)") {
    const std::string empty = temp_path("empty.fq");
    std::ofstream(empty).close();
    const CollapsedReads r = read_and_collapse({empty}, TrimOptions{});
    REQUIRE(r.qc.n_reads == 0);
    REQUIRE(r.sequences.empty());
    REQUIRE_FALSE(r.warnings.empty());
    std::vector<std::string> no_adapter(1500, "TAGCTTATCAGACTGATGTTGACCCCAAAATTTTGGGGACGTACGTACGTAC");
    const CollapsedReads noad = read_and_collapse({write_fastq("noad.fq", no_adapter)}, TrimOptions{});
    REQUIRE(noad.qc.n_reads == 1500);
    REQUIRE(noad.qc.n_adapter_found == 0);
    REQUIRE(noad.warnings.size() == 1);
    CHECK_THAT(noad.warnings[0], Catch::Contains("adapter TGGAATTCTCGGGTGCCAAGG found in only 0.0% of reads"));
    TrimOptions trimmed;
    trimmed.kit = Kit::custom;  // --adapter none: reads are already trimmed
    const std::vector<std::string> inserts(10, "TAGCTTATCAGACTGATGTTGA");
    REQUIRE(read_and_collapse({write_fastq("trimmed.fq", inserts)}, trimmed).qc.n_kept == 10);
}

TEST_CASE("adapter detection finds each kit in the simulated libraries", "[data][shared]") {
    const std::vector<std::pair<std::string, std::string>> kits = {{"truseq", "TGGAATTCTCGGGTGCCAAGG"},
                                                                   {"nebnext", "AGATCGGAAGAGCACACGTCT"},
                                                                   {"qiaseq", "AACTGTAGGCACCATCAAT"},
                                                                   {"nextflex", "TGGAATTCTCGGGTGCCAAGG"}};
    for (const auto& [kit, adapter] : kits) {
        TrimOptions opt;
        opt.kit = Kit::auto_detect;
        const std::string path = exomir::test::shared_data() + "/simulated/sim_" + kit + "_200k.fastq.gz";
        const CollapsedReads r = read_and_collapse({path}, opt);
        INFO(kit);
        REQUIRE(r.kit_used == kit);
        REQUIRE(r.adapter_used == adapter);
        REQUIRE(r.adapter_detection["support"].get<double>() > 0.8);
    }
    // Real TruSeq reads (miRQC) must not be mistaken for NEXTflex.
    TrimOptions opt;
    opt.kit = Kit::auto_detect;
    const auto mirqc =
        read_and_collapse({exomir::test::shared_data() + "/reads/miRQC_A_SRR950876_subset.fastq.gz"}, opt);
    REQUIRE(mirqc.kit_used == "truseq");
}

TEST_CASE("SeqArena: stored views stay valid across new blocks and a move") {
    SeqArena arena;
    std::vector<std::string_view> views;
    std::vector<std::string> expected;
    for (int i = 0; i < 300000; ++i) {  // ~8 MB: spans several blocks
        expected.push_back(std::to_string(i) + "ACGTACGTACGTACGTAC");
        views.push_back(arena.store(expected.back()));
    }
    views.push_back(arena.store(std::string(5 << 20, 'G')));  // larger than a block
    views.push_back(arena.store(""));
    const SeqArena moved = std::move(arena);
    std::size_t n_wrong = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) n_wrong += views[i] != expected[i];
    CHECK(n_wrong == 0);
    CHECK(views[expected.size()] == std::string(5 << 20, 'G'));
    CHECK(views.back().empty());
}

TEST_CASE("fasta_read_count: the read counts of collapsed FASTA headers") {
    CHECK(fasta_read_count("seq_1_x2054") == 2054);  // mirDeep2
    CHECK(fasta_read_count("mir-21_x17") == 17);     // seqcluster
    CHECK(fasta_read_count("1-8812") == 8812);       // FASTX-Toolkit fastx_collapser
    CHECK(fasta_read_count("123") == 123);           // a bare count
    CHECK(fasta_read_count("seq_3_x12 sample=a") == 12);
    CHECK(fasta_read_count("read_42") == 1);  // no count: one read
    CHECK(fasta_read_count("seq_1_x") == 1);
    CHECK(fasta_read_count("seq_1_x0") == 1);
    CHECK(fasta_read_count("seq_1_x12a") == 1);
    CHECK(fasta_read_count("hsa-miR-21-5p") == 1);
    CHECK(fasta_read_count("") == 1);
    CHECK(fasta_read_count("123", false) == 1);  // a file of reads renamed 1, 2, 3, ...
    CHECK(fasta_read_count("seq_1_x99999999999999999999999") == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("collapsed FASTA gives the counts of the FASTQ it was collapsed from") {
    const auto reads = make_reads(1);
    std::map<std::string, int> n;
    for (const auto& r : reads) ++n[r];
    std::string fa;  // mirDeep2 style, one record split over two lines, CRLF on one record, a blank line
    int i = 0;
    for (const auto& [seq, count] : n) {
        ++i;
        if (i == 1)
            fa += fmt::format(">seq_{}_x{}\n{}\n{}\n\n", i, count, seq.substr(0, 10), seq.substr(10));
        else if (i == 2)
            fa += fmt::format(">seq_{}_x{}\r\n{}\r\n", i, count, seq);
        else
            fa += fmt::format(">seq_{}_x{}\n{}\n", i, count, seq);
    }
    const CollapsedReads from_fq = read_and_collapse({write_fastq("same.fq", reads)}, TrimOptions{});
    const std::string fa_path = temp_path("same.fa");
    std::ofstream(fa_path, std::ios::binary) << fa;
    for (const std::string& path : {fa_path, write_gz("same.fa.gz", fa)}) {
        INFO(path);
        const CollapsedReads from_fa = read_and_collapse({path}, TrimOptions{});
        CHECK(from_fa.qc.n_reads == from_fq.qc.n_reads);
        CHECK(from_fa.qc.n_kept == from_fq.qc.n_kept);
        CHECK(from_fa.qc.n_dimers == from_fq.qc.n_dimers);
        CHECK(from_fa.qc.length_hist == from_fq.qc.length_hist);
        REQUIRE(from_fa.sequences.size() == from_fq.sequences.size());
        for (std::size_t k = 0; k < from_fq.sequences.size(); ++k) {
            CHECK(from_fa.sequences[k].seq == from_fq.sequences[k].seq);
            CHECK(from_fa.sequences[k].n_reads == from_fq.sequences[k].n_reads);
        }
    }
    // a FASTA without counts is one read per record; a bad letter names the file, the record and the fix
    const std::string plain = temp_path("plain.fa");
    std::ofstream(plain, std::ios::binary)
        << ">a\nTAGCTTATCAGACTGATGTTGA" << k_truseq << "\n>b\nTAGCTTATCAGACTGATGTTGA" << k_truseq << "\n";
    CHECK(read_and_collapse({plain}, TrimOptions{}).qc.n_reads == 2);
    const std::string bad = temp_path("bad.fa");
    std::ofstream(bad, std::ios::binary) << ">a_x3\nACGT\n>b_x2\nACJT\n";
    REQUIRE_THROWS_WITH(read_and_collapse({bad}, TrimOptions{}),
                        Catch::Contains(bad + ": record 2 (b_x2): sequence has a letter that is not a nucleotide"));
    // reads renamed by number (seqtk rename, fastq_to_fasta -r): >1, >2, ... are names, not counts
    const std::string numbered = temp_path("numbered.fa");
    std::ofstream(numbered, std::ios::binary) << ">1\nACGTACGTACGTACGTACGTAA\n>2\nACGTACGTACGTACGTACGTAA\n>3\nACGT\n";
    CHECK(read_and_collapse({numbered}, TrimOptions{}).qc.n_reads == 3);
    const std::string counted = temp_path("counted.fa");
    std::ofstream(counted, std::ios::binary) << ">5\nACGTACGTACGTACGTACGTAA\n>2\nACGTACGTACGTACGTACGTAA\n";
    CHECK(read_and_collapse({counted}, TrimOptions{}).qc.n_reads == 7);
    const std::string overflow = temp_path("overflow.fa");
    std::ofstream(overflow, std::ios::binary) << ">a_x99999999999999999999999\nACGT\n";
    REQUIRE_THROWS_WITH(read_and_collapse({overflow}, TrimOptions{}), Catch::Contains("is beyond any library"));
    const std::string huge = temp_path("huge.fa");
    std::ofstream(huge, std::ios::binary) << ">a_x3\nACGT\n>b_x99999999999\nACGT\n";
    REQUIRE_THROWS_WITH(read_and_collapse({huge}, TrimOptions{}),
                        Catch::Contains(huge + ": record 2 (b_x99999999999): a count of 99999999999 reads"));
}

TEST_CASE("FASTA records are cut whole across chunks") {
    std::string fa;
    std::vector<std::string> want;
    for (int i = 0; i < 8000; ++i) {  // ~300 kB: the reader fills 64 kB at a time
        const std::string seq = std::string(static_cast<std::size_t>(18 + i % 9), "ACGT"[i % 4]) + "TT";
        fa += fmt::format(">r{}_x{}\n{}\n{}\n", i, i % 5 + 1, seq.substr(0, 7), seq.substr(7));
        want.push_back(i % 5 ? fmt::format("{}\t{}", seq, i % 5 + 1) : seq);
    }
    const std::string p = temp_path("chunks.fa");
    std::ofstream(p, std::ios::binary) << fa;
    ReadSource src(p, 0);
    CHECK(src.format() == "FASTA");
    ReadChunk chunk;
    std::vector<std::string> got;
    std::size_t n_chunks = 0;
    while (src.next(chunk, 256)) {
        ++n_chunks;
        CHECK_FALSE(chunk.fastq);
        for (auto line : split(chunk.text, '\n'))
            if (!line.empty()) got.emplace_back(line);
    }
    CHECK(n_chunks >= 4);
    CHECK(got == want);
}

TEST_CASE("long records: the fast checks (bare '+', SSE2 letters and qualities) agree with the full ones") {
    const TrimOptions opt;
    const std::string insert = "TAGCTTATCAGACTGATGTTGA", read = insert + k_truseq;  // 43 bases: 2 blocks + overlap
    const std::string good = fastq_record(0, read);
    auto run = [&](const std::string& name, const std::string& text) {
        const std::string p = temp_path(name);
        std::ofstream(p, std::ios::binary) << text;
        return read_and_collapse({p}, opt);
    };
    // Lower case, U, '.' and IUPAC codes are normalised; a '+' line that repeats the name is accepted.
    std::string lower = read;
    lower[0] = 'u', lower[5] = 'R', lower[read.size() - 1] = 'g';
    const std::string mixed = good + "@r1\n" + lower + "\n+r1\n" + std::string(read.size(), 'I') + "\n";
    const CollapsedReads r = run("mixed.fq", mixed);
    REQUIRE(reads_of(r, insert) == 1);
    REQUIRE(reads_of(r, "TAGCTNATCAGACTGATGTTGA") == 1);
    auto fails_with = [&](const std::string& name, const std::string& text, const std::string& what) {
        INFO(name);
        REQUIRE_THROWS_WITH(run(name, text), Catch::Contains("record 2 (line 5)") && Catch::Contains(what));
    };
    const std::string quals(read.size(), 'I');
    for (const std::size_t at : {std::size_t{0}, std::size_t{20}, read.size() - 1}) {  // first, middle, last block
        std::string bad_base = read, bad_qual = quals;
        bad_base[at] = 'J';
        bad_qual[at] = static_cast<char>(at == 0 ? ' ' : at == 20 ? '\x7f' : '\xc3');
        fails_with("base" + std::to_string(at) + ".fq", good + "@r1\n" + bad_base + "\n+\n" + quals + "\n",
                   "not a nucleotide");
        fails_with("qual" + std::to_string(at) + ".fq", good + "@r1\n" + read + "\n+\n" + bad_qual + "\n",
                   "quality has a character outside");
    }
    fails_with("long_qual.fq", good + "@r1\n" + read + "\n+\n" + quals + "I\n",
               "quality length 44 != sequence length 43");
    fails_with("short_qual.fq",
               good + "@r1\n" + read + "\n+\n" + quals.substr(1) + "\n@r2\n" + read + "\n+\n" + quals + "\n",
               "quality length 42 != sequence length 43");
    // 4 short: the next record's "\n@r2\n" puts a '\n' exactly where a full-length quality line would end, so the
    // fast path takes "\n@r2" into the quality; the error still gives the true length
    fails_with("short4_qual.fq",
               good + "@r1\n" + read + "\n+\n" + quals.substr(4) + "\n@r2\n" + read + "\n+\n" + quals + "\n",
               "quality length 39 != sequence length 43");
    fails_with("cr_qual.fq", good + "@r1\n" + read + "\n+\n" + quals.substr(1) + "\r\n", "quality length 42");
    fails_with("cut_qual.fq", good + "@r1\n" + read + "\n+\n" + quals.substr(5), "quality length 38");
    REQUIRE(reads_of(run("no_last_newline.fq", good + "@r1\n" + read + "\n+\n" + quals), insert) == 2);
}

TEST_CASE("unique inserts come out in byte order, also where they share their first 24 bases or more") {
    // The sort packs the first 24 bases into a key; ties (long shared prefixes), prefixes of one another, N and
    // every length from 16 to 50 must still give std::string_view's order.
    std::mt19937 rng(7);
    const std::string stem = "TAGCTTATCAGACTGATGTTGACTGTTGAATCTCATGGCAACCGTTAGGC";  // 50 nt
    std::vector<std::string> inserts;
    for (int i = 0; i < 6000; ++i) {
        std::string s = stem.substr(0, 16 + rng() % 35);
        const int edits = static_cast<int>(rng() % 3);
        for (int e = 0; e < edits; ++e) s[rng() % s.size()] = "ACGTN"[rng() % 5];
        inserts.push_back(s);
    }
    TrimOptions trimmed;
    trimmed.kit = Kit::custom;  // --adapter none: the reads are the inserts
    trimmed.max_length = 50;
    const CollapsedReads r = read_and_collapse({write_fastq("order.fq", inserts)}, trimmed);
    std::vector<std::string> expected = inserts;
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    REQUIRE(r.sequences.size() == expected.size());
    REQUIRE(expected.size() > 1000);
    std::size_t long_ties = 0;  // neighbours alike in their first 24 bases: the fallback comparison was needed
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(r.sequences[i].seq == expected[i]);
        if (i > 0 && expected[i].size() >= 24 && expected[i - 1].size() >= 24 &&
            expected[i].compare(0, 24, expected[i - 1], 0, 24) == 0)
            ++long_ties;
    }
    CHECK(long_ties > 100);
}
