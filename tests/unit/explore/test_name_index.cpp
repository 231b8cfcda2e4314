// test_names.cpp: miRNA name keys, edit distance and the resolution rules of NameIndex.
#include <catch2/catch.hpp>

#include "exomir/explore/name_index.hpp"

using namespace exomir;

namespace {

NameIndex fixture_index() {
    return NameIndex(
        {"hsa-let-7a-5p", "hsa-miR-223-3p", "hsa-miR-223-5p", "hsa-miR-29a-3p", "hsa-miR-29b-3p", "hsa-miR-21-5p"},
        {"COL1A1", "NLRP3", "PYCARD", "SMAD7"}, {"inflammasome_nlrp3_assembly", "fibrosis_ecm_collagen", "NLRP3"},
        {"curated", "curated", "gmt:x.gmt"}, {{"NALP3", "NLRP3"}, {"miR-223", "hsa-miR-223-3p"}});
}

std::vector<std::string> names_of(const NameIndex& idx, const std::vector<NodeMatch>& m) {
    std::vector<std::string> out;
    for (const auto& x : m) out.push_back(idx.name(x.node));
    return out;
}

}  // namespace

TEST_CASE("mirna_key takes spellings apart the same way", "[names]") {
    for (const char* s : {"hsa-miR-223-3p", "miR-223-3p", "MIR223_3P", "mir223-3p", "hsa-mir-223_3p"}) {
        const auto k = mirna_key(s);
        CHECK(k.key == "mir-223");
        CHECK(k.arm == "3p");
    }
    CHECK(mirna_key("hsa-miR-223-3p").species == "hsa");
    CHECK(mirna_key("miR-223").arm.empty());
    CHECK(mirna_key("hsa-let-7a-2-3p").key == "let-7-a-2");
    CHECK(mirna_key("MIRLET7A").key == "let-7-a");
    CHECK(mirna_key("miR-29a").key != mirna_key("miR-29b").key);
}

TEST_CASE("edit_distance counts edits and adjacent swaps, with a cut-off", "[names]") {
    CHECK(edit_distance("kitten", "sitting", 10) == 3);
    CHECK(edit_distance("", "abc", 10) == 3);
    CHECK(edit_distance("same", "same", 0) == 0);
    CHECK(edit_distance("abcdef", "uvwxyz", 2) == 3);  // limit + 1 once it must exceed the limit
    CHECK(edit_distance("nlpr3", "nlrp3", 5) == 1);    // a swap of adjacent letters is one edit
    CHECK(edit_distance("ca", "abc", 5) == 3);         // optimal string alignment, not full Damerau
    CHECK(alnum_lower("NLRP3 assembly!") == "nlrp3assembly");
}

TEST_CASE("NameIndex resolves forgiving names and lists ambiguity", "[names]") {
    const auto idx = fixture_index();
    const std::vector<NodeKind> mirna{NodeKind::mirna}, gene{NodeKind::gene}, module{NodeKind::module};
    for (const char* s : {"hsa-miR-223-3p", "miR-223-3p", "MIR223_3P", "mir-223-3p"}) {
        const auto r = idx.resolve(s, mirna);
        REQUIRE(r.matches.size() == 1);
        CHECK(idx.name(r.matches[0].node) == "hsa-miR-223-3p");
    }
    CHECK(idx.resolve("miR-223", mirna).matches[0].how == MatchHow::alias);  // the alias decides, not a guess
    const auto amb = idx.resolve("miR-29", mirna);
    CHECK(names_of(idx, amb.matches) == std::vector<std::string>{"hsa-miR-29a-3p", "hsa-miR-29b-3p"});
    CHECK(idx.resolve("MIR21", mirna).matches.size() == 1);  // only one arm expressed: it is the one
    CHECK(idx.name(idx.resolve("nalp3", gene).matches.at(0).node) == "NLRP3");
    CHECK(idx.name(idx.resolve("smad7", gene).matches.at(0).node) == "SMAD7");
    const auto both = idx.resolve("NLRP3", {NodeKind::gene, NodeKind::module});
    CHECK(both.matches.size() == 2);  // a gene and a GMT set with the same name: listed, not guessed
    CHECK(idx.resolve("gene:NLRP3", {NodeKind::gene, NodeKind::module}).matches.size() == 1);
    CHECK(idx.resolve("gmt:x.gmt:NLRP3", module).matches.size() == 1);
    CHECK(idx.name(idx.resolve("nlrp3 assembly", module).matches.at(0).node) == "inflammasome_nlrp3_assembly");
    const auto unknown = idx.resolve("hsa-miR-2233-3p", mirna);
    CHECK(unknown.matches.empty());
    REQUIRE(!unknown.suggestions.empty());
    CHECK(idx.name(unknown.suggestions[0].node) == "hsa-miR-223-3p");
    CHECK(idx.name(idx.resolve("NLPR3", gene).suggestions.at(0).node) == "NLRP3");
}

TEST_CASE("NameIndex::search ranks exact, prefix, substring, fuzzy", "[names]") {
    const auto idx = fixture_index();
    const auto hits = idx.search("nlrp", 10);
    REQUIRE(hits.size() >= 2);
    CHECK(hits[0].how == MatchHow::prefix);
    const auto names = names_of(idx, hits);
    CHECK(std::find(names.begin(), names.end(), "inflammasome_nlrp3_assembly") != names.end());
    CHECK(idx.search("COL1A1", 10).at(0).how == MatchHow::exact);
    CHECK(idx.search("COL1A2", 10).at(0).how == MatchHow::fuzzy);
}
