// test_rank.cpp: contributions add up to the module score, the lazy greedy against brute force, cocktails on
// curated pairs, and the bootstrap group comparison (calibration under H0, power, thread invariance).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <tbb/global_control.h>

#include "exomir/core/io.hpp"
#include "exomir/network/graph.hpp"
#include "exomir/network/score.hpp"
#include "exomir/rank/rank.hpp"
#include "exomir/reference/mirna_ref.hpp"

#include "fixtures.hpp"

using namespace exomir;

namespace {

const std::string k_data = std::string(EXOMIR_SOURCE_DIR) + "/tests/data/";

Network fixture_network(const std::string& sample = "") {
    NetworkInputs in;
    const auto counts = read_counts(k_data + "network_counts.tsv");
    CargoSelection sel;
    sel.sample = sample;
    in.abundance = compute_abundance(counts, select_samples(counts, nullptr, sel), 0);
    in.targets = read_targets(k_data + "network_targets.tsv");
    in.modules = read_modules(k_data + "network_modules.tsv");
    in.ppi = read_ppi(k_data + "network_ppi.tsv");
    return build_network(in);
}

// Random problem: n candidates over d drivers, sparse weights, optional penalties.
CocktailProblem random_problem(std::mt19937_64& rng, std::size_t n, std::size_t d, double lambda) {
    std::uniform_real_distribution<double> u(0, 1);
    CocktailProblem prob;
    prob.n_drivers = d;
    prob.lambda = lambda;
    for (std::size_t c = 0; c < n; ++c) {
        std::vector<std::pair<std::uint32_t, double>> cover;
        for (std::uint32_t g = 0; g < d; ++g)
            if (u(rng) < 0.35) cover.emplace_back(g, 0.05 + 0.9 * u(rng));
        prob.cover.push_back(cover);
        prob.penalty.push_back(u(rng) < 0.5 ? 0.0 : u(rng));
    }
    return prob;
}

// max F(S) over |S| <= k by enumeration.
double brute_force(const CocktailProblem& prob, std::size_t k) {
    const std::size_t n = prob.cover.size();
    double best = 0;  // the empty cocktail
    for (std::uint32_t mask = 1; mask < (1u << n); ++mask) {
        if (std::size_t(__builtin_popcount(mask)) > k) continue;
        std::vector<std::uint32_t> s;
        for (std::uint32_t c = 0; c < n; ++c)
            if (mask >> c & 1) s.push_back(c);
        best = std::max(best, cocktail_value(prob, s));
    }
    return best;
}

// Plain (non-lazy) greedy, for comparison with the lazy one.
std::vector<std::uint32_t> plain_greedy(const CocktailProblem& prob, std::size_t k) {
    std::vector<std::uint32_t> s;
    while (s.size() < k) {
        double best = 0;
        std::int64_t arg = -1;
        for (std::uint32_t c = 0; c < prob.cover.size(); ++c) {
            if (std::find(s.begin(), s.end(), c) != s.end()) continue;
            auto t = s;
            t.push_back(c);
            const double gain = cocktail_value(prob, t) - cocktail_value(prob, s);
            if (gain > best + 1e-12) best = gain, arg = c;
        }
        if (arg < 0) break;
        s.push_back(static_cast<std::uint32_t>(arg));
    }
    return s;
}

}  // namespace

