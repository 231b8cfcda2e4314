// test_contamination.cpp: medium (blank) contamination flags, medium share and blank subtraction on hand-made tables.
#include <catch2/catch.hpp>

#include "exomir/core/error.hpp"
#include "exomir/quant/contamination.hpp"

using namespace exomir;

namespace {

// Two samples and two blanks, 1,000 miRNA reads each. Blanks: m_med 600, m_y 400. Samples: m_med 60, m_y 100,
// m_msc 840. With a medium share of 0.1, the medium explains all of m_med (600,000 CPM x 0.1 = 60,000 CPM),
// 40% of m_y (40,000 of 100,000 CPM) and none of m_msc.
CountMatrix table() {
    CountMatrix m;
    m.samples = {"S1", "S2", "B1", "B2"};
    m.mirnas = {"m_med", "m_msc", "m_y"};
    m.accessions = {"A1", "A2", "A3"};
    m.counts = {{60, 60, 600, 600}, {840, 840, 0, 0}, {100, 100, 400, 400}};
    return m;
}
const std::vector<SampleType> k_types = {SampleType::sample, SampleType::sample, SampleType::blank, SampleType::blank};

nlohmann::json bovine_qc(double bov, double human) {
    return {{"bovine", {{"checked", true}, {"bovine_specific_mirna_reads", bov}, {"human_mirna_reads", human}}}};
}

}  // namespace

TEST_CASE("contamination: flags, medium fraction, prevalence test on a table with known answers", "[contamination]") {
    MediumScale scale;
    scale.share = {0.1, 0.1, 0, 0};
    const auto rows = contamination(table(), k_types, scale);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].mirna == "m_med");
    CHECK(rows[0].medium_fraction == Approx(1.0));
    CHECK(rows[0].flag == "likely_medium");
    CHECK(rows[0].mean_cpm_samples == Approx(60000));
    CHECK(rows[0].mean_cpm_blanks == Approx(600000));
    CHECK(rows[0].ratio == Approx(10));
    CHECK(rows[0].prevalence_blanks == 1.0);
    CHECK(rows[0].p_prevalence == Approx(1.0));
    // Medium-only test: medium in samples 0.1 x 2,000 = 200 reads vs 2,000 blank reads, p0 = 1/11. m_med: 120 of
    // 1,320 reads in samples (expected 120): consistent. m_msc: no blank reads, not tested. m_y: 200 of 1,000 (expected
    // 91): rejected.
    CHECK(rows[0].p_value > 0.4);
    CHECK(rows[2].p_value < 1e-6);
    CHECK(rows[1].flag == "sample");  // never in a blank
    CHECK(rows[1].medium_fraction == 0.0);
    CHECK(rows[1].prevalence_blanks == 0.0);
    CHECK(rows[2].medium_fraction == Approx(0.4));
    CHECK(rows[2].flag == "possible_medium");
    const std::string tsv = format_contamination_tsv(rows);
    CHECK(tsv.find("m_med\t60000.00\t600000.00\t10.0000\t1.0000\t1.0000\t1\t") != std::string::npos);
}

TEST_CASE("fisher_greater: hypergeometric upper tail", "[contamination]") {
    CHECK(fisher_greater(2, 0, 0, 4) == Approx(1.0 / 15));  // in both blanks, in none of 4 samples
    CHECK(fisher_greater(3, 0, 0, 3) == Approx(1.0 / 20));
    CHECK(fisher_greater(0, 2, 4, 0) == Approx(1.0));
    CHECK(fisher_greater(1, 1, 1, 1) == Approx(5.0 / 6));  // P(X >= 1), X ~ hypergeom(4, 2 present, 2 drawn)
    CHECK(binomial_greater(2, 2, 0.5) == Approx(0.25));
    CHECK(binomial_greater(1, 3, 0.5) == Approx(7.0 / 8));
    CHECK(binomial_greater(0, 3, 0.5) == 1.0);
    CHECK(binomial_greater(4, 3, 0.5) == 0.0);
}

TEST_CASE("estimate_medium_scale: calibrated by the blanks' bovine-specific fraction, else a profile fit",
          "[contamination]") {
    const CountMatrix m = table();
    const std::vector<nlohmann::json> qcs = {bovine_qc(1, 999), bovine_qc(2, 998), bovine_qc(10, 990),
                                             bovine_qc(10, 990)};
    const MediumScale b = estimate_medium_scale(m, k_types, qcs);
    CHECK(b.source == "bovine-specific reads");
    CHECK(b.blank_bovine_fraction == Approx(0.01));
    CHECK(b.share[0] == Approx(0.1));
    CHECK(b.share[1] == Approx(0.2));
    CHECK(b.share[2] == 0.0);
    // One blank without the bovine check: the blank profile fit (lower quartile of m_med 0.1, m_y 0.25).
    std::vector<nlohmann::json> partial = qcs;
    partial[3] = {{"bovine", {{"checked", false}}}};
    const MediumScale f = estimate_medium_scale(m, k_types, partial);
    CHECK(f.source == "blank profile fit");
    CHECK(f.share[0] == Approx(0.1));
    CHECK(format_medium_share_tsv(m, k_types, f) ==
          "sample\ttype\tmedium_share\tsource\nS1\tsample\t0.1000\tblank profile fit\nS2\tsample\t0.1000\tblank "
          "profile fit\nB1\tblank\tNA\tNA\nB2\tblank\tNA\tNA\n");
}

