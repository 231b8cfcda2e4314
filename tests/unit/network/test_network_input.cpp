// test_network_input.cpp: parsers of counts, targets, modules, GMT, PPI, sample sheets and the cargo abundance.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <numeric>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/network/network_input.hpp"

#include "fixtures.hpp"

using namespace exomir;

namespace {
using test::write_temp;
const std::string k_data = EXOMIR_SOURCE_DIR "/tests/data/";
}  // namespace

TEST_CASE("read_counts reads the merge format, CRLF included") {
    const auto p = write_temp("counts.tsv", "mirna\taccession\tA\tB\r\nm1\tMIMAT1\t10\t0\r\nm2\tMIMAT2\t30.5\t5\r\n");
    const auto c = read_counts(p);
    REQUIRE(c.samples == std::vector<std::string>{"A", "B"});
    REQUIRE(c.mirnas == std::vector<std::string>{"m1", "m2"});
    REQUIRE(c.at(1, 0) == 30.5);
    REQUIRE(c.at(1, 1) == 5);
}

TEST_CASE("fail_counts: missing column, negative count, duplicate miRNA, short row, empty file") {
    REQUIRE_THROWS_WITH(read_counts(write_temp("c1.tsv", "mirna\tA\nm1\t3\n")),
                        Catch::Contains("missing column 'accession'"));
    REQUIRE_THROWS_WITH(read_counts(write_temp("c2.tsv", "mirna\taccession\tA\nm1\tx\t-3\n")),
                        Catch::Contains("c2.tsv:2") && Catch::Contains("negative"));
    REQUIRE_THROWS_WITH(read_counts(write_temp("c3.tsv", "mirna\taccession\tA\nm1\tx\t3\nm1\tx\t4\n")),
                        Catch::Contains("duplicate"));
    REQUIRE_THROWS_WITH(read_counts(write_temp("c4.tsv", "mirna\taccession\tA\nm1\tx\n")), Catch::Contains("fields"));
    REQUIRE_THROWS_WITH(read_counts(write_temp("c5.tsv", "")), Catch::Contains("empty"));
}

TEST_CASE("read_targets finds columns by name and checks weights") {
    const auto t = read_targets(k_data + "network_targets.tsv");
    REQUIRE(t.size() == 24);
    REQUIRE(t[0].mirna == "hsa-miR-223-3p");
    REQUIRE(t[0].gene == "NLRP3");
    REQUIRE(t[0].weight == Approx(0.6));
    REQUIRE_THROWS_WITH(read_targets(write_temp("t1.tsv", "mirna\tgene\tweight\nm\tG\t1.5\n")),
                        Catch::Contains("outside [0,1]"));
    REQUIRE_THROWS_WITH(read_targets(write_temp("t2.tsv", "mirna\tgene\nm\tG\n")), Catch::Contains("weight"));
    REQUIRE_THROWS_WITH(read_targets(write_temp("t3.tsv", "mirna\tgene\tweight\nm\tG\t0.5\nm\tg\t0.2\n")),
                        Catch::Contains("duplicate"));
    REQUIRE_THROWS_WITH(read_targets(write_temp("t4.tsv", "mirna\tgene\tweight\nm\tG\tx\n")),
                        Catch::Contains("not a number"));
}

TEST_CASE("read_modules parses roles and rejects unknown roles") {
    const auto m = read_modules(k_data + "network_modules.tsv");
    REQUIRE(m.size() == 35);
    REQUIRE(m[0].role == Role::driver);
    REQUIRE(m[6].role == Role::protective);
    REQUIRE_THROWS_WITH(read_modules(write_temp("m1.tsv", "module\tgene\trole\nP\tG\tactivator\n")),
                        Catch::Contains("m1.tsv:2") && Catch::Contains("activator"));
}

