// test_score.cpp: module statistics, exact null moments, the permutation null, calibration, threads, propagation.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>

#include <fmt/format.h>
#include <tbb/global_control.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/network/geneset_null.hpp"
#include "exomir/network/graph.hpp"
#include "exomir/network/score.hpp"
#include "exomir/reference/mirna_ref.hpp"
#include "shared_data.hpp"

#include "network_fixture.hpp"

using namespace exomir;

namespace {
const std::string k_data = EXOMIR_SOURCE_DIR "/tests/data/";

// A random network's inputs: n_mirnas miRNAs with skewed target counts, n_modules signed modules of 15 genes.
NetworkInputs random_inputs(std::uint64_t seed, std::size_t n_mirnas, std::size_t n_modules) {
    std::mt19937_64 rng(seed);
    NetworkInputs in;
    std::lognormal_distribution<double> abundance(0, 2);
    double total = 0;
    for (std::size_t m = 0; m < n_mirnas; ++m) {
        in.abundance.mirnas.push_back(fmt_fixed(double(m), 0) + "_mir");
        in.abundance.fraction.push_back(abundance(rng));
        total += in.abundance.fraction.back();
    }
    std::sort(in.abundance.mirnas.begin(), in.abundance.mirnas.end());
    for (auto& a : in.abundance.fraction) a /= total, in.abundance.cpm.push_back(a * 1e6);
    std::uniform_int_distribution<int> gene(0, 999);
    std::uniform_real_distribution<double> weight(0.05, 0.9);
    for (std::size_t m = 0; m < n_mirnas; ++m) {
        std::map<int, double> genes;
        const int n_targets = m % 7 == 0 ? 0 : int(std::exp(std::uniform_real_distribution<double>(0, 5)(rng)));
        while (int(genes.size()) < n_targets) genes[gene(rng)] = weight(rng);
        for (auto [g, w] : genes) in.targets.push_back({in.abundance.mirnas[m], fmt::format("G{}", g), w});
    }
    for (std::size_t p = 0; p < n_modules; ++p)
        for (int i = 0; i < 15; ++i)
            if (int g = gene(rng); std::none_of(in.modules.begin(), in.modules.end(), [&](const ModuleGene& x) {
                    return x.module == fmt::format("P{}", p) && x.gene == fmt::format("G{}", g);
                }))
                in.modules.push_back({fmt::format("P{}", p), fmt::format("G{}", g),
                                      i % 4 == 3 ? Role::protective : Role::driver, "any"});
    return in;
}

Network random_network(std::uint64_t seed, std::size_t n_mirnas, std::size_t n_modules) {
    return build_network(random_inputs(seed, n_mirnas, n_modules));
}
}  // namespace

TEST_CASE("bh_fdr matches Benjamini-Hochberg by hand and skips NaN") {
    const auto q = bh_fdr({0.01, 0.04, 0.03, 0.5, std::nan("")});
    REQUIRE(q[0] == Approx(0.04));
    REQUIRE(q[1] == Approx(0.04 * 4 / 3));
    REQUIRE(q[2] == Approx(0.04 * 4 / 3));
    REQUIRE(q[3] == Approx(0.5));
    REQUIRE(std::isnan(q[4]));
}

TEST_CASE("target_strata: untargeted miRNAs apart, quantile strata of at least 5") {
    std::vector<std::uint32_t> n_targets{0};
    for (std::uint32_t i = 20; i >= 1; --i) n_targets.push_back(i);
    const auto s = target_strata(n_targets, 10);
    REQUIRE(s[0] == 0);
    REQUIRE(s[20] == 1);  // 1 target: lowest stratum
    REQUIRE(s[1] == 4);   // 20 targets: 20 miRNAs / 5 = 4 strata
    for (int k = 1; k <= 4; ++k) REQUIRE(std::count(s.begin(), s.end(), k) == 5);
    REQUIRE(target_strata({3, 3, 3}, 10) == std::vector<int>{1, 1, 1});
}