TEST_CASE("rank: contributions of all miRNAs sum to the module's signed score", "[rank]") {
    for (const bool propagate : {false, true}) {
        const Network net = fixture_network();
        ScoreOptions opt;
        opt.permutations = 10;
        opt.propagate = propagate;
        const ScoreResult res = score_network(net, opt);
        const PayloadMatrix mat = make_payload_matrix(net, {});
        std::vector<std::size_t> all(net.modules.size());
        for (std::size_t p = 0; p < all.size(); ++p) all[p] = p;
        const auto contributions = module_contributions(mat, net, all, opt);
        REQUIRE(contributions.size() == net.modules.size());
        for (const auto& mc : contributions) {
            double sum = 0, split = 0;
            for (const auto& c : mc.rows) {
                sum += c.contribution, split += c.therapeutic - c.harmful;
                CHECK(c.therapeutic >= 0);
                CHECK(c.harmful >= 0);
            }
            INFO(net.modules[mc.module].name << " propagate=" << propagate);
            CHECK(sum == Approx(res.modules[mc.module].statistic).epsilon(1e-12).margin(1e-15));
            CHECK(split == Approx(sum).epsilon(1e-12).margin(1e-15));
            CHECK(mc.score == Approx(res.modules[mc.module].statistic).epsilon(1e-12).margin(1e-15));
            for (std::size_t i = 1; i < mc.rows.size(); ++i)
                CHECK(mc.rows[i - 1].contribution >= mc.rows[i].contribution);
        }
    }
}

TEST_CASE("rank: contributions file has a cumulative share ending at 1", "[rank]") {
    const Network net = fixture_network();
    const PayloadMatrix mat = make_payload_matrix(net, {});
    const auto modules = select_modules(net, {"inflammasome_"});
    const auto tsv = payload_contributions_tsv(mat, net, module_contributions(mat, net, modules, ScoreOptions{}));
    std::string last_of_module, line;
    std::istringstream in(tsv);
    std::getline(in, line);
    REQUIRE(line.rfind("module\tsource\tscore\trank\tmirna", 0) == 0);
    std::map<std::string, std::string> last_share;
    while (std::getline(in, line)) {
        const auto tab = line.rfind('\t');
        last_share[line.substr(0, line.find('\t'))] = line.substr(tab + 1);
    }
    REQUIRE(!last_share.empty());
    for (const auto& [module, share] : last_share) {
        INFO(module);
        CHECK(module.rfind("inflammasome_", 0) == 0);
        CHECK(share == "1.000000");
    }
}

TEST_CASE("rank: select_modules takes names and prefixes, rejects unknown ones", "[rank]") {
    const Network net = fixture_network();
    const auto infl = select_modules(net, {"inflammasome_"});
    REQUIRE(!infl.empty());
    for (auto p : infl) CHECK(net.modules[p].name.rfind("inflammasome_", 0) == 0);
    const auto all = select_modules(net, {});
    for (auto p : all) CHECK(net.modules[p].is_signed);
    CHECK_THROWS_WITH(select_modules(net, {"no_such_module"}), Catch::Contains("matches no module"));
}

TEST_CASE("rank: lazy greedy reaches (1 - 1/e) of the brute-force optimum", "[rank]") {
    std::mt19937_64 rng(20261121);
    int n_instances = 0, n_95 = 0;
    double worst = 1;
    for (int it = 0; it < 300; ++it) {
        const std::size_t n = 4 + rng() % 9, k = 1 + rng() % 4, d = 3 + rng() % 12;
        const CocktailProblem prob = random_problem(rng, n, d, 0.0);
        const auto steps = greedy_cocktail(prob, k);
        std::vector<std::uint32_t> chosen;
        for (const auto& s : steps) chosen.push_back(s.candidate);
        CHECK(chosen == plain_greedy(prob, k));
        const double greedy = steps.empty() ? 0 : steps.back().value;
        CHECK(greedy == Approx(cocktail_value(prob, chosen)).margin(1e-12));
        const double opt = brute_force(prob, k);
        if (opt <= 0) continue;
        ++n_instances;
        const double ratio = greedy / opt;
        worst = std::min(worst, ratio);
        CHECK(ratio >= 1 - 1 / M_E - 1e-12);
        n_95 += ratio >= 0.95;
    }
    INFO("instances " << n_instances << ", >= 95%: " << n_95 << ", worst ratio " << worst);
    CHECK(n_instances >= 250);
    CHECK(n_95 >= 0.9 * n_instances);
}

