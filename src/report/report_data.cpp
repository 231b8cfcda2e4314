// report_data.cpp (no header of its own: declared in report/report.hpp, one header for the report module): reading a
// run's outputs for the report, the MultiQC custom-content files, the network sketch.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/tsv.hpp"
#include "exomir/network/result.hpp"
#include "exomir/quant/mirgff3.hpp"
#include "exomir/quant/other_rna.hpp"
#include "exomir/quant/qc_json.hpp"
#include "exomir/report/report.hpp"

namespace exomir {

namespace {

std::string relative(const std::string& path, const std::string& base) {
    return std::filesystem::path(path).lexically_relative(base).generic_string();
}

TsvTable read_table(const std::string& path, const std::string& base, bool required, const char* step) {
    TsvTable t;
    t.path = relative(path, base);
    if (!file_exists(path)) {
        if (required) throw Error(fmt::format("{}: not found; run the {} step first (exomir run does it)", path, step));
        return t;
    }
    TsvReader in(path, "a header line", fmt::format("rerun the {} step", step));
    t.header = in.header();
    std::vector<std::string_view> f;
    while (in.next(f)) t.rows.emplace_back(f.begin(), f.end());
    return t;
}

std::uint64_t count(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<std::uint64_t>() : 0;
}

// The `bovine` block of a qc.json (absent in files of older versions: not checked).
void read_bovine(const nlohmann::json& j, SampleFates& f) {
    const auto it = j.find("bovine");
    if (it == j.end() || !it->is_object()) {
        f.bovine_reason = "not in qc.json (quant of an older exomir)";
        return;
    }
    const nlohmann::json& b = *it;
    f.bovine_checked = b.value("checked", false);
    f.bovine_reason = b.value("reason", std::string());
    f.bovine_fraction = b.value("fraction_of_mirna_reads", 0.0);
    f.serum_share = b.value("serum_share_of_mirna_reads", 0.0);
    std::vector<std::string> top;
    if (const auto t = b.find("top_mirnas"); t != b.end() && t->is_array())
        for (const auto& m : *t)
            if (top.size() < 5 && m.is_object() && m.contains("mirna") && m["mirna"].is_string())
                top.push_back(fmt::format("{} ({:.0f})", m["mirna"].get<std::string>(), m.value("reads", 0.0)));
    f.bovine_top = fmt::format("{}", fmt::join(top, ", "));
}

SampleFates read_fates(const SheetSample& s, const std::string& qc_path) {
    const std::string fix = fmt::format("rerun quant for sample {}", s.name);
    const auto qc = read_qc_json(qc_path, fix);
    if (!qc) throw Error(fmt::format("{}: not found; run 'exomir quant' for sample {} first", qc_path, s.name));
    const nlohmann::json& j = *qc;
    if (!j.contains("annotation") || !j["annotation"].is_object())
        throw Error(fmt::format("{}: not a qc.json of exomir quant (no annotation block); {}", qc_path, fix));
    const auto& a = j["annotation"];
    SampleFates f;
    f.sample = s.name;
    std::vector<std::string> cond;
    for (const auto& [k, v] : s.conditions) cond.push_back(k + "=" + v);
    f.condition_values = s.conditions;
    f.conditions = fmt::format("{}", fmt::join(cond, ", "));
    f.adapter = j.value("adapter", nlohmann::json()).is_string() ? j["adapter"].get<std::string>() : "NA";
    f.reads_in = count(j, "reads_in");
    f.adapter_dimers = count(j, "adapter_dimers");
    f.too_short = count(j, "too_short");
    f.mirna = count(a, "mirna_reads");
    f.hairpin_other = count(a, "hairpin_other_reads");
    f.other_rna = count(a, "other_rna_reads");
    f.unmapped = count(a, "unmapped_reads");
    if (a.contains("other_rna_class_reads") && a["other_rna_class_reads"].is_object())
        for (const auto& [cls, n] : a["other_rna_class_reads"].items())
            if (n.is_number()) f.rna_classes[cls] = n.get<std::uint64_t>();
    f.bovine_specific = count(a, "bovine_specific_reads");
    f.spike_in = count(a, "spike_in_reads");
    read_bovine(j, f);
    f.type = s.type;
    if (const QcGateVerdict gate = qc_gate_verdict(j); !gate.verdict.empty()) {
        f.qc_verdict = gate.verdict;
        f.qc_reasons = fmt::format("{}", fmt::join(gate.reasons, "; "));
    }
    const std::uint64_t placed = f.adapter_dimers + f.too_short + f.mirna + f.hairpin_other + f.other_rna + f.unmapped +
                                 f.bovine_specific + f.spike_in;
    f.filtered_other = f.reads_in > placed ? f.reads_in - placed : 0;
    if (j.contains("insert_length_histogram"))
        for (const auto& v : j["insert_length_histogram"]) f.length_hist.push_back(v.get<std::uint64_t>());
    return f;
}

IsomirMix read_isomirs(const std::string& sample, const std::string& gff_path) {
    IsomirMix mix{sample};
    MirGffReader in(gff_path, fmt::format("rerun quant for {}", sample));
    MirGffRecord rec;
    std::set<std::string> seen;
    while (in.next(rec)) {
        if (!seen.insert(std::string(rec.attribute("Read"))).second) continue;  // a multi-mapping sequence counts once
        const double n = in.expression(rec);
        const std::string_view v = rec.attribute("Variant");
        double* slot = &mix.snv;
        if (v.empty() || v == "NA")
            slot = &mix.canonical;
        else if (v.find("iso_5p") != std::string::npos)
            slot = &mix.shift_5p;
        else if (v.find("iso_add3p") != std::string::npos)
            slot = &mix.add_3p;
        else if (v.find("iso_3p") != std::string::npos)
            slot = &mix.trim_ext_3p;
        *slot += n;
    }
    return mix;
}

// <sample>.rna_classes.tsv and <sample>.rna_fragments.tsv when quant wrote them (older runs: none).
void read_class_tables(const std::string& base, const std::string& out_dir, SampleFates& f) {
    const TsvTable classes = read_table(base + ".rna_classes.tsv", out_dir, false, "quant");
    const int c_cls = classes.header.find("class"), c_reads = classes.header.find("reads");
    const std::string fix = "rerun quant for sample " + f.sample;
    if (!classes.rows.empty() && (c_cls < 0 || c_reads < 0))
        throw Error(fmt::format("{}.rna_classes.tsv:1: no class or reads column; {}", base, fix));
    for (const auto& r : classes.rows)
        f.class_reads.emplace_back(
            r.at(static_cast<std::size_t>(c_cls)),
            parse_double(r.at(static_cast<std::size_t>(c_reads)), base + ".rna_classes.tsv: ", "reads"));
    const TsvTable frags = read_table(base + ".rna_fragments.tsv", out_dir, false, "quant");
    const int k_cls = frags.header.find("class"), k_feat = frags.header.find("feature"),
              k_frag = frags.header.find("fragment"), k_reads = frags.header.find("reads");
    if (!frags.rows.empty() && (k_cls < 0 || k_feat < 0 || k_frag < 0 || k_reads < 0))
        throw Error(fmt::format("{}.rna_fragments.tsv:1: no class, feature, fragment or reads column; {}", base, fix));
    for (const auto& r : frags.rows)
        f.fragments.push_back(
            {r.at(static_cast<std::size_t>(k_cls)), r.at(static_cast<std::size_t>(k_feat)),
             r.at(static_cast<std::size_t>(k_frag)),
             parse_double(r.at(static_cast<std::size_t>(k_reads)), base + ".rna_fragments.tsv: ", "reads")});
}

struct TopEdge {
    std::string mirna, module;
    double share;
};

// The best modules by z (curated first on ties) and their top miRNAs by contribution share.
std::vector<TopEdge> top_edges(const ReportData& d, int n_modules, int n_mirnas) {
    const TsvTable& m = d.modules;
    const int c_mod = m.header.find("module"), c_src = m.header.find("source"), c_z = m.header.find("z");
    if (c_mod < 0 || c_z < 0) return {};
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& r : m.rows)
        if (r[c_z] != "NA" && (c_src < 0 || r[c_src] == "curated")) ranked.emplace_back(-std::stod(r[c_z]), r[c_mod]);
    std::sort(ranked.begin(), ranked.end());
    if (ranked.size() > static_cast<std::size_t>(n_modules)) ranked.resize(static_cast<std::size_t>(n_modules));
    const TsvTable& c = d.contributions;
    const int k_mod = c.header.find("module"), k_rank = c.header.find("rank"), k_mir = c.header.find("mirna"),
              k_share = c.header.find("share");
    std::vector<TopEdge> edges;
    if (k_mod < 0 || k_rank < 0 || k_mir < 0 || k_share < 0) return edges;
    for (const auto& [negz, module] : ranked)
        for (const auto& r : c.rows)
            if (r[k_mod] == module && std::stoi(r[k_rank]) <= n_mirnas && std::stod(r[k_share]) > 0)
                edges.push_back({r[k_mir], module, std::stod(r[k_share])});
    return edges;
}

}  // namespace