TEST_CASE("target_weight_strata: strata of summed pair weight, not of target count") {
    // miRNA 0 has no targets; 1-10 reach 40 genes through weak pairs (0.05 each: W = 2.0), 11-20 reach 10 genes
    // through strong pairs (0.40 each: W = 4.0). By count 1-10 are the upper stratum, by weight 11-20 are.
    std::vector<std::uint32_t> n_targets{0};
    std::vector<double> weight{0};
    for (int i = 1; i <= 20; ++i) n_targets.push_back(i <= 10 ? 40 : 10), weight.push_back(i <= 10 ? 2.0 : 4.0);
    const auto by_count = target_strata(n_targets, 2);
    const auto by_weight = target_weight_strata(weight, 2);
    REQUIRE(by_count[0] == 0);
    REQUIRE(by_weight[0] == 0);
    for (int i = 1; i <= 20; ++i) {
        REQUIRE(by_count[i] == (i <= 10 ? 2 : 1));
        REQUIRE(by_weight[i] == (i <= 10 ? 1 : 2));
    }
    std::vector<double> w20{0};
    for (int i = 20; i >= 1; --i) w20.push_back(0.1 * i);
    const auto s = target_weight_strata(w20, 10);
    REQUIRE(s[0] == 0);
    REQUIRE(s[20] == 1);  // W 0.1: lowest stratum
    REQUIRE(s[1] == 4);   // W 2.0: highest of 20 / 5 = 4 strata
    for (int k = 1; k <= 4; ++k) REQUIRE(std::count(s.begin(), s.end(), k) == 5);
}

TEST_CASE("strata by weight: the cargo null's strata follow summed target weight") {
    const Network net = test::network_fixture();
    ScoreOptions opt;
    opt.permutations = 100;
    opt.strata = 2;
    opt.strata_by_weight = true;
    const auto res = score_network(net, opt);
    std::vector<double> w(net.mirnas.size(), 0.0);
    for (std::size_t m = 0; m < net.mirnas.size(); ++m)
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e) w[m] += net.target_weights[e];
    REQUIRE(res.stratum == target_weight_strata(w, 2));
    opt.strata_by_weight = false;
    REQUIRE(score_network(net, opt).stratum == target_strata(res.n_targets, 2));
}

TEST_CASE("module statistics are the linear scores S_P = sum r_g L_g / sum |r_g| and the mean load") {
    const Network net = test::network_fixture();
    ScoreOptions opt;
    opt.permutations = 100;
    const auto res = score_network(net, opt);
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        const auto& mod = net.modules[p];
        double signed_sum = 0, norm = 0, load = 0;
        for (std::size_t i = 0; i < mod.genes.size(); ++i)
            signed_sum += mod.roles[i] * res.gene_load[mod.genes[i]], norm += std::abs(mod.roles[i]),
                load += res.gene_load[mod.genes[i]];
        REQUIRE(res.modules[p].load == Approx(load / double(mod.genes.size())));
        if (mod.is_signed)
            REQUIRE(res.modules[p].signed_score == Approx(signed_sum / norm));
        else
            REQUIRE(std::isnan(res.modules[p].signed_score));
        const auto v = module_mirna_vector(net, module_gene_vector(net, p, opt));
        REQUIRE(std::inner_product(v.begin(), v.end(), net.abundance.begin(), 0.0) ==
                Approx(res.modules[p].statistic).margin(1e-15));
    }
    // miR-223-3p represses NLRP3 (driver) and TNFAIP3 (protective): the top contributor of the NLRP3 module.
    REQUIRE(net.mirnas[res.modules[4].top_mirnas.at(0)] == "hsa-miR-223-3p");
}

TEST_CASE("hypergeometric test: top-N targets vs module, checked by hand") {
    NetworkInputs in;
    in.abundance = {{"a", "b"}, {0.9, 0.1}, {9e5, 1e5}, {}, {}, {}};
    for (int g = 1; g <= 20; ++g) in.targets.push_back({g <= 4 ? "a" : "b", fmt::format("G{}", 100 + g), 0.5});
    in.gene_sets = {{"S", "gmt:x", {"G101", "G102", "G105", "G106", "G107", "OTHER"}}};
    ScoreOptions opt;
    opt.permutations = 10;
    const auto res = score_network(build_network(in), opt);
    REQUIRE(res.n_universe == 20);
    REQUIRE(res.n_top_targets == 4);
    // P[X >= 2], X ~ Hypergeometric(N = 20, K = 5, n = 4) = 1205 / 4845.
    REQUIRE(res.modules[0].hypergeom_p == Approx(1205.0 / 4845.0));
}

