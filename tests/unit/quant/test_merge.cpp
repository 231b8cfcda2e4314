// test_merge.cpp: per-sample mirna.tsv reading, the count matrix, CPM and the QC summary.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "exomir/core/error.hpp"
#include "exomir/quant/merge.hpp"
#include "exomir/quant/normalize.hpp"

using namespace exomir;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
    const auto dir = std::filesystem::temp_directory_path() / "exomir_test_merge";
    std::filesystem::create_directories(dir);
    const auto p = (dir / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
}
const char* k_header = "mirna\taccession\treads\trpm\tcanonical_reads\tisomir_reads\tunique_sequences\n";
}  // namespace

TEST_CASE("merge: samples in argument order, missing miRNAs are 0, CPM per sample") {
    const auto a = read_mirna_tsv(write_temp(
        "B.mirna.tsv", std::string(k_header) + "hsa-miR-21-5p\tMIMAT0000076\t30.00\t750000.00\t30.00\t0.00\t1\n"
                                               "hsa-let-7a-5p\tMIMAT0000062\t10.00\t250000.00\t10.00\t0.00\t1\n"));
    const auto b = read_mirna_tsv(write_temp(
        "A.mirna.tsv", std::string(k_header) + "hsa-miR-21-5p\tMIMAT0000076\t2.50\t1000000.00\t2.50\t0.00\t1\n"));
    CHECK(a.sample == "B");
    const CountMatrix m = merge_counts({a, b});
    CHECK(m.samples == std::vector<std::string>{"B", "A"});
    CHECK(m.mirnas == std::vector<std::string>{"hsa-let-7a-5p", "hsa-miR-21-5p"});
    CHECK(format_count_matrix(m, false) ==
          "mirna\taccession\tB\tA\n"
          "hsa-let-7a-5p\tMIMAT0000062\t10.00\t0.00\n"
          "hsa-miR-21-5p\tMIMAT0000076\t30.00\t2.50\n");
    CHECK(format_count_matrix(m, true) ==
          "mirna\taccession\tB\tA\n"
          "hsa-let-7a-5p\tMIMAT0000062\t250000.00\t0.00\n"
          "hsa-miR-21-5p\tMIMAT0000076\t750000.00\t1000000.00\n");
}

TEST_CASE("qc_summary: values from qc.json, NA when absent") {
    nlohmann::json qc = {{"annotation", {{"reads_in", 1000}, {"mirna_reads", 40}, {"mirna_fraction_of_reads", 0.04}}},
                         {"warnings", {"few miRNA"}}};
    const std::string t = format_qc_summary({"S1", "S2"}, {qc, nullptr});
    CHECK(t.find("S1\t1000\tNA\t40\t0.0400\tNA\tNA\tNA\tNA\tNA\tNA\t1\tNA\tNA\tNA\tNA\tNA\n") != std::string::npos);
    CHECK(t.find("S2\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\n") != std::string::npos);
}

TEST_CASE("qc_summary: bovine serum columns, not_run (never 0) without bovine hairpins", "[bovine]") {
    const nlohmann::json run = {{"bovine",
                                 {{"checked", true},
                                  {"bovine_specific_reads", 12},
                                  {"fraction_of_mirna_reads", 0.0125},
                                  {"serum_share_of_mirna_reads", 0.5}}}};
    const nlohmann::json not_run = {{"bovine", {{"checked", false}, {"reason", "no bta"}}}};
    const std::string t = format_qc_summary({"A", "B"}, {run, not_run});
    CHECK(t.find("\tbovine_specific_reads\tbovine_fraction_of_mirna\tserum_share_of_mirna\t") != std::string::npos);
    CHECK(t.find("\t12\t0.0125\t0.5000\tNA\tNA\n") != std::string::npos);
    CHECK(t.find("\tnot_run\tnot_run\tnot_run\tNA\tNA\n") != std::string::npos);
}

TEST_CASE("qc_summary: the QC gate's verdict and reasons, one TSV field each", "[qc_gate]") {
    const nlohmann::json fail = {
        {"qc_gate", {{"verdict", "FAIL"}, {"reasons", {"only 0.05% of kept reads are miRNA", "tab\there"}}}}};
    const nlohmann::json pass = {{"qc_gate", {{"verdict", "PASS"}, {"reasons", nlohmann::json::array()}}}};
    const std::string t = format_qc_summary({"F", "P"}, {fail, pass});
    CHECK(t.find("\tqc_verdict\tqc_reasons\n") != std::string::npos);
    CHECK(t.find("\tFAIL\tonly 0.05% of kept reads are miRNA; tab here\n") != std::string::npos);
    CHECK(t.find("\tPASS\t.\n") != std::string::npos);
}

TEST_CASE("qc_summary: spike_in_reads column only when some sample has spike-ins", "[spike_ins]") {
    const nlohmann::json with = {{"annotation", {{"spike_in_reads", 37}}}};
    const nlohmann::json without = {{"annotation", {{"reads_in", 5}}}};
    const std::string t = format_qc_summary({"A", "B"}, {with, without});
    CHECK(t.find("\tqc_verdict\tqc_reasons\tspike_in_reads\n") != std::string::npos);
    CHECK(t.find("\tNA\tNA\t37\n") != std::string::npos);
    CHECK(t.find("B\t5\t") != std::string::npos);
    CHECK(t.substr(t.rfind("B\t")).ends_with("\tNA\tNA\tNA\n"));
    CHECK(format_qc_summary({"B"}, {without}).find("spike") == std::string::npos);
}

