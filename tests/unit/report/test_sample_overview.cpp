// test_sample_overview.cpp: the report's sample-overview maths (Jacobi eigen, plotMDS distances, classical MDS,
// Pearson, average linkage) against hand-checked answers, and the overview / class / fragment sections.
#include <catch2/catch.hpp>

#include <cmath>

#include "exomir/report/report.hpp"
#include "exomir/report/sample_overview.hpp"

using namespace exomir;

TEST_CASE("symmetric_eigen: the 3x3 second-difference matrix", "[report]") {
    // eigenvalues 2 + sqrt2, 2, 2 - sqrt2 with eigenvectors (1, -sqrt2, 1)/2, (1, 0, -1)/sqrt2, (1, sqrt2, 1)/2
    const SymmetricEigen e = symmetric_eigen({{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}});
    const double r2 = std::sqrt(2.0);
    REQUIRE(e.values.size() == 3);
    CHECK(e.values[0] == Approx(2 + r2));
    CHECK(e.values[1] == Approx(2));
    CHECK(e.values[2] == Approx(2 - r2));
    // signs: the largest component positive (the first of equal ones)
    CHECK(e.vectors[0][0] == Approx(-0.5));
    CHECK(e.vectors[0][1] == Approx(r2 / 2));
    CHECK(e.vectors[0][2] == Approx(-0.5));
    CHECK(e.vectors[1][0] == Approx(1 / r2));
    CHECK(e.vectors[1][1] == Approx(0).margin(1e-12));
    CHECK(e.vectors[1][2] == Approx(-1 / r2));
    CHECK(e.vectors[2][1] == Approx(r2 / 2));
}

TEST_CASE("leading_logfc_distances: root mean square of the top squared differences", "[report]") {
    const Matrix x = {{0, 0, 0, 0}, {1, 2, 3, 4}, {0, 0, 0, 2}};
    const Matrix top2 = leading_logfc_distances(x, 2);
    CHECK(top2[0][1] == Approx(std::sqrt((16.0 + 9.0) / 2)));
    CHECK(top2[1][0] == top2[0][1]);
    CHECK(top2[0][2] == Approx(std::sqrt(4.0 / 2)));
    CHECK(top2[0][0] == 0);
    const Matrix all = leading_logfc_distances(x, 500);  // fewer features than top: all of them
    CHECK(all[0][1] == Approx(std::sqrt(30.0 / 4)));
    CHECK(all[1][2] == Approx(std::sqrt((1.0 + 4 + 9 + 4) / 4)));
}

TEST_CASE("classical_mds: points on a line come back on dimension 1", "[report]") {
    const std::vector<double> pos = {0, 1, 3, 6};  // mean 2.5
    Matrix d(4, std::vector<double>(4));
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 4; ++j) d[i][j] = std::abs(pos[i] - pos[j]);
    const MdsResult m = classical_mds(d);
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(m.points[i][0] == Approx(pos[i] - 2.5));  // sign: largest component (3.5) positive
        CHECK(m.points[i][1] == Approx(0).margin(1e-6));
    }
    CHECK(m.explained[0] == Approx(1));
    CHECK(m.explained[1] == Approx(0).margin(1e-9));
}

TEST_CASE("classical_mds of plotMDS distances separates two obvious groups", "[report]") {
    Matrix x;
    for (int s = 0; s < 6; ++s) {
        std::vector<double> row;
        for (int g = 0; g < 50; ++g) row.push_back(5 + 0.01 * ((s * 7 + g * 3) % 5) + (s < 3 && g < 10 ? 4 : 0));
        x.push_back(row);
    }
    const MdsResult m = classical_mds(leading_logfc_distances(x, 500));
    for (std::size_t s = 1; s < 6; ++s) {
        const bool same_side = (m.points[s][0] > 0) == (m.points[0][0] > 0);
        CHECK(same_side == (s < 3));
    }
    CHECK(m.explained[0] > 0.95);
    const Matrix r = pearson_matrix(x);
    Matrix dist = r;
    for (auto& row : dist)
        for (double& v : row) v = 1 - v;
    const auto order = average_linkage_order(dist);
    REQUIRE(order.size() == 6);
    // the first three in the order are one group
    CHECK(((order[0] < 3) == (order[1] < 3)));
    CHECK(((order[0] < 3) == (order[2] < 3)));
    CHECK(((order[0] < 3) != (order[3] < 3)));
}