TEST_CASE("read_gmt upper-cases and de-duplicates genes; fail on short lines") {
    const auto path = write_temp("a.gmt", "SET1\tdesc\tgeneA\tGENEA\tgeneB\n\nSET2\tx\tC\n");
    const auto s = read_gmt(path);
    REQUIRE(s.size() == 2);
    REQUIRE(s[0].genes == std::vector<std::string>{"GENEA", "GENEB"});
    REQUIRE(s[0].source == "gmt:" + std::filesystem::path(path).filename().string());  // the file name
    REQUIRE_THROWS_WITH(read_gmt(write_temp("b.gmt", "SET1\tdesc\n")), Catch::Contains("b.gmt:1"));
    REQUIRE_THROWS_WITH(read_gmt(write_temp("c.gmt", "S\td\tA\nS\td\tB\n")), Catch::Contains("duplicate"));
}

TEST_CASE("read_ppi: STRING 0-1000 scores are scaled, self-loops skipped") {
    const auto e = read_ppi(write_temp("ppi.tsv", "gene_a\tgene_b\tscore\nA\tB\t900\nC\tC\t1\nB\tD\t0.5\n"));
    REQUIRE(e.size() == 2);
    REQUIRE(e[0].score == Approx(0.9));
    REQUIRE(e[1].score == 0.5);
    REQUIRE(read_ppi(write_temp("ppi2.tsv", "gene_a\tgene_b\nA\tB\n"))[0].score == 1);
    REQUIRE_THROWS(read_ppi(write_temp("ppi3.tsv", "gene_a\tgene_b\tscore\nA\tB\t0\n")));
}

TEST_CASE("select_samples and compute_abundance: group means of per-sample fractions, min-cpm filter") {
    const auto counts = read_counts(k_data + "network_counts.tsv");
    const auto sheet = load_samplesheet(k_data + "network_samples.tsv", SheetNeeds::without_reads());
    const auto cols = select_samples(counts, &sheet, {"", "condition", "hypoxia", {}});
    REQUIRE(cols == std::vector<std::size_t>{2, 3});
    const auto ab = compute_abundance(counts, cols, 10);
    // hsa-miR-7-5p: 1 read of 12,341 in S3, 0 in S4: mean fraction 4.05e-5 = 40.5 CPM, kept at 10, dropped at 100.
    REQUIRE(std::find(ab.mirnas.begin(), ab.mirnas.end(), "hsa-miR-7-5p") != ab.mirnas.end());
    REQUIRE(compute_abundance(counts, cols, 100).dropped == std::vector<std::string>{"hsa-miR-7-5p"});
    double total = 0;
    for (double a : ab.fraction) total += a;
    REQUIRE(total == Approx(1.0));
    REQUIRE(std::is_sorted(ab.mirnas.begin(), ab.mirnas.end()));
    const auto i29 = std::find(ab.mirnas.begin(), ab.mirnas.end(), "hsa-miR-29a-3p") - ab.mirnas.begin();
    double s3 = 0, s4 = 0;
    for (std::size_t i = 0; i < counts.mirnas.size(); ++i) s3 += counts.at(i, 2), s4 += counts.at(i, 3);
    REQUIRE(ab.fraction[i29] == Approx((6000 / s3 + 5000 / s4) / 2));
    REQUIRE(ab.cpm[i29] == Approx(ab.fraction[i29] * 1e6));
    REQUIRE(select_samples(counts, nullptr, {"S2", "", "", {}}) == std::vector<std::size_t>{1});
    REQUIRE_THROWS_WITH(select_samples(counts, nullptr, {"S9", "", "", {}}), Catch::Contains("S9"));
    REQUIRE_THROWS_WITH(select_samples(counts, &sheet, {"", "condition", "anoxia", {}}), Catch::Contains("anoxia"));
    REQUIRE_THROWS_WITH(select_samples(counts, &sheet, {"", "tissue", "x", {}}), Catch::Contains("tissue"));
}