TEST_CASE("rank: with a harmful-load penalty the lazy greedy still equals the plain greedy", "[rank]") {
    std::mt19937_64 rng(7);
    for (int it = 0; it < 100; ++it) {
        const CocktailProblem prob = random_problem(rng, 4 + rng() % 9, 3 + rng() % 12, 0.5);
        const std::size_t k = 1 + rng() % 4;
        const auto steps = greedy_cocktail(prob, k);
        std::vector<std::uint32_t> chosen;
        for (const auto& s : steps) {
            chosen.push_back(s.candidate);
            CHECK(s.marginal_gain > 0);
        }
        CHECK(chosen == plain_greedy(prob, k));
        if (!steps.empty()) CHECK(steps.back().value <= brute_force(prob, k) + 1e-12);
    }
}

TEST_CASE("rank: a k=2 cocktail over NLRP3 + collagen from curated pairs picks miR-223-3p and miR-29a-3p", "[rank]") {
    NetworkInputs in;
    in.modules = read_modules(curated_reference_dir() + "/modules.tsv");
    // Real validated pairs of reference/interactions.tsv, weighted as `exomir targets` weighs strong validated
    // pairs (--weight-strong 0.40).
    LineReader lr(curated_reference_dir() + "/interactions.tsv");
    std::string line;
    lr.next(line);
    std::set<std::string> mirnas;
    while (lr.next(line)) {
        const auto f = split_tabs(line);
        in.targets.push_back({std::string(f[0]), std::string(f[1]), 0.4});
        mirnas.emplace(f[0]);
    }
    // The cargo: every curated miRNA at 0.5%, miR-223-3p and miR-29a-3p abundant.
    for (const auto& m : mirnas) {
        const double a = m == "hsa-miR-223-3p" ? 0.3 : m == "hsa-miR-29a-3p" ? 0.2 : 0.005;
        in.abundance.mirnas.push_back(m), in.abundance.fraction.push_back(a), in.abundance.cpm.push_back(1e6 * a);
    }
    const Network net = build_network(in);
    const PayloadMatrix mat = make_payload_matrix(net, {});
    RankOptions opt;
    opt.k = 2;
    opt.lambda = GENERATE(0.0, 1.0);
    const auto modules = select_modules(net, {"inflammasome_nlrp3_assembly", "fibrosis_ecm_collagen"});
    REQUIRE(modules.size() == 2);
    const PayloadCocktail pc = make_payload_cocktail(mat, net, modules, opt);
    const auto steps = greedy_cocktail(pc.problem, opt.k);
    REQUIRE(steps.size() == 2);
    std::set<std::string> picked;
    for (const auto& s : steps) picked.insert(mat.mirnas[pc.candidates[s.candidate]]);
    const std::string tsv = payload_cocktails_tsv(mat, pc, steps, opt.k, {});
    INFO(tsv);
    // Either the two, or a substitute whose driver coverage is strictly larger, as the output's drivers_hit shows:
    // a displaced miRNA's drivers are a strict subset of the substitute's, and its coverage alone is smaller.
    auto drivers_of = [&](std::uint32_t c) {
        std::set<std::uint32_t> d;
        for (const auto& [g, w] : pc.problem.cover[c]) d.insert(g);
        return d;
    };
    auto index_of = [&](const std::string& name) {
        const auto it =
            std::find_if(pc.candidates.begin(), pc.candidates.end(), [&](auto m) { return mat.mirnas[m] == name; });
        REQUIRE(it != pc.candidates.end());
        return static_cast<std::uint32_t>(it - pc.candidates.begin());
    };
    std::size_t n_wanted = 0;
    for (const char* want : {"hsa-miR-223-3p", "hsa-miR-29a-3p"}) {
        if (picked.count(want)) {
            ++n_wanted;
            continue;
        }
        // The displaced miRNA's drivers and its marginal coverage at each step; some pick hits more drivers and
        // covers strictly more at the step it was chosen.
        CocktailProblem coverage_only = pc.problem;
        coverage_only.lambda = 0;
        const auto x = index_of(want);
        std::vector<std::uint32_t> prefix;
        bool displaced = false;
        for (const auto& s : steps) {
            auto with = prefix;
            with.push_back(x);
            const double cov_x = cocktail_value(coverage_only, with) - cocktail_value(coverage_only, prefix);
            const double cov_y = s.coverage - cocktail_value(coverage_only, prefix);
            displaced |= drivers_of(s.candidate).size() > drivers_of(x).size() && cov_y > cov_x;
            prefix.push_back(s.candidate);
        }
        INFO(want << " was displaced");
        CHECK(displaced);
    }
    CHECK(n_wanted >= 1);
    CHECK(picked.count("hsa-miR-29a-3p") == 1);
    CHECK(tsv.find("COL1A1;COL1A2;COL3A1") != std::string::npos);
}

