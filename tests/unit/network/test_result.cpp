// test_result.cpp: the network result folder (network/result.hpp): the bundle round trip through the one reader
// (whole and by plan), network.run.json, module_scores.tsv and gene_load.tsv read back from the writers.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/network/graph.hpp"
#include "exomir/network/network_output.hpp"
#include "exomir/network/result.hpp"
#include "exomir/network/score.hpp"

#include "network_fixture.hpp"

using namespace exomir;

namespace {

// A result folder holding the bundle of `net`, removed at the end of the test.
struct ResultDir {
    std::string path;
    explicit ResultDir(const Network& net, const std::string& tag)
        : path((std::filesystem::temp_directory_path() / ("exomir_test_result_" + tag)).string()) {
        std::filesystem::remove_all(path);
        make_dirs(path);
        for (const auto& [name, text] : bundle_files(net)) write(name, text);
    }
    ~ResultDir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path + "/" + name, std::ios::binary) << text;
    }
};

// The target edges of miRNA m as (gene, weight) pairs.
std::vector<std::pair<std::uint32_t, double>> edges_of(const Network& net, std::size_t m) {
    std::vector<std::pair<std::uint32_t, double>> out;
    for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e)
        out.emplace_back(net.target_genes[e], net.target_weights[e]);
    return out;
}

// The scores of `net` with 200 cargo permutations (and the default gene-set null).
ScoreResult scored(const Network& net) {
    ScoreOptions opt;
    opt.permutations = 200;
    return score_network(net, opt);
}
}  // namespace

TEST_CASE("bundle round trip: read_bundle(bundle_files(net)) == net") {
    const Network net = test::network_fixture();
    const ResultDir dir(net, "round_trip");
    const Network back = read_bundle(dir.path);
    REQUIRE(back.mirnas == net.mirnas);
    REQUIRE(back.abundance == net.abundance);
    REQUIRE(back.cpm == net.cpm);
    REQUIRE(back.genes == net.genes);
    REQUIRE(back.in_universe == net.in_universe);
    REQUIRE(back.target_offsets == net.target_offsets);
    REQUIRE(back.target_genes == net.target_genes);
    REQUIRE(back.target_weights == net.target_weights);
    REQUIRE(back.ppi_offsets == net.ppi_offsets);
    REQUIRE(back.ppi_genes == net.ppi_genes);
    REQUIRE(back.ppi_weights == net.ppi_weights);
    REQUIRE(back.modules.size() == net.modules.size());
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        REQUIRE(back.modules[p].name == net.modules[p].name);
        REQUIRE(back.modules[p].source == net.modules[p].source);
        REQUIRE(back.modules[p].genes == net.modules[p].genes);
        REQUIRE(back.modules[p].roles == net.modules[p].roles);
        REQUIRE(back.modules[p].is_signed == net.modules[p].is_signed);
    }
    // written again from what was read: the same bytes
    const auto again = bundle_files(back), first = bundle_files(net);
    REQUIRE(again == first);
}

TEST_CASE("bundle parts read by plan agree with the whole bundle") {
    const Network net = test::network_fixture();
    const ResultDir dir(net, "plan");
    REQUIRE(net.target_genes.size() > 10);
    SECTION("Edges::mirna reads exactly one miRNA's targets") {
        for (std::uint32_t m = 0; m < net.mirnas.size(); ++m) {
            Network part = read_bundle_names(dir.path);
            BundlePlan plan;
            plan.edges = BundlePlan::Edges::mirna, plan.mirna = m;
            read_bundle_edges(dir.path, plan, part);
            REQUIRE(edges_of(part, m) == edges_of(net, m));
            REQUIRE(part.target_genes.size() == edges_of(net, m).size());
        }
    }
    SECTION("Edges::genes reads the edges into the masked genes, plus every edge of the masked miRNAs") {
        Network part = read_bundle_names(dir.path);
        BundlePlan plan;
        plan.edges = BundlePlan::Edges::genes;
        plan.gene_mask.assign(net.genes.size(), 0);
        plan.mirna_mask.assign(net.mirnas.size(), 0);
        const auto g0 = net.target_genes.front();
        plan.gene_mask[g0] = 1;
        plan.mirna_mask[net.mirnas.size() - 1] = 1;
        read_bundle_edges(dir.path, plan, part);
        std::size_t expected = 0;
        for (std::size_t m = 0; m < net.mirnas.size(); ++m) {
            std::vector<std::pair<std::uint32_t, double>> want;
            for (const auto& e : edges_of(net, m))
                if (e.first == g0 || m + 1 == net.mirnas.size()) want.push_back(e);
            REQUIRE(edges_of(part, m) == want);
            expected += want.size();
        }
        REQUIRE(part.target_genes.size() == expected);
    }
    SECTION("members: the curated modules and the asked ones only, unless all_members") {
        Network part = read_bundle_names(dir.path);
        REQUIRE(part.modules.size() == net.modules.size());
        std::uint32_t asked = 0;
        while (asked < net.modules.size() && net.modules[asked].source == "curated") ++asked;
        REQUIRE(asked < net.modules.size());
        BundlePlan plan;
        plan.modules = {asked};
        read_bundle_members(dir.path, plan, part);
        for (std::size_t p = 0; p < net.modules.size(); ++p) {
            const bool read = net.modules[p].source == "curated" || p == asked;
            CHECK(part.modules[p].genes == (read ? net.modules[p].genes : std::vector<std::uint32_t>{}));
        }
    }
}