// Target sources, genome scale and gene-ID databases of network.run.json (older runs without them: nothing shown).
namespace {

void read_network_basis(const std::string& net_dir, ReportData& d) {
    const NetworkRunInfo info = read_network_run(net_dir);
    d.network_ran = info.present;
    d.contamination_file = info.contamination;
    d.exclude_contaminants = info.exclude_contaminants;
    d.excluded_as_medium = info.excluded_as_medium;
    if (!info.present || info.target_sources.empty()) return;
    for (const auto& c : info.target_sources)
        d.target_sources.push_back(fmt::format(
            "{}: {} miRNA-gene pairs ({} of expressed miRNAs), {} miRNAs covered, {:.1f}% of the cargo's miRNA reads",
            c.source, c.pairs, c.pairs_expressed, c.mirnas_covered, 100 * c.read_share));
    d.genome_scale = info.genome_scale;
    d.genome_scale_fix = info.genome_scale_fix;
    d.cargo_note = info.normalization == Normalization::tmm
                       ? fmt::format("cargo abundance: mean TMM-normalised CPM of the cargo samples (TMM factors: {})",
                                     info.norm_factors)
                       : "cargo abundance: mean CPM of the cargo samples (network --normalization cpm)";
    if (!info.orgdb.empty())
        d.gene_ids_note = fmt::format(
            "gene IDs mapped to current symbols with org.Hs.eg.db (Entrez Gene {}); {} GO BP "
            "sets scored",
            info.entrez_gene_date, info.n_go_sets);
    else
        d.gene_ids_note = "gene IDs used as given (org.Hs.eg.db not found: run 'make deps'); no GO BP sets";
}

}  // namespace