TEST_CASE("rank: extra targets add miRNAs the cargo lacks, not '/'-parts of cargo names", "[rank]") {
    const Network net = fixture_network();
    const std::vector<TargetEdge> extra{{"hsa-miR-223-3p", "NLRP3", 0.9},
                                        {"hsa-miR-999-5p", "NLRP3", 0.4},
                                        {"hsa-miR-999-5p", "NEWGENE", 0.2},
                                        {"hsa-miR-998-3p", "COL1A1", 0.0}};
    const PayloadMatrix mat = make_payload_matrix(net, extra);
    REQUIRE(mat.mirnas.size() == net.mirnas.size() + 1);
    CHECK(mat.mirnas.back() == "hsa-miR-999-5p");
    CHECK(mat.abundance.back() == 0);
    CHECK(mat.offsets.back() - mat.offsets[mat.offsets.size() - 2] == 2);
    CHECK(mat.genes.back() == "NEWGENE");
    RankOptions opt;
    opt.pool = Pool::all;
    const auto pc = make_payload_cocktail(mat, net, select_modules(net, {}), opt);
    CHECK(std::any_of(pc.candidates.begin(), pc.candidates.end(), [&](auto m) { return m == mat.mirnas.size() - 1; }));
    opt.pool = Pool::present;
    const auto present = make_payload_cocktail(mat, net, select_modules(net, {}), opt);
    for (auto m : present.candidates) CHECK(m < mat.n_cargo);
}

namespace {

SampleGroups two_groups(std::size_t n_a, std::size_t n_b) {
    SampleGroups g{{"A", "B"}, {{}, {}}};
    for (std::size_t s = 0; s < n_a + n_b; ++s) g.samples[s < n_a ? 0 : 1].push_back(s);
    return g;
}

}  // namespace

TEST_CASE("rank: bootstrap on two groups from one distribution: p < 0.05 for <= 5% of modules", "[rank]") {
    std::mt19937_64 rng(99);
    std::lognormal_distribution<double> dist(-3, 0.5);
    const std::size_t n_modules = 1000, n_a = 8, n_b = 10;
    std::vector<std::vector<double>> scores(n_a + n_b, std::vector<double>(n_modules));
    for (auto& row : scores)
        for (auto& x : row) x = dist(rng);
    RankOptions opt;
    opt.bootstrap = 1000;
    const auto rows = compare_groups(scores, two_groups(n_a, n_b), opt);
    REQUIRE(rows.size() == n_modules);
    std::size_t n_sig = 0;
    for (const auto& r : rows) {
        n_sig += r.p < 0.05;
        CHECK(r.ci_low <= r.ci_high);
        CHECK(r.p > 0);
        CHECK(r.p <= 1);
    }
    INFO("significant: " << n_sig << " of " << n_modules);
    CHECK(n_sig <= n_modules / 20);
}