TEST_CASE("the bundle reader names the file, the line and the fix") {
    const Network net = test::network_fixture();
    const ResultDir dir(net, "errors");
    dir.write("bundle.targets.tsv", "mirna_index\tgene_index\tweight\n99\t0\t0.5\n");
    REQUIRE_THROWS_WITH(read_bundle(dir.path), Catch::Contains("bundle.targets.tsv:2: column mirna_index: index 99 "
                                                               "out of range"));
    dir.write("bundle.targets.tsv", "mirna_index\tgene_index\tweight\n1\t0\t0.5\n0\t0\t0.5\n");
    REQUIRE_THROWS_WITH(read_bundle(dir.path), Catch::Contains(":3: rows must be sorted by mirna_index"));
    dir.write("bundle.targets.tsv", "mirna_index\tgene_index\tweight\n0\t0\tx\n");
    REQUIRE_THROWS_WITH(read_bundle(dir.path), Catch::Contains(":2: column weight: 'x' is not a number"));
    dir.write("bundle.targets.tsv", "mirna\tgene\tweight\n");
    REQUIRE_THROWS_WITH(read_bundle(dir.path), Catch::Contains(":1: header must be"));
    dir.write("bundle.targets.tsv", "mirna_index\tgene_index\tweight\n");
    const auto ppi_ok = bundle_files(test::network_fixture())[5].second;
    dir.write("bundle.ppi.tsv", "gene_index_a\tgene_index_b\tscore\n1\t0\t0.9\n");
    REQUIRE_THROWS_WITH(read_bundle(dir.path), Catch::Contains("bundle.ppi.tsv:2: rows must have gene_index_a < "));
    dir.write("bundle.ppi.tsv", "gene_index_a\tgene_index_b\tscore\n0\t2\t0.9\n0\t1\t0.9\n");
    REQUIRE_THROWS_WITH(read_bundle(dir.path), Catch::Contains("bundle.ppi.tsv:3: rows must have"));
    dir.write("bundle.ppi.tsv", ppi_ok);
    dir.write("bundle.genes.tsv", "gene\tin_universe\nA\tyes\n");
    REQUIRE_THROWS_WITH(read_bundle(dir.path), Catch::Contains("bundle.genes.tsv:2: column in_universe: 'yes' is not "
                                                               "0 or 1"));
    std::filesystem::remove(dir.path + "/bundle.genes.tsv");
    REQUIRE_THROWS_WITH(read_bundle(dir.path), Catch::Contains("bundle.genes.tsv: missing; is ") &&
                                                   Catch::Contains("the -o directory of 'exomir network'?"));
}

TEST_CASE("network.run.json: what the readers use, tolerant of older results, strict about JSON") {
    const Network net = test::network_fixture();
    const ResultDir dir(net, "run_json");
    REQUIRE_FALSE(read_network_run(dir.path).present);
    dir.write("network.run.json",
              R"({"targets": "t/targets.tsv", "inputs": [{"path": "c.tsv", "bytes": 5}, {"path": "t/targets.tsv",)"
              R"( "bytes": 1234}], "parameters": {"propagate": true, "restart": 0.3},)"
              R"( "target_sources": {"curated": {"pairs": 81, "pairs_expressed": 40, "mirnas_covered": 12,)"
              R"( "read_share": 0.25}}, "genome_scale": false, "genome_scale_fix": "run reference build",)"
              R"( "gene_ids": {"orgdb": null}, "go_bp": null,)"
              R"( "cargo": {"normalization": "tmm", "norm_factors": "counts/norm_factors.tsv"}})");
    const auto info = read_network_run(dir.path);
    CHECK(info.normalization == Normalization::tmm);
    CHECK(info.norm_factors == "counts/norm_factors.tsv");
    REQUIRE(info.present);
    CHECK(info.scoring.propagate);
    CHECK(info.scoring.restart == 0.3);
    CHECK(info.targets == "t/targets.tsv");
    CHECK(info.targets_bytes == 1234);
    REQUIRE(info.target_sources.size() == 1);
    CHECK(info.target_sources[0].source == "curated");
    CHECK(info.target_sources[0].pairs == 81);
    CHECK(info.target_sources[0].mirnas_covered == 12);
    CHECK(info.target_sources[0].read_share == 0.25);
    CHECK_FALSE(info.genome_scale);
    CHECK(info.genome_scale_fix == "run reference build");
    CHECK(info.orgdb.empty());
    CHECK(info.n_go_sets == 0);
    dir.write("network.run.json", R"({"parameters": {}})");  // an older result: defaults, no targets recorded
    const auto old = read_network_run(dir.path);
    CHECK(old.present);
    CHECK(old.targets.empty());
    CHECK(old.targets_bytes == -1);
    CHECK_FALSE(old.scoring.propagate);
    CHECK(old.scoring.restart == ScoreOptions{}.restart);
    CHECK(old.normalization == Normalization::cpm);  // results older than --normalization: CPM
    CHECK(old.norm_factors.empty());
    dir.write("network.run.json", R"({"cargo": {"normalization": "quantile"}})");
    REQUIRE_THROWS_WITH(read_network_run(dir.path),
                        Catch::Contains("network.run.json") && Catch::Contains("'quantile' is not cpm or tmm"));
    dir.write("network.run.json", "{\"parameters\": ");
    REQUIRE_THROWS_WITH(read_network_run(dir.path), Catch::Contains("network.run.json: not valid JSON"));
}