namespace {
// A: nine miRNAs at 100 reads and m9 at 9100 (one miRNA dominates); B: all ten at 100. merge's TMM factors for
// this table are sqrt(0.1) and sqrt(10) (test_merge.cpp); written as norm_factors.tsv prints them.
CountsTable dominated_counts() {
    std::string text = "mirna\taccession\tA\tB\n";
    for (int i = 0; i < 10; ++i) text += fmt::format("m{}\tMIMAT{}\t{}\t100\n", i, i, i == 9 ? 9100 : 100);
    return read_counts(write_temp("dominated.tsv", text));
}
const char* k_dominated_factors =
    "sample\tlib_size\tnorm_factor\teffective_lib_size\treference\nA\t10000.00\t0.316227766\t3162.28\tno\n"
    "B\t1000.00\t3.16227766\t3162.28\tyes\n";
double cpm_of(const Abundance& ab, const std::string& mirna) {
    const auto it = std::find(ab.mirnas.begin(), ab.mirnas.end(), mirna);
    REQUIRE(it != ab.mirnas.end());
    return ab.cpm[static_cast<std::size_t>(it - ab.mirnas.begin())];
}
}  // namespace

TEST_CASE("compute_abundance with TMM factors: a sample dominated by one miRNA") {
    const CountsTable counts = dominated_counts();
    const NormFactors tmm = read_norm_factors(write_temp("dominated_nf.tsv", k_dominated_factors));
    REQUIRE(tmm.by_sample.at("A") == std::pair{10000.0, 0.316227766});
    // CPM: m0 is 1% of A's miRNA reads but 10% of B's, although both hold it at 100 reads beside the same nine
    const Abundance cpm_a = compute_abundance(counts, {0}, 0), cpm_b = compute_abundance(counts, {1}, 0);
    CHECK(cpm_of(cpm_a, "m0") == Approx(10000));
    CHECK(cpm_of(cpm_b, "m0") == Approx(100000));
    // TMM: the effective library size of A is 10000 * sqrt(0.1) = 3162.28, of B 1000 * sqrt(10): the same, so m0
    // has the same TMM-CPM in both (1e6 * 100 / 3162.28), above A's CPM and below B's
    const Abundance tmm_a = compute_abundance(counts, {0}, 0, &tmm), tmm_b = compute_abundance(counts, {1}, 0, &tmm);
    CHECK(cpm_of(tmm_a, "m0") == Approx(1e6 * 100 / (10000 * 0.316227766)));
    CHECK(cpm_of(tmm_a, "m0") == Approx(cpm_of(tmm_b, "m0")));
    CHECK(cpm_of(tmm_a, "m0") > cpm_of(cpm_a, "m0"));
    CHECK(cpm_of(tmm_b, "m0") < cpm_of(cpm_b, "m0"));
    // the cargo of both: the mean TMM-CPM, not renormalised per sample (A's fractions add up to 1 / sqrt(0.1))
    const Abundance both = compute_abundance(counts, {0, 1}, 0, &tmm);
    CHECK(cpm_of(both, "m0") == Approx(31622.78).epsilon(1e-6));
    CHECK(cpm_of(both, "m9") == Approx((9100 / 3162.2776601 + 100 / 3162.2776601) / 2 * 1e6).epsilon(1e-6));
    CHECK(std::accumulate(tmm_a.fraction.begin(), tmm_a.fraction.end(), 0.0) == Approx(1 / 0.316227766));
    CHECK(cpm_of(compute_abundance(counts, {0, 1}, 0), "m0") == Approx(55000));
    // --min-cpm applies to the TMM-CPM: at 20000, A's CPM drops m0..m8 (10000), its TMM-CPM (31623) keeps them
    CHECK(compute_abundance(counts, {0}, 20000).mirnas == std::vector<std::string>{"m9"});
    CHECK(compute_abundance(counts, {0}, 20000, &tmm).mirnas.size() == 10);
}

TEST_CASE("compute_abundance: TMM factors of 1 give the CPM answer") {
    const CountsTable counts = dominated_counts();
    const NormFactors ones =
        read_norm_factors(write_temp("ones_nf.tsv", "sample\tlib_size\tnorm_factor\nA\t10000\t1\nB\t1000\t1\n"));
    const Abundance cpm = compute_abundance(counts, {0, 1}, 10), tmm = compute_abundance(counts, {0, 1}, 10, &ones);
    CHECK(tmm.mirnas == cpm.mirnas);
    CHECK(tmm.fraction == cpm.fraction);  // bit for bit: the same divisions in the same order
    CHECK(tmm.cpm == cpm.cpm);
}