TEST_CASE("null: exact moments and empirical p agree with full enumeration of the stratified permutations") {
    // 10 targeted miRNAs (2 strata of 5) + 1 untargeted: 120 * 120 permutations, enumerated here.
    NetworkInputs in;
    std::vector<double> a{0.30, 0.02, 0.11, 0.05, 0.07, 0.20, 0.01, 0.04, 0.09, 0.06, 0.05};
    for (std::size_t m = 0; m < a.size(); ++m)
        in.abundance.mirnas.push_back(fmt::format("m{}", 10 + m)), in.abundance.fraction.push_back(a[m]),
            in.abundance.cpm.push_back(a[m] * 1e6);
    for (std::size_t m = 0; m < 10; ++m)
        for (std::size_t g = 0; g <= m; ++g)  // miRNA m targets m+1 genes: strata {m10..m14}, {m15..m19}
            in.targets.push_back(
                {in.abundance.mirnas[m], fmt::format("G{}", (g * 7 + m) % 12), 0.1 + 0.05 * double(g)});
    for (int g = 0; g < 6; ++g)
        in.modules.push_back({"P", fmt::format("G{}", g), g == 5 ? Role::protective : Role::driver, "any"});
    const Network net = build_network(in);
    ScoreOptions opt;
    opt.permutations = 20000;
    opt.strata = 2;
    const auto res = score_network(net, opt);
    const auto v = module_mirna_vector(net, module_gene_vector(net, 0, opt));
    std::vector<std::size_t> s1{0, 1, 2, 3, 4}, s2{5, 6, 7, 8, 9};
    double sum = 0, sum_sq = 0, n_ge = 0, n = 0;
    do {
        do {
            double x = a[10] * v[10];
            for (std::size_t i = 0; i < 5; ++i) x += a[s1[i]] * v[i] + a[s2[i]] * v[5 + i];
            sum += x, sum_sq += x * x, n_ge += x >= res.modules[0].statistic - 1e-12, ++n;
        } while (std::next_permutation(s2.begin(), s2.end()));
    } while (std::next_permutation(s1.begin(), s1.end()));
    const double mean = sum / n;
    REQUIRE(res.modules[0].null_mean == Approx(mean).epsilon(1e-10));
    REQUIRE(res.modules[0].null_sd == Approx(std::sqrt(sum_sq / n - mean * mean)).epsilon(1e-6));
    const double p_exact = n_ge / n;
    const double n_perm = double(res.modules[0].n_permutations);
    REQUIRE(res.modules[0].p_cargo == Approx(p_exact).margin(4 * std::sqrt(p_exact * (1 - p_exact) / n_perm) + 1e-3));
}

TEST_CASE("calibration: random cargos give <= 5% of the curated modules FDR < 0.05 (real targets)", "[shared]") {
    // Real targets: shared validated MTI union (weight 0.3) + TargetScan 7.1 site counts (1 - 0.7^sites).
    std::map<std::pair<std::string, std::string>, double> w;
    std::string line;
    LineReader validated(exomir::test::shared_data() + "/targets/validated_mti_hsa_GroundT_PTC.tsv.gz");
    validated.next(line);
    while (validated.next(line)) {
        const auto f = split_tabs(line);
        double& x = w[{std::string(f[0]), std::string(f[1])}];
        x = std::max(x, 0.3);
    }
    LineReader targetscan(exomir::test::shared_data() + "/targets/targetscan71_hsa_site_counts_SPONGE_symbol.tsv.gz");
    targetscan.next(line);
    while (targetscan.next(line)) {
        const auto f = split_tabs(line);
        double& x = w[{std::string(f[1]), std::string(f[2])}];
        x = std::max(x, 1 - std::pow(0.7, parse_double(f[3], "", "n_sites")));
    }
    NetworkInputs in;
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> abundance(0, 1.6);
    for (const auto& [key, x] : w) {
        in.targets.push_back({key.first, key.second, x});
        if (in.abundance.mirnas.empty() || in.abundance.mirnas.back() != key.first)
            in.abundance.mirnas.push_back(key.first), in.abundance.fraction.push_back(abundance(rng));
    }
    in.abundance.cpm = in.abundance.fraction;
    const std::string shipped = curated_reference_dir() + "/modules.tsv";  // the fixture until reference/ exists
    in.modules = read_modules(file_exists(shipped) ? shipped : k_data + "network_modules.tsv");
    in.gene_sets = read_gmt(exomir::test::shared_data() + "/pathways/focus_fibrosis_inflammasome.gmt");
    Network net = build_network(in);
    ScoreOptions opt;
    opt.permutations = 1000;
    const int n_cargos = 12;
    std::size_t n_significant = 0, n_hypergeom = 0, n_scored = 0;
    for (int c = 0; c < n_cargos; ++c) {
        std::shuffle(net.abundance.begin(), net.abundance.end(), rng);
        const auto res = score_network(net, opt);
        for (const auto& m : res.modules)
            n_significant += m.fdr_cargo < 0.05, n_hypergeom += m.hypergeom_fdr < 0.05, ++n_scored;
    }
    INFO(n_significant << " of " << n_scored << " module tests FDR < 0.05 (hypergeometric: " << n_hypergeom << ")");
    REQUIRE(net.modules.size() >= 40);  // >= 5 curated modules + the 35 focus sets
    REQUIRE(double(n_significant) <= 0.05 * double(n_scored));
}

