// test_curated.cpp: checks and summaries of the curated tables (modules.tsv, modules.gmt, interactions.tsv).
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/reference/curated.hpp"
#include "exomir/reference/mirna_ref.hpp"

using namespace exomir;

namespace {

const std::string k_data = std::string(EXOMIR_SOURCE_DIR) + "/tests/data";

/// A TextTable from inline text (tab-separated lines), as read_text_table would give it.
TextTable table(const std::string& path, const std::string& text) {
    TextTable t{path, {}, {}};
    std::uint64_t line = 0;
    for (auto l : split(text, '\n')) {
        ++line;
        if (trim_ws(l).empty()) continue;
        std::vector<std::string> fields;
        for (auto f : split_tabs(l)) fields.emplace_back(f);
        t.rows.push_back(std::move(fields));
        t.lines.push_back(line);
    }
    return t;
}

const std::string k_modules_head = "module\tgene\trole\tcell_type\tevidence\tpmid\n";
const std::string k_good_modules =
    k_modules_head +
    "fibrosis_tgfb_smad\tSMAD7\tprotective\tHSC\tinhibitory SMAD blocking TGF-beta\t123\n"
    "fibrosis_tgfb_smad\tTGFB1\tdriver\tHSC\tmain pro-fibrotic cytokine of the liver\t456\n"
    "inflammasome_nlrp3_assembly\tNLRP3\tdriver\tmacrophage\tthe inflammasome sensor protein\t789\n";

MirnaReference mini_reference() {
    ReferencePaths p;
    p.mature = k_data + "/mini_mature.fa";
    p.hairpin = k_data + "/mini_hairpin.fa";
    return load_mirna_reference(p);
}

}  // namespace

TEST_CASE("is_gene_symbol and is_pmid") {
    CHECK(is_gene_symbol("NLRP3"));
    CHECK(is_gene_symbol("HLA-DRB1"));
    CHECK_FALSE(is_gene_symbol("Nlrp3"));
    CHECK_FALSE(is_gene_symbol(""));
    CHECK_FALSE(is_gene_symbol("IL1B "));
    CHECK(is_pmid("19262508"));
    CHECK_FALSE(is_pmid("NA"));
    CHECK_FALSE(is_pmid("123;456"));
}

TEST_CASE("check_modules accepts a clean table and lists every problem with file:line") {
    CHECK(check_modules(table("m.tsv", k_good_modules)).empty());
    const auto problems = check_modules(
        table("m.tsv", k_modules_head +
                           "fibrosis_tgfb_smad\tSMAD7\tprotective\tHSC\tinhibitory SMAD blocking TGF-beta\t123\n"
                           "fibrosis_tgfb_smad\tTGFB1\tdrivr\tHSC\tmain pro-fibrotic cytokine of the liver\t456\n"
                           "fibrosis_tgfb_smad\tTGFB1\tdriver\tHSC\tmain pro-fibrotic cytokine of the liver\t456\n"
                           "fibrosis_tgfb_smad\tTgfbr1\tdriver\tkidney\tshort\tPMC99\n"
                           "liver_misc\tACTA2\tdriver\tHSC\tsmooth muscle actin marks activated HSC\n"
                           "\n"
                           "fibrosis_tgfb_smad\tCOL1A1\tdriver\tHSC\ttype I collagen, the main scar collagen\t1\n"));
    REQUIRE(problems.size() == 8);
    CHECK(problems[0].starts_with("m.tsv:3: role 'drivr' is not driver, protective or context"));
    CHECK(problems[0].find("; use one of them") != std::string::npos);
    const std::string all = fmt::format("{}", fmt::join(problems, "\n"));
    CHECK(all.find("m.tsv:6: 5 tab-separated fields; expected 6") != std::string::npos);
    CHECK(all.find("m.tsv:4: duplicate row for gene TGFB1 in module fibrosis_tgfb_smad (first at line 3)") !=
          std::string::npos);
    CHECK(all.find("m.tsv:5: cell_type 'kidney'") != std::string::npos);
    CHECK(all.find("m.tsv:5: evidence 'short' is shorter than 20 characters") != std::string::npos);
    CHECK(all.find("m.tsv:5: gene 'Tgfbr1' is not an upper-case HGNC symbol") != std::string::npos);
    CHECK(all.find("m.tsv:5: pmid 'PMC99' is not a PubMed ID") != std::string::npos);
    CHECK(all.find("m.tsv:8: row fibrosis_tgfb_smad COL1A1 is out of order") != std::string::npos);
}