TEST_CASE("fail_norm_factors: a cargo sample without a factor, other counts' factors, bad rows") {
    const CountsTable counts = dominated_counts();
    const auto only_a = read_norm_factors(write_temp("nf_a.tsv", "sample\tlib_size\tnorm_factor\nA\t10000\t1\n"));
    CHECK(compute_abundance(counts, {0}, 0, &only_a).mirnas.size() == 10);  // B is not in this cargo
    CHECK_THROWS_WITH(compute_abundance(counts, {0, 1}, 0, &only_a),
                      Catch::Contains("nf_a.tsv") && Catch::Contains("sample 'B'") && Catch::Contains("exomir merge"));
    const auto other = read_norm_factors(write_temp("nf_o.tsv", "sample\tlib_size\tnorm_factor\nA\t9000\t1\n"));
    CHECK_THROWS_WITH(compute_abundance(counts, {0}, 0, &other),
                      Catch::Contains("nf_o.tsv") && Catch::Contains("lib_size 9000") && Catch::Contains("10000"));
    CHECK_THROWS_WITH(read_norm_factors(write_temp("nf1.tsv", "sample\tlib_size\nA\t1\n")),
                      Catch::Contains("norm_factor"));
    CHECK_THROWS_WITH(read_norm_factors(write_temp("nf2.tsv", "sample\tlib_size\tnorm_factor\nA\t1\t0\n")),
                      Catch::Contains("nf2.tsv:2") && Catch::Contains("> 0"));
    CHECK_THROWS_WITH(read_norm_factors(write_temp("nf3.tsv", "sample\tlib_size\tnorm_factor\nA\t1\tx\n")),
                      Catch::Contains("not a number"));
    CHECK_THROWS_WITH(read_norm_factors(write_temp("nf4.tsv", "sample\tlib_size\tnorm_factor\nA\t1\t1\nA\t1\t1\n")),
                      Catch::Contains("nf4.tsv:3") && Catch::Contains("twice"));
    CHECK_THROWS_WITH(read_norm_factors(write_temp("nf5.tsv", "sample\tlib_size\tnorm_factor\nA\t-1\t1\n")),
                      Catch::Contains("lib_size"));
}

TEST_CASE("select_samples: blanks and negatives of the sheet's type column are never in the cargo") {
    const auto counts = read_counts(k_data + "network_counts.tsv");
    REQUIRE(counts.samples.size() >= 4);
    std::string text = "sample\ttype\tcondition\n";
    text += counts.samples[0] + "\tblank\tmedium\n" + counts.samples[1] + "\tnegative\tmedium\n";
    for (std::size_t j = 2; j < counts.samples.size(); ++j) text += counts.samples[j] + "\tsample\tcells\n";
    const auto parsed = parse_samplesheet(text, "", SheetNeeds::without_reads());
    REQUIRE(parsed.problems.empty());
    std::vector<std::size_t> expected(counts.samples.size() - 2);
    std::iota(expected.begin(), expected.end(), 2);
    CHECK(select_samples(counts, &parsed.sheet, {}) == expected);
    CHECK(select_samples(counts, &parsed.sheet, {"", "condition", "cells", {}}) == expected);
    REQUIRE_THROWS_WITH(select_samples(counts, &parsed.sheet, {"", "condition", "medium", {}}),
                        Catch::Contains("no sample of the sample sheet has this value"));
    CHECK(select_samples(counts, nullptr, {}).size() == counts.samples.size());  // no sheet: every column
}

