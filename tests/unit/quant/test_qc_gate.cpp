// test_qc_gate.cpp: the QC gate's checks on hand-made metrics with known verdicts.
#include <catch2/catch.hpp>

#include "exomir/quant/qc_gate.hpp"

using namespace exomir;

namespace {

// A healthy library: 2M reads, adapter in 90%, 5% miRNA, 300 miRNAs at >= 10 reads.
QcMetrics healthy() {
    QcMetrics m;
    m.reads_in = 2000000;
    m.reads_kept = 1800000;
    m.unique_sequences = 200000;
    m.adapter_found = 1800000;
    m.adapter_dimers = 20000;
    m.adapter_trimmed = true;
    m.kit = "truseq";
    m.adapter = "TGGAATTCTCGGGTGCCAAGG";
    m.inserts = 1790000;
    m.inserts_mirna_length = 900000;
    m.inserts_short = 50000;
    m.mirna_reads = 90000;
    m.annotated_reads = 1500000;
    m.rrna_reads = 100000;
    m.mirnas_10_reads = 300;
    return m;
}

const QcCheck& check(const QcVerdict& v, const std::string& name) {
    for (const auto& c : v.checks)
        if (c.name == name) return c;
    FAIL("no check " << name);
    return v.checks.front();
}

}  // namespace

TEST_CASE("qc gate: a healthy library passes every check", "[qc_gate]") {
    const QcVerdict v = evaluate_qc(healthy());
    CHECK(v.level == "PASS");
    CHECK(v.reasons().empty());
    for (const auto& c : v.checks) CHECK(c.level == "PASS");
    CHECK_FALSE(kit_check_wanted(healthy()));
}

TEST_CASE("qc gate: 0.05% miRNA fails, 0.5% warns, the bounds are in one place", "[qc_gate]") {
    QcMetrics m = healthy();
    m.mirna_reads = 900;  // 0.05% of 1.8M kept reads
    QcVerdict v = evaluate_qc(m);
    CHECK(v.level == "FAIL");
    CHECK(check(v, "mirna_fraction").level == "FAIL");
    CHECK_THAT(v.reasons(), Catch::Contains("only 0.05% of kept reads are miRNA (900 reads; below 0.1%)"));
    m.mirna_reads = 9000;  // 0.5%
    CHECK(evaluate_qc(m).level == "WARN");
    QcThresholds t;
    t.warn_min_mirna_fraction = 0.004;
    CHECK(evaluate_qc(m, t).level == "PASS");
}

TEST_CASE("qc gate: an adapter-dimer library fails on dimers and on kept reads", "[qc_gate]") {
    QcMetrics m;
    m.reads_in = 5000;
    m.adapter_found = 5000;
    m.adapter_dimers = 5000;
    m.adapter_trimmed = true;
    m.kit = "truseq";
    const QcVerdict v = evaluate_qc(m);
    CHECK(v.level == "FAIL");
    CHECK(check(v, "adapter_dimer_fraction").level == "FAIL");
    CHECK(check(v, "kept_reads").level == "FAIL");
    CHECK_THAT(v.reasons(), Catch::Contains("100.0% of reads are adapter dimers (above 80%)"));
    CHECK(v.checks.size() == 5);  // no annotation check on zero kept reads
}

TEST_CASE("qc gate: a wrong kit fails and names the kit that fits", "[qc_gate]") {
    QcMetrics m = healthy();
    m.adapter_found = 60000;  // 3%
    m.mirna_reads = 100;
    m.kit = "nebnext";
    m.adapter = "AGATCGGAAGAGCACACGTCT";
    CHECK(kit_check_wanted(m));
    m.kit_check = {true, "truseq", 0.52, 0.001, 31770};
    const QcVerdict v = evaluate_qc(m);
    CHECK(v.level == "FAIL");
    CHECK(check(v, "adapter_found_fraction").level == "FAIL");
    CHECK_THAT(v.reasons(), Catch::Contains("adapter AGATCGGAAGAGCACACGTCT (nebnext) found in only 3.0% of reads: the "
                                            "reads fit kit truseq better (its adapter in 52.0% of 31770 sampled reads, "
                                            "nebnext's in 0.1%); rerun with --kit truseq"));
    // the same kit fitting best gives no hint; no adapter at all suggests trimmed reads
    m.kit_check.best_kit = "nebnext";
    CHECK_THAT(evaluate_qc(m).reasons(), !Catch::Contains("fit kit"));
    m.kit_check.best_kit = "none";
    CHECK_THAT(evaluate_qc(m).reasons(), Catch::Contains("--adapter none"));
}

TEST_CASE("qc gate: short inserts, miRNA length, rRNA, complexity, depth", "[qc_gate]") {
    QcMetrics m = healthy();
    m.inserts_short = 1000000;  // 56% of inserts at 1-15 nt
    CHECK(check(evaluate_qc(m), "short_insert_fraction").level == "FAIL");
    m = healthy();
    m.inserts_mirna_length = 300000;  // 17%
    CHECK(check(evaluate_qc(m), "mirna_length_fraction").level == "WARN");
    m = healthy();
    m.rrna_reads = 1000000;
    CHECK(check(evaluate_qc(m), "rrna_fraction").level == "WARN");
    m = healthy();
    m.unique_sequences = 1000;
    CHECK(check(evaluate_qc(m), "complexity").level == "WARN");
    m = healthy();
    m.annotated_reads = 50000;            // below exceRpt's 100,000 and below half of the kept reads
    const auto verdict = evaluate_qc(m);  // check() returns a reference into it: keep it alive
    const QcCheck& a = check(verdict, "annotated_reads");
    CHECK(a.level == "WARN");
    CHECK_THAT(a.reason, Catch::Contains("exceRpt asks for 100000") && Catch::Contains("2.8% of kept reads"));
    m = healthy();
    m.mirnas_10_reads = 12;
    CHECK(evaluate_qc(m).level == "WARN");
}

TEST_CASE("qc gate: json has the verdict, reasons FAIL first, every check and the thresholds", "[qc_gate]") {
    QcMetrics m = healthy();
    m.mirna_reads = 900;
    m.rrna_reads = 1000000;
    const nlohmann::json j = evaluate_qc(m).to_json(QcThresholds{});
    CHECK(j["verdict"] == "FAIL");
    REQUIRE(j["reasons"].size() == 2);
    CHECK_THAT(j["reasons"][0].get<std::string>(), Catch::Contains("miRNA"));
    CHECK_THAT(j["reasons"][1].get<std::string>(), Catch::Contains("rRNA"));
    CHECK(j["checks"].size() == evaluate_qc(m).checks.size());
    CHECK(j["thresholds"]["warn_min_annotated_reads"] == 100000);
}