TEST_CASE("pearson_matrix: perfect, inverse and constant rows", "[report]") {
    const Matrix r = pearson_matrix({{1, 2, 3}, {2, 4, 6}, {3, 2, 1}, {5, 5, 5}});
    CHECK(r[0][1] == Approx(1));
    CHECK(r[0][2] == Approx(-1));
    CHECK(r[2][1] == Approx(-1));
    CHECK(r[0][3] == 0);
    CHECK(r[3][3] == 1);
}

TEST_CASE("average_linkage_order: hand-checked merges", "[report]") {
    // 3x3: 0 and 2 are closest (1); then 1 joins at (5 + 4) / 2
    CHECK(average_linkage_order({{0, 5, 1}, {5, 0, 4}, {1, 4, 0}}) == std::vector<std::size_t>{0, 2, 1});
    CHECK(average_linkage_order({{0, 1, 4}, {1, 0, 2}, {4, 2, 0}}) == std::vector<std::size_t>{0, 1, 2});
    // two clusters on a line: {0, 0.1, 0.3} and {10, 10.2}; (0,2) at 0.1, (1,3) at 0.2, then 4 joins {0,2} at 0.25
    const std::vector<double> pos = {0, 10, 0.1, 10.2, 0.3};
    Matrix d(5, std::vector<double>(5));
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = 0; j < 5; ++j) d[i][j] = std::abs(pos[i] - pos[j]);
    CHECK(average_linkage_order(d) == std::vector<std::size_t>{0, 2, 4, 1, 3});
    CHECK(average_linkage_order({}).empty());
    CHECK(average_linkage_order({{0}}) == std::vector<std::size_t>{0});
}

namespace {

ReportData overview_data(std::size_t n) {
    ReportData d;
    std::vector<std::string> cols = {"mirna", "accession"};
    for (std::size_t i = 0; i < n; ++i) {
        SampleFates s;
        s.sample = "S" + std::to_string(i);
        s.condition_values["source"] = i % 2 ? "<bm>" : "ad";
        s.qc_verdict = i == 0 ? "FAIL" : "PASS";
        s.class_reads = {{"miRNA", 50.0 + i}, {"tRNA", 30}, {"Y_RNA", 10}, {"unmapped", 10}};
        s.fragments = {{"tRNA", "tRNA-Gly-GCC", "5'-half", 20},
                       {"tRNA", "tRNA-Glu-CTC", "i-tRF", 10},
                       {"Y_RNA", "RNY4", "5'", 10}};
        d.samples.push_back(s);
        cols.push_back(s.sample);
    }
    d.cpm.header = TsvHeader(cols, "cpm.tsv");
    for (int g = 0; g < 20; ++g) {
        std::vector<std::string> row = {"hsa-miR-" + std::to_string(g), "MIMAT" + std::to_string(g)};
        for (std::size_t i = 0; i < n; ++i) row.push_back(std::to_string(100 * g + (i % 2 ? 50 * (g % 3) : 0)));
        d.cpm.rows.push_back(row);
    }
    return d;
}

}  // namespace

TEST_CASE("sample_overview_section: MDS panels per condition and QC, clustered heatmap; a note below 3", "[report]") {
    const std::string html = sample_overview_section(overview_data(4));
    CHECK(html.find("id=\"overview\"") != std::string::npos);
    CHECK(html.find("CPM (counts/cpm.tsv)") != std::string::npos);
    CHECK(html.find("<b>source</b>") != std::string::npos);
    CHECK(html.find("<b>QC verdict</b>") != std::string::npos);
    CHECK(html.find("&lt;bm&gt;") != std::string::npos);
    CHECK(html.find("<bm>") == std::string::npos);
    CHECK(html.find("Pearson r") != std::string::npos);
    CHECK(html.find("S0 × S2: r = 1.000") != std::string::npos);
    const std::string two = sample_overview_section(overview_data(2));
    CHECK(two.find("need at least 3") != std::string::npos);
    CHECK(two.find("<svg") == std::string::npos);
}

TEST_CASE("rna_classes_section and fragments_section", "[report]") {
    const ReportData d = overview_data(3);
    const std::string classes = rna_classes_section(d);
    CHECK(classes.find("S0 · tRNA: 30.0%") != std::string::npos);
    CHECK(classes.find("<td class=\"l\">Y_RNA</td><td>9.90</td><td>9.80</td><td>10.00</td>") != std::string::npos);
    const std::string frags = fragments_section(d);
    CHECK(
        frags.find(
            "<td class=\"l\">tRNA-Gly-GCC</td><td class=\"l\">5&#39;-half</td><td>60</td><td>66.7</td><td>3/3</td>") !=
        std::string::npos);
    CHECK(frags.find("RNY4") != std::string::npos);
}