TEST_CASE("module_scores.tsv and gene_load.tsv read back what network wrote") {
    const Network net = test::network_fixture();
    const ResultDir dir(net, "tables");
    const ScoreResult res = scored(net);
    dir.write("module_scores.tsv", module_scores_tsv(net, res));
    dir.write("gene_load.tsv", gene_load_tsv(net, res));
    const auto modules = read_module_scores(dir.path, net);
    REQUIRE(modules.size() == net.modules.size());
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        CHECK(modules[p].n_genes == res.modules[p].n_genes);
        CHECK(modules[p].fdr_cargo == Approx(res.modules[p].fdr_cargo).margin(1e-4));
        CHECK(modules[p].p_cargo == Approx(res.modules[p].p_cargo).margin(1e-4));
        CHECK((modules[p].call == "yes" || modules[p].call == "no"));
    }
    const auto genes = read_gene_load(dir.path, net);
    REQUIRE(genes.size() == net.genes.size());
    std::size_t loaded = 0;
    for (std::size_t g = 0; g < net.genes.size(); ++g) {
        CHECK(genes[g].load == Approx(res.gene_load[g]).margin(1e-4));
        loaded += genes[g].load > 0;
    }
    CHECK(loaded > 0);
    // a module out of the bundle's order is an error naming the line
    auto text = module_scores_tsv(net, res);
    const auto first = text.find('\n') + 1, second = text.find('\n', first) + 1;
    dir.write("module_scores.tsv", text.substr(0, first) + text.substr(second));
    REQUIRE_THROWS_WITH(read_module_scores(dir.path, net), Catch::Contains("module_scores.tsv:2: module '"));
}

TEST_CASE("module_scores.tsv of older versions (p_empirical, fdr for p_cargo, fdr_cargo) reads the same") {
    const Network net = test::network_fixture();
    const ResultDir dir(net, "renamed");
    const ScoreResult res = scored(net);
    const std::string text = module_scores_tsv(net, res), now = "\tz\tp_cargo\tfdr_cargo\thypergeom_p\t";
    const auto at = text.find(now);
    REQUIRE(at < text.find('\n'));
    const auto with_header = [&](const std::string& columns) {
        dir.write("module_scores.tsv", text.substr(0, at) + columns + text.substr(at + now.size()));
    };
    with_header(now);
    const auto current = read_module_scores(dir.path, net);
    with_header("\tz\tp_empirical\tfdr\thypergeom_p\t");
    const auto old = read_module_scores(dir.path, net);
    REQUIRE(old.size() == net.modules.size());
    bool some_below_one = false;
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        CHECK(old[p].p_cargo == current[p].p_cargo);
        CHECK(old[p].fdr_cargo == current[p].fdr_cargo);
        CHECK(old[p].p_cargo == Approx(res.modules[p].p_cargo).margin(1e-4));
        CHECK(old[p].fdr_cargo == Approx(res.modules[p].fdr_cargo).margin(1e-4));
        some_below_one |= old[p].p_cargo < 1;
    }
    CHECK(some_below_one);  // the values came from the file, not the defaults
    // neither name: the one-line error naming the file, the column and the fix
    with_header("\tz\tp_x\tfdr_cargo\thypergeom_p\t");
    REQUIRE_THROWS_WITH(
        read_module_scores(dir.path, net),
        Catch::Contains("module_scores.tsv:1: missing column 'p_cargo'") && Catch::Contains("rerun 'exomir network'"));
    with_header("\tz\tp_cargo\tfdr_x\thypergeom_p\t");
    REQUIRE_THROWS_WITH(read_module_scores(dir.path, net),
                        Catch::Contains("module_scores.tsv:1: missing column 'fdr_cargo'"));
}
