// test_report.cpp: report.html rendering, the network sketch and the MultiQC custom-content files.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exomir/report/report.hpp"

using namespace exomir;

namespace {
ReportData small_data() {
    ReportData d;
    d.title = "res<1>";
    SampleFates a;
    a.sample = "bm1";
    a.reads_in = 1000, a.adapter_dimers = 100, a.too_short = 50, a.mirna = 600, a.hairpin_other = 50, a.other_rna = 100,
    a.unmapped = 80, a.filtered_other = 20;
    a.length_hist.assign(40, 0);
    a.length_hist[22] = 500, a.length_hist[31] = 200;
    d.samples = {a};
    d.isomirs = {{"bm1", 400, 50, 80, 60, 10}};
    d.cpm = {"counts/cpm.tsv",
             TsvHeader(std::vector<std::string>{"mirna", "accession", "bm1"}, ""),
             {{"hsa-miR-21-5p", "MIMAT0000076", "500000.00"}, {"hsa-miR-223-3p", "MIMAT0000280", "300000.00"}}};
    d.modules = {
        "net/module_scores.tsv",
        TsvHeader(std::vector<std::string>{"module", "source", "signed_score", "z", "fdr_cargo", "fdr_geneset", "call"},
                  ""),
        {{"inflammasome_nlrp3", "curated", "0.1", "3.2", "0.01", "0.002", "yes"},
         {"fibrosis_ecm", "curated", "0.01", "-0.5", "0.6", "0.3", "no"}}};
    d.contributions = {"net/mirna_module.tsv",
                       TsvHeader(std::vector<std::string>{"module", "source", "rank", "mirna", "share"}, ""),
                       {{"inflammasome_nlrp3", "curated", "1", "hsa-miR-223-3p", "0.7"},
                        {"inflammasome_nlrp3", "curated", "2", "hsa-miR-21-5p", "0.2"},
                        {"fibrosis_ecm", "curated", "1", "hsa-miR-21-5p", "0.9"}}};
    return d;
}
}  // namespace

TEST_CASE("fates add up and the categories cover every count") {
    const auto d = small_data();
    std::uint64_t sum = 0;
    for (const auto& c : fate_categories()) sum += d.samples[0].*c.count;
    CHECK(sum == d.samples[0].reads_in);
    CHECK(d.samples[0].mirna_fraction() == Approx(0.6));
}

TEST_CASE("spike-in reads are a fate of their own, shown only when some sample has them", "[spike_ins]") {
    auto d = small_data();
    CHECK(fate_categories(d.samples).size() == fate_categories().size());
    CHECK(nlohmann::json::parse(mqc_read_fates_json(d.samples))["categories"].count("spike_in") == 0);
    SampleFates& a = d.samples[0];
    a.reads_in += 70, a.spike_in = 70;
    const std::vector<FateCategory> cats = fate_categories(d.samples);
    REQUIRE(cats.size() == fate_categories().size() + 1);
    CHECK(std::string(cats[1].key) == "spike_in");
    std::uint64_t sum = 0;
    for (const auto& c : cats) sum += a.*c.count;
    CHECK(sum == a.reads_in);
    const auto fates = nlohmann::ordered_json::parse(mqc_read_fates_json(d.samples));
    CHECK(fates["data"]["bm1"]["spike_in"] == 70);
}

TEST_CASE("render_report is one self-contained page with every section") {
    ReportData d = small_data();
    d.network_svg = top_network_svg(d);
    const std::string html = render_report(d);
    for (const char* id : {"fates", "lengths", "isomirs", "mirnas", "modules", "contributors", "cocktail", "network"})
        CHECK(html.find(fmt::format("id=\"{}\"", id)) != std::string::npos);
    CHECK(html.find("res&lt;1&gt;") != std::string::npos);             // escaped title
    CHECK(html.find("href=\"counts/cpm.tsv\"") != std::string::npos);  // tables link to the TSVs
    CHECK(html.find("href=\"net/module_scores.tsv\"") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http://") == html.find("http://www.w3.org"));  // only the SVG namespace, nothing fetched
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("z 3.20, cargo FDR 0.01; gene-set FDR 0.002; called<") != std::string::npos);
    CHECK(html.find("z -0.50, cargo FDR 0.6; gene-set FDR 0.3<") != std::string::npos);
    CHECK(html.find("<b>gene-set null</b>") != std::string::npos);
    CHECK(html.find("hsa-miR-223-3p <small>(70%)</small>") != std::string::npos);
    CHECK(html.find("did not run") != std::string::npos);  // no cocktail table without rank
    CHECK(html.find("<svg") != std::string::npos);
    std::size_t open = 0, close = 0;
    for (std::size_t p = 0; (p = html.find("<svg", p)) != std::string::npos; ++p) ++open;
    for (std::size_t p = 0; (p = html.find("</svg>", p)) != std::string::npos; ++p) ++close;
    CHECK(open == close);
}