ReportData load_report_data(const SampleSheetTable& sheet, const RunLayout& l) {
    ReportData d;
    d.title = std::filesystem::path(l.out_dir).lexically_normal().filename().string();
    for (const auto& s : sheet.samples) {
        const std::string base = (std::filesystem::path(l.quant_dir) / s.name).string();
        d.samples.push_back(read_fates(s, base + ".qc.json"));
        read_class_tables(base, l.out_dir, d.samples.back());
        d.isomirs.push_back(read_isomirs(s.name, base + ".isomir.gff3"));
    }
    d.cpm = read_table(l.counts_dir + "/cpm.tsv", l.out_dir, true, "merge");
    d.tmm = read_table(l.counts_dir + "/tmm.tsv", l.out_dir, false, "merge");
    d.modules = read_table(result_path(l.net_dir, result_file::module_scores), l.out_dir, true, "network");
    d.modules.header.require({"module", "source", "z"}, "rerun the network step");  // the module plot's columns
    require_module_scores_column(d.modules.header, "fdr_cargo", "rerun the network step");
    d.contributions = read_table(result_path(l.net_dir, result_file::mirna_module), l.out_dir, true, "network");
    read_network_basis(l.net_dir, d);
    d.cocktails = read_table(l.rank_dir + "/payload_cocktails.tsv", l.out_dir, false, "rank");
    d.groups = read_table(l.rank_dir + "/group_comparison.tsv", l.out_dir, false, "rank");
    if (file_exists(default_serum_mirnas_path())) d.known_serum = read_serum_mirnas(default_serum_mirnas_path());
    return d;
}