TEST_CASE("subtract_blanks: removes the medium part of each sample, keeps blanks", "[contamination]") {
    MediumScale scale;
    scale.share = {0.1, 0.05, 0, 0};
    const CountMatrix s = subtract_blanks(table(), k_types, scale);
    CHECK(s.counts[0] == std::vector<double>{0, 30, 600, 600});
    CHECK(s.counts[1] == std::vector<double>{840, 840, 0, 0});
    CHECK(s.counts[2] == std::vector<double>{60, 80, 400, 400});
}

TEST_CASE("contamination: bad designs are errors", "[contamination]") {
    MediumScale scale;
    scale.share = {0, 0, 0, 0};
    const std::vector<SampleType> no_blank(4, SampleType::sample);
    CHECK_THROWS_WITH(contamination(table(), no_blank, scale), Catch::Contains("no blank library"));
    const std::vector<SampleType> all_blank(4, SampleType::blank);
    CHECK_THROWS_WITH(contamination(table(), all_blank, scale), Catch::Contains("at least one must be a sample"));
    CHECK(parse_sample_type("") == SampleType::sample);
    CHECK(parse_sample_type("negative") == SampleType::negative);
    CHECK_THROWS_WITH(parse_sample_type("control"), Catch::Contains("use sample, blank or negative"));
}

TEST_CASE("blank_dispersion: Pearson X^2 per degree of freedom between blank replicates", "[contamination]") {
    // Two blanks of 1,000 reads each. m_a splits 30/10 (expected 20/20: X^2 = 10), m_c 965/989 (expected 977/977:
    // X^2 = 288/977), m_b has 6 < 10 reads and is left out; df = 2.
    CountMatrix m;
    m.samples = {"S1", "B1", "B2"};
    m.mirnas = {"m_a", "m_b", "m_c"};
    m.accessions = {"A1", "A2", "A3"};
    m.counts = {{10, 30, 10}, {0, 5, 1}, {990, 965, 989}};
    const std::vector<SampleType> types = {SampleType::sample, SampleType::blank, SampleType::blank};
    CHECK(blank_dispersion(m, types) == Approx((10 + 288.0 / 977) / 2));
    CHECK(blank_dispersion(m, types, 50) == 1.0);  // only m_c counts, and it splits closer than Poisson
    // One blank: no replicate, Poisson.
    CHECK(blank_dispersion(m, {SampleType::sample, SampleType::blank, SampleType::negative}) == 1.0);
    CHECK(estimate_medium_scale(table(), k_types, {}).dispersion == 1.0);  // the blanks of table() agree exactly
}

TEST_CASE("contamination: overdispersed blanks widen the medium-only test", "[contamination]") {
    // Samples and blanks of 1,000 reads, medium share 0.1: p0 = 200 / 2,200 = 1/11. m_z: 90 sample reads, the
    // medium explains 2 x 20 = 40 (0.444); 400 blank reads. Poisson: 90 of 490 in samples (expected 44.5), rejected
    // -> possible_medium. Dispersion 25: 4 of 20 (expected 1.8), not rejected -> likely_medium.
    CountMatrix m;
    m.samples = {"S1", "S2", "B1", "B2"};
    m.mirnas = {"m_fill", "m_z"};
    m.accessions = {"A1", "A2"};
    m.counts = {{955, 955, 800, 800}, {45, 45, 200, 200}};
    MediumScale scale;
    scale.share = {0.1, 0.1, 0, 0};
    const auto poisson = contamination(m, k_types, scale);
    CHECK(poisson[1].medium_fraction == Approx(40.0 / 90));
    CHECK(poisson[1].p_value == Approx(binomial_greater(90, 490, 1.0 / 11)));
    CHECK(poisson[1].p_value < 1e-6);
    CHECK(poisson[1].flag == "possible_medium");
    scale.dispersion = 25;
    const auto wide = contamination(m, k_types, scale);
    CHECK(wide[1].p_value == Approx(binomial_greater(4, 20, 1.0 / 11)));
    CHECK(wide[1].p_value > 0.05);
    CHECK(wide[1].flag == "likely_medium");
    CHECK(wide[1].medium_fraction == Approx(40.0 / 90));  // the dispersion does not change the estimate
}