TEST_CASE("same results at 1 and 2 threads, and for any seed the same seed gives the same bytes", "[threads]") {
    const Network net = random_network(3, 300, 40);
    ScoreOptions opt;
    opt.permutations = 3000;
    const auto run = [&](int threads) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        return score_network(net, opt);
    };
    const auto one = run(1), two = run(2);
    REQUIRE(net.modules.size() == 40);
    std::size_t n_full = 0;
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        REQUIRE(one.modules[p].p_cargo == two.modules[p].p_cargo);
        REQUIRE(one.modules[p].n_permutations == two.modules[p].n_permutations);
        REQUIRE(one.modules[p].statistic == two.modules[p].statistic);
        REQUIRE(one.modules[p].fdr_cargo == two.modules[p].fdr_cargo);
        REQUIRE(one.modules[p].p_geneset == two.modules[p].p_geneset);
        REQUIRE(one.modules[p].n_geneset_permutations == two.modules[p].n_geneset_permutations);
        REQUIRE(one.modules[p].fdr_geneset == two.modules[p].fdr_geneset);
        REQUIRE(one.modules[p].call == two.modules[p].call);
        n_full += one.modules[p].n_permutations == opt.permutations;
    }
    REQUIRE(one.gene_load == two.gene_load);
    opt.seed = 2;
    const auto other = run(2);
    bool differs = false, differs_geneset = false;
    for (std::size_t p = 0; p < net.modules.size(); ++p)
        differs |= other.modules[p].p_cargo != one.modules[p].p_cargo,
            differs_geneset |= other.modules[p].p_geneset != one.modules[p].p_geneset;
    REQUIRE(differs);
    REQUIRE(differs_geneset);
}

TEST_CASE("random walk with restart conserves mass and its adjoint gives the propagated module score") {
    const Network net = test::network_fixture("S1");
    ScoreOptions opt;
    opt.permutations = 200;
    opt.propagate = true;
    const auto res = score_network(net, opt);
    // Mass: genes without PPI edges keep r * L (the walker restarts), connected mass is conserved.
    double in_mass = 0, out_mass = 0;
    for (std::size_t g = 0; g < net.genes.size(); ++g) {
        const bool connected = net.ppi_offsets[g + 1] > net.ppi_offsets[g];
        in_mass += connected ? res.gene_load[g] : opt.restart * res.gene_load[g];
        out_mass += res.gene_propagated[g];
    }
    REQUIRE(out_mass == Approx(in_mass));
    // CASP1 has no miRNA but gets load from NLRP3/PYCARD/IL1B through the PPI.
    const auto casp1 = std::find(net.genes.begin(), net.genes.end(), "CASP1") - net.genes.begin();
    REQUIRE(res.gene_load[casp1] == 0);
    REQUIRE(res.gene_propagated[casp1] > 0);
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        const auto& mod = net.modules[p];
        double direct = 0, norm = 0;
        for (std::size_t i = 0; i < mod.genes.size(); ++i) {
            const double r = mod.is_signed ? mod.roles[i] : 1;
            direct += r * res.gene_propagated[mod.genes[i]], norm += std::abs(r);
        }
        REQUIRE(res.modules[p].statistic == Approx(direct / norm).margin(1e-12));
    }
}