TEST_CASE("read_spikes_tsv: sample from the file name; missing column, repeated spike", "[spike_ins]") {
    const auto sc =
        read_spikes_tsv(write_temp("S7.spikes.tsv", "spike\treads\tunique_sequences\nc39\t6\t4\nc54\t0\t0\n"));
    CHECK(sc.sample.ends_with("S7"));
    CHECK(sc.mirnas == std::vector<std::string>{"c39", "c54"});
    CHECK(sc.reads == std::vector<double>{6, 0});
    REQUIRE_THROWS_WITH(read_spikes_tsv(write_temp("s1.spikes.tsv", "name\treads\nx\t1\n")),
                        Catch::Contains("s1.spikes.tsv:1: missing column 'spike'"));
    REQUIRE_THROWS_WITH(read_spikes_tsv(write_temp("s2.spikes.tsv", "spike\treads\nx\t1\nx\t2\n")),
                        Catch::Contains("spike 'x' appears twice"));
    CountMatrix m = merge_counts({sc});
    CHECK(format_spike_matrix(m) == "spike\t" + sc.sample + "\nc39\t6\nc54\t0\n");
}

TEST_CASE("fail_merge: missing column, bad number, repeated miRNA, duplicate sample, empty file") {
    REQUIRE_THROWS_WITH(read_mirna_tsv(write_temp("c1.mirna.tsv", "mirna\treads\nx\t1\n")),
                        Catch::Contains("c1.mirna.tsv:1: missing column 'accession' (header has: mirna, reads)"));
    REQUIRE_THROWS_WITH(read_mirna_tsv(write_temp("c2.mirna.tsv", std::string(k_header) + "x\tM\tabc\t0\t0\t0\t1\n")),
                        Catch::Contains("c2.mirna.tsv:2:"));
    REQUIRE_THROWS_WITH(read_mirna_tsv(write_temp(
                            "c3.mirna.tsv", std::string(k_header) + "x\tM\t1\t0\t0\t0\t1\n" + "x\tM\t2\t0\t0\t0\t1\n")),
                        Catch::Contains("appears twice"));
    REQUIRE_THROWS_WITH(read_mirna_tsv(write_temp("c4.mirna.tsv", "")), Catch::Contains("empty file"));
    const auto ok = read_mirna_tsv(write_temp("c5.mirna.tsv", std::string(k_header)));
    REQUIRE_THROWS_WITH(merge_counts({ok, ok}), Catch::Contains("used by two inputs"));
}

TEST_CASE("TMM: identical compositions give factors 1; a composition shift is corrected; no reads, factor 1") {
    CountMatrix m;
    m.samples = {"a", "b", "c"};
    for (int i = 0; i < 40; ++i) {
        m.mirnas.push_back("m" + std::to_string(i));
        m.accessions.push_back("MIMAT" + std::to_string(i));
        const double x = 10.0 + 5.0 * i;
        m.counts.push_back({x, 3 * x, 0});  // b: the same proportions at 3x the depth; c: no reads
    }
    const TmmFactors same = tmm_factors(m);
    CHECK(same.lib_size[1] == Approx(3 * same.lib_size[0]));
    CHECK(same.factor[0] == Approx(1.0));
    CHECK(same.factor[1] == Approx(1.0));
    CHECK(same.factor[2] == 1.0);
    // b also holds one miRNA at 20x (a composition shift): the other miRNAs' shares fall in b, so their log-ratios
    // say that b's raw library size overstates them; b's factor drops below 1, a's rises above (product 1)
    m.counts[39][1] *= 20;
    const TmmFactors shift = tmm_factors(m);
    CHECK(shift.factor[0] * shift.factor[1] == Approx(1.0));
    CHECK(shift.factor[1] < 1.0);
    CHECK(shift.factor[0] > 1.0);
    const std::string table = format_norm_factors(m, shift);
    CHECK(table.rfind("sample\tlib_size\tnorm_factor\teffective_lib_size\treference\n", 0) == 0);
    CHECK(table.find("\nc\t0.00\t1\t0.00\tno\n") != std::string::npos);
    // a column left out of TMM (a blank) keeps factor 1 and is never the reference
    const TmmFactors no_b = tmm_factors(m, {1, 0, 1});
    CHECK(no_b.factor[1] == 1.0);
    CHECK(no_b.ref == 0);
    CHECK(no_b.factor[0] == Approx(1.0));
}

TEST_CASE("TMM: a sample dominated by one miRNA gets the known factor sqrt(0.1)") {
    // A: nine miRNAs at 100 reads and one at 9100; B: all ten at 100. The trim (30% of M at each end, ranks with ties
    // averaged) keeps the nine shared miRNAs, whose log-ratio is log2((100/10000)/(100/1000)) = log2(0.1), so
    // f_A / f_B = 0.1 and, scaled to product 1, f_A = sqrt(0.1), f_B = sqrt(10). test_network_input.cpp uses these.
    CountMatrix m;
    m.samples = {"A", "B"};
    for (int i = 0; i < 10; ++i) {
        m.mirnas.push_back("m" + std::to_string(i));
        m.accessions.push_back("MIMAT" + std::to_string(i));
        m.counts.push_back({i == 9 ? 9100.0 : 100.0, 100.0});
    }
    const TmmFactors f = tmm_factors(m);
    CHECK(f.factor[0] == Approx(std::sqrt(0.1)).epsilon(1e-12));
    CHECK(f.factor[1] == Approx(std::sqrt(10.0)).epsilon(1e-12));
    CHECK(format_norm_factors(m, f).find("A\t10000.00\t0.316227766\t3162.28\t") != std::string::npos);
}