std::string top_network_dot(const ReportData& d, int n_modules, int n_mirnas) {
    std::string dot =
        "digraph top {\n  rankdir=LR; bgcolor=\"transparent\"; size=\"10,7\"; nodesep=0.12; ranksep=1.6;\n"
        "  node [fontname=\"Helvetica\", fontsize=11, style=filled];\n";
    std::set<std::string> mirnas, modules;
    std::string edges;
    for (const auto& e : top_edges(d, n_modules, n_mirnas)) {
        mirnas.insert(e.mirna);
        modules.insert(e.module);
        edges += fmt::format("  {} -> {} [penwidth={:.2f}, color=\"#5b7db1\"];\n", dot_quote("mirna:" + e.mirna),
                             dot_quote("module:" + e.module), 0.8 + 6.0 * std::min(1.0, e.share));
    }
    for (const auto& m : mirnas)
        dot += fmt::format("  {} [label={}, shape=ellipse, fillcolor=\"#fde3c8\", color=\"#d9822b\"];\n",
                           dot_quote("mirna:" + m), dot_quote(m));
    for (const auto& m : modules)
        dot += fmt::format("  {} [label={}, shape=box, fillcolor=\"#d6e6f5\", color=\"#3a6ea5\"];\n",
                           dot_quote("module:" + m), dot_quote(m));
    return dot + edges + "}\n";
}

std::string top_network_svg(const ReportData& d, int n_modules, int n_mirnas) {
    const auto edges = top_edges(d, n_modules, n_mirnas);
    std::vector<std::string> mirnas, modules;
    for (const auto& e : edges) {
        if (std::find(mirnas.begin(), mirnas.end(), e.mirna) == mirnas.end()) mirnas.push_back(e.mirna);
        if (std::find(modules.begin(), modules.end(), e.module) == modules.end()) modules.push_back(e.module);
    }
    const auto y = [](std::size_t i, std::size_t n, double h) {
        return 20.0 + (h - 40.0) * (static_cast<double>(i) + 0.5) / static_cast<double>(std::max<std::size_t>(n, 1));
    };
    const double h = 40.0 + 26.0 * static_cast<double>(std::max(mirnas.size(), modules.size()));
    std::string svg =
        fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"{:.0f}\" font-size=\"12\">", h);
    for (const auto& e : edges) {
        const auto i = std::find(mirnas.begin(), mirnas.end(), e.mirna) - mirnas.begin();
        const auto j = std::find(modules.begin(), modules.end(), e.module) - modules.begin();
        svg += fmt::format(
            "<path d=\"M200,{:.1f} C380,{:.1f} 380,{:.1f} 540,{:.1f}\" stroke=\"#5b7db1\" stroke-width=\"{:.2f}\" fill=\"none\" opacity=\"0.7\"/>",
            y(static_cast<std::size_t>(i), mirnas.size(), h), y(static_cast<std::size_t>(i), mirnas.size(), h),
            y(static_cast<std::size_t>(j), modules.size(), h), y(static_cast<std::size_t>(j), modules.size(), h),
            0.8 + 6.0 * std::min(1.0, e.share));
    }
    for (std::size_t i = 0; i < mirnas.size(); ++i)
        svg += fmt::format(
            "<rect x=\"40\" y=\"{:.1f}\" width=\"160\" height=\"20\" rx=\"10\" fill=\"#fde3c8\" stroke=\"#d9822b\"/>"
            "<text x=\"120\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
            y(i, mirnas.size(), h) - 10, y(i, mirnas.size(), h) + 4, html_escape(mirnas[i]));
    for (std::size_t j = 0; j < modules.size(); ++j)
        svg += fmt::format(
            "<rect x=\"540\" y=\"{:.1f}\" width=\"210\" height=\"20\" fill=\"#d6e6f5\" stroke=\"#3a6ea5\"/>"
            "<text x=\"645\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
            y(j, modules.size(), h) - 10, y(j, modules.size(), h) + 4, html_escape(modules[j]));
    return svg + "</svg>";
}

namespace {

// The head of a MultiQC bar graph of reads: id exomir_<key>, section and title "exomir: <name>".
nlohmann::ordered_json mqc_bargraph(const std::string& key, const std::string& name, const char* description) {
    nlohmann::ordered_json j;
    j["id"] = "exomir_" + key;
    j["section_name"] = "exomir: " + name;
    j["description"] = description;
    j["plot_type"] = "bargraph";
    j["pconfig"] = {{"id", "exomir_" + key + "_plot"}, {"title", "exomir: " + name}, {"ylab", "Reads"}};
    return j;
}

}  // namespace