TEST_CASE("gene-set sampler: distinct genes of each slot's stratum, exact null by enumeration") {
    // One stratum of 6 genes (stratum 0 empty); a 3-gene module: 6 * 5 * 4 ordered draws, enumerated here.
    GeneStrata gs;
    gs.stratum.assign(6, 1);
    gs.offsets = {0, 0, 6};
    gs.members = {0, 1, 2, 3, 4, 5};
    const std::vector<double> value{0.9, 0.1, 0.4, 0.0, 0.7, 0.2};
    MatchedModule mm{{0, 2, 4}, {0.5, 0.3, 0.2}, {0, 3}, {1}};
    const double observed = 0.5 * 0.9 + 0.3 * 0.4 + 0.2 * 0.7;
    double n_ge_exact = 0, n_exact = 0;
    for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 6; ++j)
            for (int k = 0; k < 6; ++k)
                if (i != j && i != k && j != k)
                    n_ge_exact += 0.5 * value[i] + 0.3 * value[j] + 0.2 * value[k] >= observed - 1e-12, ++n_exact;
    GeneSetSampler sampler(gs);
    SplitMix rng{42};
    std::vector<std::uint32_t> genes;
    std::vector<double> n_first(6, 0.0);
    const int n_draws = 60000;
    double n_ge = 0;
    for (int d = 0; d < n_draws; ++d) {
        const double stat = sampler.draw(mm, value, rng, &genes);
        REQUIRE(genes.size() == 3);
        REQUIRE(std::set<std::uint32_t>(genes.begin(), genes.end()).size() == 3);
        REQUIRE(stat == Approx(0.5 * value[genes[0]] + 0.3 * value[genes[1]] + 0.2 * value[genes[2]]));
        n_ge += stat >= observed - 1e-12, ++n_first[genes[0]];
    }
    const double p_exact = n_ge_exact / n_exact;  // 1 - the module's own arrangement is the largest but one
    REQUIRE(p_exact > 0.01);
    REQUIRE(n_ge / n_draws == Approx(p_exact).margin(5 * std::sqrt(p_exact * (1 - p_exact) / n_draws)));
    for (double c : n_first) REQUIRE(c == Approx(n_draws / 6.0).margin(5 * std::sqrt(n_draws / 6.0)));
}

TEST_CASE("gene-set null: random sets match the module's target-weight strata and distribution") {
    const Network net = random_network(11, 400, 1);
    const GeneStrata gs = gene_strata(net, 10);
    // The module: the 15 genes with the largest summed target weight (the heavily targeted genes).
    std::vector<std::uint32_t> order(net.genes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return gs.target_weight[a] > gs.target_weight[b]; });
    NetworkModule mod{"heavy", "curated", {order.begin(), order.begin() + 15}, std::vector<std::int8_t>(15, 0), false};
    std::sort(mod.genes.begin(), mod.genes.end());
    const MatchedModule mm = matched_module(mod, gs);
    REQUIRE(mm.genes.size() == 15);
    std::multiset<int> module_strata;
    double module_mean = 0, all_mean = 0;
    for (auto g : mod.genes) module_strata.insert(gs.stratum[g]), module_mean += gs.target_weight[g] / 15;
    for (double w : gs.target_weight) all_mean += w / double(gs.target_weight.size());
    REQUIRE(*module_strata.begin() >= 9);  // the top strata
    GeneSetSampler sampler(gs);
    SplitMix rng = geneset_rng(mod, 1);
    std::vector<std::uint32_t> genes;
    double matched_mean = 0;
    const int n_draws = 2000;
    for (int d = 0; d < n_draws; ++d) {
        sampler.draw(mm, gs.target_weight, rng, &genes);
        std::multiset<int> drawn;
        for (auto g : genes) drawn.insert(gs.stratum[g]), matched_mean += gs.target_weight[g] / (15.0 * n_draws);
        REQUIRE(drawn == module_strata);
        REQUIRE(std::set<std::uint32_t>(genes.begin(), genes.end()).size() == genes.size());
    }
    INFO("W: module " << module_mean << ", matched sets " << matched_mean << ", all genes " << all_mean);
    REQUIRE(std::abs(matched_mean - module_mean) < 0.5 * std::abs(all_mean - module_mean));
}