TEST_CASE("the module plot reads the cargo FDR of results from before the rename (column fdr, not fdr_cargo)") {
    ReportData d = small_data();
    const std::string now = render_report(d);
    d.modules.header =
        TsvHeader(std::vector<std::string>{"module", "source", "signed_score", "z", "fdr", "fdr_geneset", "call"}, "");
    CHECK(render_report(d) == now);
    CHECK(now.find("z -0.50, cargo FDR 0.6; gene-set FDR 0.3<") != std::string::npos);
}

TEST_CASE("the network sketch shows the best modules and their top miRNAs") {
    const auto d = small_data();
    const std::string dot = top_network_dot(d, 1, 4);
    CHECK(dot.find("\"mirna:hsa-miR-223-3p\" -> \"module:inflammasome_nlrp3\"") != std::string::npos);
    CHECK(dot.find("fibrosis_ecm") == std::string::npos);  // only the best module
    const std::string svg = top_network_svg(d, 2, 1);
    CHECK(svg.find("fibrosis_ecm") != std::string::npos);
    CHECK(svg.find("hsa-miR-21-5p") != std::string::npos);
}

TEST_CASE("MultiQC custom content follows the documented JSON layout") {
    const auto d = small_data();
    const auto fates = nlohmann::ordered_json::parse(mqc_read_fates_json(d.samples));
    CHECK(fates["id"] == "exomir_read_fates");
    CHECK(fates["plot_type"] == "bargraph");
    CHECK(fates["data"]["bm1"]["mirna"] == 600);
    CHECK(fates["categories"].begin().key() == "mirna");
    const auto general = nlohmann::json::parse(mqc_general_stats_json(d.samples));
    CHECK(general["plot_type"] == "generalstats");
    CHECK(general["data"]["bm1"]["mirna_percent"] == Approx(60.0));
}

TEST_CASE("MultiQC RNA classes: miRNA first, other classes by priority, unmapped last") {
    auto d = small_data();
    d.samples[0].rna_classes = {{"snoRNA", 5}, {"rRNA", 7}, {"tRNA", 11}};
    const auto j = nlohmann::ordered_json::parse(mqc_rna_classes_json(d.samples));
    CHECK(j["id"] == "exomir_rna_classes");
    CHECK(j["plot_type"] == "bargraph");
    const auto& bm1 = j["data"]["bm1"];
    std::vector<std::string> keys;
    for (auto it = bm1.begin(); it != bm1.end(); ++it) keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"miRNA", "hairpin_other", "tRNA", "rRNA", "snoRNA", "unmapped"});
    CHECK(bm1["tRNA"] == 11);
    CHECK(bm1["miRNA"] == 600);
    if (d.samples.size() > 1) CHECK(j["data"][d.samples[1].sample]["tRNA"] == 0);
}

TEST_CASE("html_escape escapes markup") { CHECK(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;"); }

TEST_CASE("known FBS miRNAs in the cargo are flagged with their citation, without blanks") {
    ReportData d = small_data();
    d.cpm.rows.push_back({"hsa-miR-122-5p", "MIMAT0000421", "200000.00"});
    d.known_serum = {{"hsa-miR-122-5p", {"found in FBS <media>"}, {"PMID:30940830"}},
                     {"hsa-miR-451a", {"in FBS"}, {"doi:10.1038/srep31175"}}};
    const std::string html = render_report(d);
    const auto at = html.find("Known culture-medium miRNAs");
    REQUIRE(at != std::string::npos);
    const std::string section = html.substr(at, html.find("</table>", at) - at);
    CHECK(section.find("hsa-miR-122-5p</td><td>200000</td><td>20.00%</td><td>3</td>") != std::string::npos);
    CHECK(section.find("found in FBS &lt;media&gt; (PMID:30940830)") != std::string::npos);
    CHECK(section.find("hsa-miR-451a") == std::string::npos);  // not in the cargo: not listed
    d.known_serum.pop_back();
    d.cpm.rows.pop_back();
    CHECK(render_report(d).find("None of them was detected") != std::string::npos);
}
