// test_graph.cpp: building the network (Boost graph -> CSR) and the exports (the bundle: test_result.cpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/network/graph.hpp"

#include "network_fixture.hpp"

using namespace exomir;

namespace {

std::size_t index_of(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) - v.begin();
}
}  // namespace

TEST_CASE("build_network: CSR of targets, modules with roles, symmetric PPI") {
    const Network net = build_network(test::network_fixture_inputs());
    REQUIRE(net.mirnas.size() == 11);
    REQUIRE(std::is_sorted(net.genes.begin(), net.genes.end()));
    REQUIRE(net.target_genes.size() == 24);
    const auto m223 = index_of(net.mirnas, "hsa-miR-223-3p");
    REQUIRE(net.target_offsets[m223 + 1] - net.target_offsets[m223] == 3);
    const auto e = net.target_offsets[m223];
    REQUIRE(net.genes[net.target_genes[e]] == "IL1B");  // ascending gene index: IL1B < NLRP3 < TNFAIP3
    REQUIRE(net.target_weights[e] == Approx(0.1));
    // Modules: curated first, sorted by name; roles carried on the gene -> module edges.
    REQUIRE(net.modules.size() == 7);
    REQUIRE(net.modules[0].name == "fibrosis_ecm_collagen");
    REQUIRE(net.modules[5].source == "gmt:network_extra.gmt");
    REQUIRE_FALSE(net.modules[5].is_signed);
    const auto& nlrp3 = net.modules[4];
    REQUIRE(nlrp3.name == "inflammasome_nlrp3_assembly");
    REQUIRE(nlrp3.is_signed);
    const auto tnfaip3 = std::find(nlrp3.genes.begin(), nlrp3.genes.end(), index_of(net.genes, "TNFAIP3"));
    REQUIRE(nlrp3.roles[tnfaip3 - nlrp3.genes.begin()] == -1);
    // PPI: 8 undirected edges stored twice; STRING 999 -> 0.999.
    REQUIRE(net.counts.n_ppi_edges == 8);
    REQUIRE(net.ppi_genes.size() == 16);
    const auto pycard = index_of(net.genes, "PYCARD");
    REQUIRE(net.ppi_offsets[pycard + 1] - net.ppi_offsets[pycard] == 2);
    REQUIRE(net.ppi_weights[net.ppi_offsets[pycard]] == Approx(0.999));
    REQUIRE(net.counts.n_mirnas_without_targets == 1);  // hsa-miR-122-5p
}

TEST_CASE("build_network matches a/b counts names and keeps the largest weight") {
    NetworkInputs in;
    in.abundance.mirnas = {"m1/m2", "m3"};
    in.abundance.fraction = {0.6, 0.4};
    in.abundance.cpm = {6e5, 4e5};
    in.targets = {{"m1", "G1", 0.2}, {"m2", "G1", 0.5}, {"m2", "G2", 0.1}, {"m9", "G3", 0.9}};
    in.gene_sets = {{"S", "gmt:x", {"G1", "G4"}}};
    const Network net = build_network(in);
    REQUIRE(net.target_offsets == std::vector<std::uint32_t>{0, 2, 2});
    REQUIRE(net.genes[net.target_genes[0]] == "G1");
    REQUIRE(net.target_weights[0] == 0.5);
    REQUIRE(net.in_universe[index_of(net.genes, "G3")] == 1);  // targeted by an unexpressed miRNA
    REQUIRE(net.in_universe[index_of(net.genes, "G4")] == 0);
    in.gene_sets.push_back(in.gene_sets[0]);
    REQUIRE_THROWS_AS(build_network(in), Error);
}

TEST_CASE("exports: GraphML, DOT and JSON carry kinds, roles and the shown subgraph") {
    const Network net = build_network(test::network_fixture_inputs());
    GraphAnnotations ann{std::vector<double>(net.genes.size(), 0.5), std::vector<double>(net.modules.size(), 0.1), {}};
    const auto graphml = to_graphml(net, ann);
    REQUIRE(graphml.find("attr.name=\"kind\"") != std::string::npos);
    REQUIRE(graphml.find("mirna:hsa-miR-223-3p") != std::string::npos);
    const auto dot = to_dot(net, ann);
    REQUIRE(dot.rfind("digraph G {", 0) == 0);
    REQUIRE(dot.find("\"gene:NLRP3\"") != std::string::npos);
    const auto all = nlohmann::json::parse(to_json(net, ann));
    std::size_t n_edges = net.target_genes.size() + net.ppi_genes.size() / 2;
    for (const auto& m : net.modules) n_edges += m.genes.size();
    REQUIRE(all["edges"].size() == n_edges);
    REQUIRE(all["nodes"].size() == net.mirnas.size() + net.genes.size() + net.modules.size());
    // Only the NLRP3 module: its 7 genes, the 2 miRNAs targeting them (223; 155 -> TNFAIP3), PPI among them.
    ann.module_shown.assign(net.modules.size(), 0);
    ann.module_shown[4] = 1;
    const auto sub = nlohmann::json::parse(to_json(net, ann));
    std::size_t n_mirna = 0, n_gene = 0, n_module = 0;
    for (const auto& node : sub["nodes"]) {
        n_mirna += node["kind"] == "mirna", n_gene += node["kind"] == "gene", n_module += node["kind"] == "module";
        if (node["id"] == "gene:TNFAIP3") REQUIRE(node["role"] == "protective");
    }
    REQUIRE(n_module == 1);
    REQUIRE(n_gene == 7);
    REQUIRE(n_mirna == 2);
}

TEST_CASE("to_dot quotes DOT keywords and hostile names (issue 18)") {
    Network net = build_network(test::network_fixture_inputs());
    net.mirnas[0] = "strict";
    net.genes[0] = "node";
    net.modules[0].name = "Graph";
    net.modules[1].name = "a\" URL=\"javascript:x\\";
    GraphAnnotations ann{std::vector<double>(net.genes.size(), 0.5), std::vector<double>(net.modules.size(), 0.1), {}};
    const std::string dot = to_dot(net, ann);
    CHECK(dot.find("name=\"strict\"") != std::string::npos);
    CHECK(dot.find("name=\"node\"") != std::string::npos);
    CHECK(dot.find("name=\"Graph\"") != std::string::npos);
    CHECK(dot.find("name=\"a\\\" URL=\\\"javascript:x\\\\\"") != std::string::npos);
    for (const char* bare : {"=strict", "=node", "=Graph", "URL=\"javascript"})
        CHECK(dot.find(bare) == std::string::npos);
    // every line but the first and last is one statement: ID [k=v, ...]; or ID->ID  [k=v, ...];
    std::size_t lines = 0;
    for (std::size_t start = 0, end; (end = dot.find('\n', start)) != std::string::npos; start = end + 1, ++lines) {
        const std::string_view line(dot.data() + start, end - start);
        if (start == 0 || line == "}") continue;
        CHECK(line.ends_with("];"));
        CHECK(line.find(" [") != std::string_view::npos);
    }
    CHECK(lines > net.mirnas.size() + net.genes.size());
}