std::string mqc_read_fates_json(const std::vector<SampleFates>& samples) {
    nlohmann::ordered_json j = mqc_bargraph("read_fates", "read fates",
                                            "What became of each sample's reads in exomir quant (adapter dimers, too "
                                            "short, miRNA, other hairpin fragments, other small RNA, unmapped).");
    j["categories"] = nlohmann::ordered_json::object();
    const std::vector<FateCategory> cats = fate_categories(samples);
    for (const auto& c : cats) j["categories"][c.key] = {{"name", c.label}, {"color", c.color}};
    j["data"] = nlohmann::ordered_json::object();
    for (const auto& s : samples)
        for (const auto& c : cats) j["data"][s.sample][c.key] = s.*c.count;
    return j.dump(2) + "\n";
}

std::string mqc_rna_classes_json(const std::vector<SampleFates>& samples) {
    std::set<std::pair<int, std::string>> classes;  // priority, name
    for (const auto& s : samples)
        for (const auto& [cls, n] : s.rna_classes) classes.insert({other_rna_rank(cls), cls});
    nlohmann::ordered_json j =
        mqc_bargraph("rna_classes", "RNA classes",
                     "RNA classes of the reads kept after trimming (exomir quant; priority miRNA > tRNA > rRNA > "
                     "Y RNA > snRNA > snoRNA > 7SK/7SL/vault/misc > unmapped).");
    j["data"] = nlohmann::ordered_json::object();
    for (const auto& s : samples) {
        auto& d = j["data"][s.sample];
        if (s.spike_in > 0) d["spike_in"] = s.spike_in;
        d["miRNA"] = s.mirna;
        d["hairpin_other"] = s.hairpin_other;
        for (const auto& [rank, cls] : classes) d[cls] = s.rna_classes.count(cls) ? s.rna_classes.at(cls) : 0;
        d["unmapped"] = s.unmapped;
    }
    return j.dump(2) + "\n";
}

std::string mqc_general_stats_json(const std::vector<SampleFates>& samples) {
    nlohmann::ordered_json j;
    j["id"] = "exomir_general";
    j["plot_type"] = "generalstats";
    j["pconfig"] = nlohmann::ordered_json::array(
        {{{"mirna_percent",
           {{"title", "% miRNA"},
            {"description", "reads assigned to miRNAs (exomir)"},
            {"max", 100},
            {"min", 0},
            {"suffix", "%"},
            {"scale", "Greens"},
            {"format", "{:,.1f}"}}}},
         {{"mirna_reads",
           {{"title", "miRNA reads"}, {"description", "reads assigned to miRNAs (exomir)"}, {"format", "{:,.0f}"}}}},
         {{"reads_in", {{"title", "Reads in"}, {"description", "reads read by exomir quant"}, {"format", "{:,.0f}"}}}},
         {{"serum_share_percent",
           {{"title", "% serum miRNA"},
            {"description",
             "estimated share of miRNA reads from bovine serum (culture medium), from bovine-specific reads "
             "(exomir; absent = check not run)"},
            {"max", 100},
            {"min", 0},
            {"suffix", "%"},
            {"scale", "Reds"},
            {"format", "{:,.1f}"}}}},
         {{"bovine_specific_percent",
           {{"title", "% bovine-specific"},
            {"description", "miRNA reads only a bovine hairpin explains (exomir; absent = check not run)"},
            {"suffix", "%"},
            {"format", "{:,.2f}"}}}},
         {{"qc_verdict",
           {{"title", "QC"},
            {"description",
             "exomir QC gate: PASS, WARN or FAIL (reasons in qc_summary.tsv and the report; docs/qc_gate.md)"}}}}});
    j["data"] = nlohmann::ordered_json::object();
    for (const auto& s : samples) {
        j["data"][s.sample] = {{"mirna_percent", std::round(1000.0 * s.mirna_fraction()) / 10.0},
                               {"mirna_reads", s.mirna},
                               {"reads_in", s.reads_in}};
        if (s.qc_verdict != "NA") j["data"][s.sample]["qc_verdict"] = s.qc_verdict;
        if (s.bovine_checked) {
            j["data"][s.sample]["serum_share_percent"] = std::round(1000.0 * s.serum_share) / 10.0;
            j["data"][s.sample]["bovine_specific_percent"] = std::round(10000.0 * s.bovine_fraction) / 100.0;
        }
    }
    return j.dump(2) + "\n";
}

}  // namespace exomir