namespace {
// A random network whose cargo is 30% one miRNA (the one with the most targets), plus module "HIT" of its targets.
Network dominated_network(std::uint64_t seed) {
    NetworkInputs in = random_inputs(seed, 300, 60);
    // Module "HIT": 12 targets of the dominant miRNA spread over its target list, all drivers.
    std::map<std::string, std::vector<std::string>> targets;
    for (const auto& t : in.targets) targets[t.mirna].push_back(t.gene);
    const auto top = std::max_element(targets.begin(), targets.end(),
                                      [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
    for (std::size_t i = 0; i < 12 && i < top->second.size(); ++i)
        in.modules.push_back({"HIT", top->second[i * top->second.size() / 12], Role::driver, "any"});
    const auto m = std::find(in.abundance.mirnas.begin(), in.abundance.mirnas.end(), top->first);
    auto& f = in.abundance.fraction;
    const double rest = std::accumulate(f.begin(), f.end(), 0.0) - f[m - in.abundance.mirnas.begin()];
    for (auto& x : f) x *= 0.7 / rest;
    f[m - in.abundance.mirnas.begin()] = 0.3;
    return build_network(in);
}
}  // namespace

TEST_CASE("gene-set null: a module hit by a dominant cargo miRNA is called, random modules are not (rule geneset)") {
    std::size_t n_random = 0, n_random_geneset = 0, n_random_called = 0, n_hit = 0;
    for (std::uint64_t seed : {21, 22, 23}) {
        const Network net = dominated_network(seed);
        ScoreOptions opt;
        opt.permutations = opt.geneset_permutations = 2000;
        opt.call = CallRule::geneset;  // the cargo null gives p 0.01-0.03 here: stratum mates target ~150 genes too
        const auto res = score_network(net, opt);
        for (std::size_t p = 0; p < net.modules.size(); ++p) {
            const auto& s = res.modules[p];
            if (net.modules[p].name == "HIT") {
                INFO("seed " << seed << ": HIT p_geneset " << s.p_geneset << " fdr_geneset " << s.fdr_geneset
                             << " fdr_cargo " << s.fdr_cargo);
                REQUIRE(s.p_geneset < 0.002);
                REQUIRE(s.fdr_geneset < 0.05);
                REQUIRE(s.call);
                n_hit += s.call;
                continue;
            }
            ++n_random, n_random_geneset += s.fdr_geneset < 0.05, n_random_called += s.call;
        }
    }
    INFO(n_random_geneset << " of " << n_random << " random modules fdr_geneset < 0.05, " << n_random_called
                          << " called; HIT called " << n_hit << " of 3");
    REQUIRE(n_random == 3 * 60);
    REQUIRE(double(n_random_geneset) <= 0.05 * double(n_random));
    REQUIRE(n_random_called == 0);
    REQUIRE(n_hit == 3);
}

TEST_CASE("gene-set null: p-values of random modules are uniform, and a module's p ignores the other modules") {
    const Network net = random_network(5, 300, 200);
    ScoreOptions opt;
    opt.permutations = 200;
    opt.geneset_permutations = 1000;
    opt.stop_hits = 0;  // every module draws all sets: its p-value is then a plain Monte-Carlo p
    const auto res = score_network(net, opt);
    std::size_t below_05 = 0, below_50 = 0;
    for (const auto& s : res.modules) below_05 += s.p_geneset <= 0.05, below_50 += s.p_geneset <= 0.5;
    INFO(below_05 << " of 200 p_geneset <= 0.05, " << below_50 << " <= 0.5");
    REQUIRE(below_05 <= 20);  // expected 10, sd ~3.1
    REQUIRE(below_50 >= 80);  // expected 100, sd ~7
    REQUIRE(below_50 <= 120);
    Network first_only = net;  // the same module alone keeps its p-value
    first_only.modules.resize(1);
    const auto alone = score_network(first_only, opt);
    REQUIRE(alone.modules[0].p_geneset == res.modules[0].p_geneset);
}

TEST_CASE("decision rule: both, cargo, geneset, either") {
    ModuleScore s;
    s.fdr_cargo = 0.01, s.fdr_geneset = 0.2;
    REQUIRE_FALSE(module_call(s, CallRule::both, 0.05));
    REQUIRE(module_call(s, CallRule::cargo, 0.05));
    REQUIRE_FALSE(module_call(s, CallRule::geneset, 0.05));
    REQUIRE(module_call(s, CallRule::either, 0.05));
    REQUIRE(module_call(s, CallRule::both, 0.25));
    for (auto rule : {CallRule::both, CallRule::cargo, CallRule::geneset, CallRule::either})
        REQUIRE(parse_call_rule(call_rule_name(rule)) == rule);
    REQUIRE_THROWS_AS(parse_call_rule("all"), UsageError);
}