TEST_CASE("check_modules reports a wrong header and an empty file") {
    const auto wrong = check_modules(table("m.tsv", "module\tgene\trole\n"));
    REQUIRE(wrong.size() == 1);
    CHECK(wrong[0].starts_with("m.tsv:1: header is 'module\\tgene\\trole'; expected"));
    const auto empty = check_modules(table("m.tsv", ""));
    REQUIRE(empty.size() == 1);
    CHECK(empty[0].starts_with("m.tsv: empty file"));
}

TEST_CASE("summarise_modules counts genes by role; gmt_line matches scripts/modules_to_gmt.sh") {
    const auto modules = summarise_modules(table("m.tsv", k_good_modules));
    REQUIRE(modules.size() == 2);
    CHECK(modules[0].module == "fibrosis_tgfb_smad");
    CHECK(modules[0].genes == std::vector<std::string>{"SMAD7", "TGFB1"});
    CHECK(modules[0].n_driver == 1);
    CHECK(modules[0].n_protective == 1);
    CHECK(modules[0].n_context == 0);
    CHECK(gmt_line(modules[1]) ==
          "inflammasome_nlrp3_assembly\texomir curated inflammasome_nlrp3_assembly: 1 genes "
          "(driver 1, protective 0, context 0)\tNLRP3");
    // the shipped fixture was written by the script itself
    const TextTable mini = read_text_table(k_data + "/reference_mini/modules.tsv");
    const TextTable mini_gmt = read_text_table(k_data + "/reference_mini/modules.gmt");
    CHECK(check_modules_gmt(mini_gmt, mini).empty());
}

TEST_CASE("check_modules_gmt finds missing, unknown, duplicate and stale sets") {
    const TextTable modules = table("m.tsv", k_good_modules);
    const auto problems = check_modules_gmt(
        table("m.gmt",
              "fibrosis_tgfb_smad\texomir curated fibrosis_tgfb_smad: 2 genes (driver 1, protective 1, context 0)\t"
              "SMAD7\n"
              "fibrosis_other\tx\tA\n"
              "fibrosis_tgfb_smad\texomir curated fibrosis_tgfb_smad\tSMAD7\tTGFB1\n"),
        modules);
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].starts_with("m.gmt:1: genes of 'fibrosis_tgfb_smad' differ from its 2 rows of m.tsv"));
    CHECK(problems[1].starts_with("m.gmt:2: set 'fibrosis_other' is not a module of m.tsv"));
    CHECK(problems[2].starts_with("m.gmt:3: set 'fibrosis_tgfb_smad' appears twice"));
    CHECK(problems[3] ==
          "m.gmt: module 'inflammasome_nlrp3_assembly' of m.tsv has no line; regenerate it with "
          "scripts/modules_to_gmt.sh");
    const auto stale = check_modules_gmt(
        table("m.gmt", "fibrosis_tgfb_smad\told text\tSMAD7\tTGFB1\n" + gmt_line(summarise_modules(modules)[1]) + "\n"),
        modules);
    REQUIRE(stale.size() == 1);
    CHECK(stale[0].starts_with("m.gmt:1: description of 'fibrosis_tgfb_smad' does not give its gene and role counts"));
}