TEST_CASE("rank: bootstrap finds a real group difference and ranks the groups", "[rank]") {
    std::mt19937_64 rng(5);
    std::normal_distribution<double> noise(0, 0.01);
    std::vector<std::vector<double>> scores(12, std::vector<double>(2));
    for (std::size_t s = 0; s < 12; ++s) {
        scores[s][0] = (s < 6 ? 0.10 : 0.05) + noise(rng);  // module 0: A better than B
        scores[s][1] = 0.02 + noise(rng);                   // module 1: no difference
    }
    RankOptions opt;
    opt.bootstrap = 2000;
    const auto rows = compare_groups(scores, two_groups(6, 6), opt);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].p < 0.01);
    CHECK(rows[0].ci_low > 0);
    CHECK(rows[0].rank_a == 1);
    CHECK(rows[0].rank_b == 2);
    CHECK(rows[0].difference == Approx(0.05).margin(0.02));
    CHECK(rows[1].ci_low <= rows[1].difference);
    CHECK(rows[1].ci_high >= rows[1].difference);
    CHECK(rows[1].p > rows[0].p);
}

TEST_CASE("rank: the group comparison is identical for 1 and 4 threads", "[rank]") {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<std::vector<double>> scores(15, std::vector<double>(7));
    for (auto& row : scores)
        for (auto& x : row) x = u(rng);
    SampleGroups g{{"a", "b", "c"}, {{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}, {10, 11, 12, 13, 14}}};
    RankOptions opt;
    opt.bootstrap = 500;
    std::string text[2];
    for (int i = 0; i < 2; ++i) {
        tbb::global_control gc(tbb::global_control::max_allowed_parallelism, i == 0 ? 1 : 4);
        text[i] = group_comparison_tsv(compare_groups(scores, g, opt), g, {"m0", "m1", "m2", "m3", "m4", "m5", "m6"},
                                       std::vector<std::string>(7, "curated"));
    }
    CHECK(text[0] == text[1]);
    CHECK(std::count(text[0].begin(), text[0].end(), '\n') == 1 + 7 * 3);
}

TEST_CASE("rank: sample scores are the cargo scores of single samples", "[rank]") {
    const Network net = fixture_network("S1");
    const PayloadMatrix mat = make_payload_matrix(net, {});
    ScoreOptions opt;
    opt.permutations = 10;
    const ScoreResult res = score_network(net, opt);
    std::vector<std::vector<double>> vectors;
    for (std::size_t p = 0; p < net.modules.size(); ++p) vectors.push_back(payload_module_vector(mat, net, p, opt));
    const auto counts = read_counts(k_data + "network_counts.tsv");
    const auto scores = sample_module_scores(mat, counts, vectors);
    REQUIRE(scores.size() == counts.samples.size());
    for (std::size_t p = 0; p < net.modules.size(); ++p) CHECK(scores[0][p] == Approx(res.modules[p].statistic));
    const SampleSheetTable sheet = load_samplesheet(k_data + "network_samples.tsv", SheetNeeds::without_reads());
    const auto groups = group_samples(counts, sheet, "source");
    CHECK(groups.names == std::vector<std::string>{"bone_marrow", "umbilical_cord"});
    CHECK_THROWS_WITH(group_samples(counts, sheet, "nope"), Catch::Contains("no column 'nope'"));
    // with TMM factors (network --normalization tmm), a sample's scores are divided by its factor: its reads over
    // the effective library size lib_size * factor instead of lib_size
    std::string nf = "sample\tlib_size\tnorm_factor\n";
    const std::vector<double> factor = {0.5, 2, 1, 0.8};
    REQUIRE(counts.samples.size() == factor.size());
    for (std::size_t j = 0; j < counts.samples.size(); ++j) {
        double lib = 0;
        for (std::size_t i = 0; i < counts.mirnas.size(); ++i) lib += counts.at(i, j);
        nf += fmt::format("{}\t{:.2f}\t{}\n", counts.samples[j], lib, factor[j]);
    }
    const NormFactors tmm = read_norm_factors(test::write_temp("rank_nf.tsv", nf));
    const auto tmm_scores = sample_module_scores(mat, counts, vectors, &tmm);
    for (std::size_t s = 0; s < factor.size(); ++s)
        for (std::size_t p = 0; p < net.modules.size(); ++p)
            CHECK(tmm_scores[s][p] == Approx(scores[s][p] / factor[s]));
}