TEST_CASE("--exclude-contaminants: merge's flags, the levels, and the cargo without the medium miRNAs") {
    const auto flags = read_contamination_flags(write_temp(
        "contamination.tsv",
        "mirna\tmean_cpm_samples\tflag\nhsa-miR-122-5p\t10\tlikely_medium\nhsa-miR-451a\t5\tpossible_medium\n"
        "hsa-miR-21-5p\t900\tsample\n"));
    REQUIRE(flags.size() == 3);
    CHECK(contaminants_to_exclude(flags, "likely") == std::vector<std::string>{"hsa-miR-122-5p"});
    CHECK(contaminants_to_exclude(flags, "possible") == std::vector<std::string>{"hsa-miR-122-5p", "hsa-miR-451a"});
    CHECK(contaminants_to_exclude(flags, "none").empty());
    REQUIRE_THROWS_AS(contaminants_to_exclude(flags, "all"), UsageError);
    Abundance ab;
    ab.mirnas = {"hsa-miR-122-5p", "hsa-miR-21-5p", "hsa-miR-451a"};
    ab.fraction = {0.2, 0.7, 0.1};
    ab.cpm = {2e5, 7e5, 1e5};
    CHECK(exclude_from_cargo(ab, contaminants_to_exclude(flags, "possible")) ==
          std::vector<std::string>{"hsa-miR-122-5p", "hsa-miR-451a"});
    CHECK(ab.mirnas == std::vector<std::string>{"hsa-miR-21-5p"});
    CHECK(ab.fraction == std::vector<double>{0.7});  // not renormalised: medium reads are left out, not moved
    CHECK(ab.cpm == std::vector<double>{7e5});
    REQUIRE_THROWS_WITH(read_contamination_flags(write_temp("c2.tsv", "mirna\tflag\nx\tmaybe\n")),
                        Catch::Contains("c2.tsv:2: flag 'maybe' is not likely_medium, possible_medium or sample"));
    REQUIRE_THROWS_WITH(read_contamination_flags(write_temp("c3.tsv", "mirna\tratio\nx\t1\n")),
                        Catch::Contains("c3.tsv:1: missing column 'flag'"));
    REQUIRE_THROWS_WITH(read_contamination_flags(write_temp("c4.tsv", "mirna\tflag\nx\tsample\nx\tsample\n")),
                        Catch::Contains("c4.tsv:3: miRNA 'x' appears twice"));
}

TEST_CASE("select_samples: --exclude-sample (a sample that failed QC) leaves the default and the group cargo") {
    const auto counts = read_counts(k_data + "network_counts.tsv");
    const auto sheet = load_samplesheet(k_data + "network_samples.tsv", SheetNeeds::without_reads());
    CHECK(select_samples(counts, &sheet, {"", "condition", "hypoxia", {counts.samples[2]}}) ==
          std::vector<std::size_t>{3});
    std::vector<std::size_t> all_but_first(counts.samples.size() - 1);
    std::iota(all_but_first.begin(), all_but_first.end(), 1);
    CHECK(select_samples(counts, nullptr, {"", "", "", {counts.samples[0]}}) == all_but_first);
    CHECK(select_samples(counts, nullptr, {counts.samples[0], "", "", {counts.samples[0]}}) ==
          std::vector<std::size_t>{0});  // --sample names the cargo explicitly
    REQUIRE_THROWS_WITH(select_samples(counts, nullptr, {"", "", "", counts.samples}), Catch::Contains("excluded"));
}

TEST_CASE("contamination_flag looks up a miRNA, and the parts of an a/b name", "[contamination]") {
    const MirnaFlags flags = {
        {"hsa-miR-122-5p", "likely_medium"}, {"hsa-miR-451a", "possible_medium"}, {"hsa-miR-21-5p", "sample"}};
    CHECK(contamination_flag(flags, "hsa-miR-122-5p") == "likely_medium");
    CHECK(contamination_flag(flags, "hsa-miR-223-3p") == "NA");
    CHECK(contamination_flag(flags, "hsa-miR-21-5p/hsa-miR-451a") == "possible_medium");  // the most severe part
    CHECK(contamination_flag(flags, "hsa-miR-451a/hsa-miR-122-5p") == "likely_medium");
    CHECK(contamination_flag(flags, "hsa-miR-1/hsa-miR-2") == "NA");
    CHECK(contamination_flag({}, "hsa-miR-122-5p") == "NA");
}