TEST_CASE("check_interactions: names of the loaded reference, effects, symbols, PMIDs, duplicates") {
    const MirnaReference ref = mini_reference();
    const std::string head = "mirna\tgene\teffect\tassay\tspecies\tcell_type\tpmid\n";
    CHECK(check_interactions(table("i.tsv", head + "hsa-miR-21-5p\tSMAD7\tup\twestern\thuman\tHSC\t1\n"), ref).empty());
    const auto problems = check_interactions(table("i.tsv", head + "hsa-miR-21-5p\tSMAD7\tup\twestern\thuman\tHSC\t1\n"
                                                                   "hsa-miR-21-5p\tSMAD7\tdown\tqPCR\thuman\tHSC\t2\n"
                                                                   "MIMAT0000076\tPTEN\tdown\tqPCR\thuman\tHSC\t3\n"
                                                                   "hsa-miR-21\tpten\tsideways\tqPCR\thuman\tHSC\tNA\n"
                                                                   "hsa-miR-21-5p\tPTEN\tdown\n"),
                                             ref);
    const std::string all = fmt::format("{}", fmt::join(problems, "\n"));
    INFO(all);
    REQUIRE(problems.size() == 7);
    CHECK(all.find("i.tsv:3: duplicate row for hsa-miR-21-5p -> SMAD7 (first at line 2)") != std::string::npos);
    CHECK(all.find("i.tsv:4: miRNA 'MIMAT0000076' is not a mature name of the hsa reference") != std::string::npos);
    CHECK(all.find("i.tsv:5: miRNA 'hsa-miR-21' is not a mature name") != std::string::npos);
    CHECK(all.find("i.tsv:5: effect 'sideways' is not down or up") != std::string::npos);
    CHECK(all.find("i.tsv:5: gene 'pten'") != std::string::npos);
    CHECK(all.find("i.tsv:5: pmid 'NA'") != std::string::npos);
    CHECK(all.find("i.tsv:6: 3 tab-separated fields; expected 7") != std::string::npos);
}

TEST_CASE("count_effects and format_description") {
    const TextTable inter = read_text_table(k_data + "/reference_mini/interactions.tsv");
    const auto effects = count_effects(inter);
    CHECK(effects == std::map<std::string, std::size_t>{{"down", 2}, {"up", 1}});
    ReferenceDescription d{
        "hsa",   10, 5, 1, {{"mature", "m.fa", 756, "abc"}}, summarise_modules(table("m.tsv", k_good_modules)),
        effects, 3};
    const std::string tsv = format_description(d, "tsv");
    CHECK(tsv.starts_with("section\titem\tfield\tvalue\nreference\thsa\tmatures\t10\n"));
    CHECK(tsv.find("file\tmature\tmd5\tabc\n") != std::string::npos);
    CHECK(tsv.find("module\tfibrosis_tgfb_smad\tprotective\t1\n") != std::string::npos);
    CHECK(tsv.ends_with("interactions\tall\tcount\t3\ninteractions\tdown\tcount\t2\ninteractions\tup\tcount\t1\n"));
    const auto j = nlohmann::json::parse(format_description(d, "json"));
    CHECK(j["reference"]["unplaced_matures"] == 1);
    CHECK(j["modules"][1]["module"] == "inflammasome_nlrp3_assembly");
    CHECK(j["interactions"]["by_effect"]["up"] == 1);
    CHECK(format_description(d, "text").find("interactions  3: down 2, up 1\n") != std::string::npos);
    CHECK_THROWS_AS(format_description(d, "yaml"), UsageError);
}

TEST_CASE("file_md5 is the MD5 of the bytes") {
    CHECK(file_md5(k_data + "/empty.fq") == "d41d8cd98f00b204e9800998ecf8427e");  // MD5 of no bytes
    CHECK(file_md5(k_data + "/reference_mini/modules.gmt") == "405bfde79f1ba6e5e7f8b12bcd169487");
    CHECK_THROWS_AS(file_md5(k_data + "/no_such_file"), Error);
}