TEST_CASE("rank: payload_mirnas shows a miRNA's therapeutic and harmful load side by side", "[rank]") {
    const Network net = fixture_network();
    const PayloadMatrix mat = make_payload_matrix(net, {});
    const auto modules = select_modules(net, {});
    const auto contributions = module_contributions(mat, net, modules, ScoreOptions{});
    const MirnaFlags flags = {{"hsa-miR-223-3p", "likely_medium"}, {"hsa-miR-21-5p", "sample"}};
    const std::string tsv = payload_mirnas_tsv(mat, net, role_genes(net, modules), contributions, flags);
    std::istringstream in(tsv);
    std::string line;
    std::getline(in, line);
    CHECK(line ==
          "rank\tmirna\tabundance\tdriver_load\tprotective_load\tnet_load\tn_drivers\tn_protective"
          "\tdriver_genes\tprotective_genes\tmodules_helped\tmodules_harmed\tcontamination");
    std::map<std::string, std::vector<std::string>> rows;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        for (auto x : split_tabs(line)) f.emplace_back(x);
        REQUIRE(f.size() == 13);
        rows[f[1]] = f;
    }
    // miR-223-3p represses NLRP3 (driver) and TNFAIP3 (protective) in the fixture: both loads, both modules.
    REQUIRE(rows.count("hsa-miR-223-3p"));
    const auto& r = rows["hsa-miR-223-3p"];
    CHECK(r[8].find("NLRP3") != std::string::npos);
    CHECK(r[9] == "TNFAIP3");
    CHECK(std::stod(r[3]) > 0);
    CHECK(std::stod(r[4]) > 0);
    CHECK(r[11] != "NA");
    // miR-21-5p hits only protective genes: a negative net load, ranked last.
    REQUIRE(rows.count("hsa-miR-21-5p"));
    CHECK(std::stod(rows["hsa-miR-21-5p"][5]) < 0);
    CHECK(rows["hsa-miR-21-5p"][0] == std::to_string(rows.size()));
    // the contamination column: the flag of merge's contamination.tsv, NA for a miRNA it does not list
    CHECK(r[12] == "likely_medium");
    CHECK(rows["hsa-miR-21-5p"][12] == "sample");
    for (const auto& [name, row] : rows)
        if (!flags.count(name)) CHECK(row[12] == "NA");
}

TEST_CASE("rank: a miRNA flagged as medium-derived is no cocktail candidate, and the table shows each flag",
          "[rank][contamination]") {
    const Network net = fixture_network();
    const PayloadMatrix mat = make_payload_matrix(net, {});
    const auto modules = select_modules(net, {});
    RankOptions opt;
    opt.k = 3;
    const PayloadCocktail all = make_payload_cocktail(mat, net, modules, opt);
    const auto steps = greedy_cocktail(all.problem, opt.k);
    REQUIRE_FALSE(steps.empty());
    const std::string first = mat.mirnas[all.candidates[steps[0].candidate]];
    opt.exclude_mirnas = {first};
    const PayloadCocktail without = make_payload_cocktail(mat, net, modules, opt);
    CHECK(without.candidates.size() + 1 == all.candidates.size());
    for (auto m : without.candidates) CHECK(mat.mirnas[m] != first);
    const auto steps2 = greedy_cocktail(without.problem, opt.k);
    REQUIRE_FALSE(steps2.empty());
    const std::string tsv = payload_cocktails_tsv(mat, all, steps, opt.k, {{first, "likely_medium"}});
    std::istringstream in(tsv);
    std::string header, row;
    std::getline(in, header), std::getline(in, row);
    CHECK(header.ends_with("\tdrivers_hit\tcontamination"));
    CHECK(row.ends_with("\tlikely_medium"));
    std::getline(in, row);
    CHECK(row.ends_with("\tNA"));
}
