// report.cpp: renders report.html, one self-contained page (inline CSS and SVG, no scripts) from ReportData.
#include "exomir/report/report.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/io.hpp"
#include "exomir/network/result.hpp"
#include "exomir/report/svg.hpp"

namespace exomir {

namespace {

// The page has no scripts and loads nothing: the policy forbids every script (inline included), plugin, frame and
// remote resource, so a name that slipped through an escaper still could not run code (docs/security.md).
constexpr const char* k_csp =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none'; "
    "object-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">";

constexpr const char* k_css =
    R"(body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:1120px;color:#222;background:#fff}
h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
p.note{color:#555;font-size:13px;margin:4px 0 10px}table{border-collapse:collapse;font-size:12px;margin:6px 0}
th,td{border:1px solid #ddd;padding:3px 7px;text-align:right}th{background:#f3f5f8}td.l,th.l{text-align:left}
a{color:#2a5db0}.legend span{display:inline-block;margin-right:14px;font-size:12px}
.sw{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}
nav a{margin-right:12px;font-size:13px}svg text{font-family:Helvetica,Arial,sans-serif}
)";

std::string link(const std::string& path, const std::string& text) {
    return fmt::format("<a href=\"{}\">{}</a>", html_escape(path), html_escape(text));
}

std::string read_fates(const ReportData& d) {
    std::vector<std::string> labels, colors;
    std::vector<std::pair<std::string, std::string>> items;
    const std::vector<FateCategory> cats = fate_categories(d.samples);
    for (const auto& c : cats) {
        colors.push_back(c.color);
        items.emplace_back(c.label, c.color);
    }
    std::vector<std::vector<double>> values;
    std::string rows;
    for (const auto& s : d.samples) {
        labels.push_back(s.sample);
        values.emplace_back();
        rows += fmt::format("<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td>",
                            link("quant/" + s.sample + ".qc.json", s.sample), html_escape(s.conditions), s.reads_in);
        for (const auto& c : cats) {
            values.back().push_back(static_cast<double>(s.*c.count));
            rows += fmt::format("<td>{}</td>", s.*c.count);
        }
        rows += fmt::format("<td>{:.1f}%</td><td class=\"l\">{}</td></tr>", 100.0 * s.mirna_fraction(),
                            html_escape(s.adapter));
    }
    std::string head = "<tr><th class=\"l\">sample</th><th class=\"l\">conditions</th><th>reads in</th>";
    for (const auto& c : cats) head += fmt::format("<th>{}</th>", c.label);
    head += "<th>miRNA %</th><th class=\"l\">adapter</th></tr>";
    return "<h2 id=\"fates\">Read fates</h2><p class=\"note\">Every read of a sample in exactly one class (exosome libraries "
           "are often mostly non-miRNA). Summary table: " +
           link("counts/qc_summary.tsv", "qc_summary.tsv") +
           "; MultiQC: "
           "exomir_*_mqc.json.</p>" +
           html_legend(items) + svg_stacked_bars(labels, values, colors) + "<table>" + head + rows + "</table>";
}

// Per sample: the QC gate's verdict and its reasons (quant qc.json qc_gate; thresholds in docs/qc_gate.md).
std::string qc_gate(const ReportData& d) {
    std::string rows;
    std::size_t n_fail = 0;
    for (const auto& s : d.samples) {
        const char* color = s.qc_verdict == "FAIL" ? "#c0392b" : s.qc_verdict == "WARN" ? "#b9770e" : "#1e8449";
        n_fail += s.qc_verdict == "FAIL" && s.type == "sample";
        rows += fmt::format(
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\" style=\"color:{};font-weight:bold\">{}"
            "</td><td class=\"l\">{}</td></tr>",
            html_escape(s.sample), html_escape(s.type), color, html_escape(s.qc_verdict),
            html_escape(s.qc_reasons.empty() ? "-" : s.qc_reasons));
    }
    std::string note =
        "Each sample is checked against thresholds modelled on exceRpt (>= 100,000 reads on known small RNAs, "
        "more than half of the reads on them) and miRTrace (share of miRNA-length inserts, miRNA content, "
        "complexity), plus adapter dimers, adapter found (a wrong kit) and kept reads; docs/qc_gate.md gives each "
        "threshold and its source. Blanks and negatives are expected to fail and do not stop a run.";
    if (n_fail > 0)
        note += fmt::format(
            " <b style=\"color:#c0392b\">{} sample{} failed QC: `exomir run` leaves {} out of the cargo and group "
            "comparisons unless --keep-failed.</b>",
            n_fail, n_fail == 1 ? "" : "s", n_fail == 1 ? "it" : "them");
    return "<h2 id=\"qc\">QC gate</h2><p class=\"note\">" + note +
           "</p><table><tr><th class=\"l\">sample</th><th class=\"l\">type</th><th class=\"l\">QC</th><th "
           "class=\"l\">reasons</th></tr>" +
           rows + "</table>";
}

// Mean CPM over the samples of each row of counts/cpm.tsv (columns mirna, accession, then samples), in row order.
std::vector<double> row_mean_cpm(const TsvTable& t) {
    const std::size_t first = 2;
    const double n = static_cast<double>(std::max<std::size_t>(1, t.header.size() - first));
    std::vector<double> out;
    out.reserve(t.rows.size());
    for (const auto& row : t.rows) {
        double sum = 0;
        for (std::size_t c = first; c < row.size(); ++c) sum += std::strtod(row[c].c_str(), nullptr);
        out.push_back(sum / n);
    }
    return out;
}

// The cited FBS miRNAs found in the cargo: flagged from the literature whether or not blanks were sequenced.
std::string known_serum_mirnas(const ReportData& d) {
    if (d.known_serum.empty()) return {};
    const std::vector<double> all = row_mean_cpm(d.cpm);
    std::string rows;
    for (const auto& k : d.known_serum) {
        const auto row = std::find_if(d.cpm.rows.begin(), d.cpm.rows.end(),
                                      [&](const auto& r) { return !r.empty() && r[0] == k.mirna; });
        if (row == d.cpm.rows.end()) continue;
        const double cpm = all[static_cast<std::size_t>(row - d.cpm.rows.begin())];
        if (!(cpm > 0)) continue;
        const auto rank = 1 + std::count_if(all.begin(), all.end(), [&](double v) { return v > cpm; });
        std::string cites;
        for (std::size_t i = 0; i < k.citations.size(); ++i)
            cites += fmt::format("{}{} ({})", i ? "; " : "", html_escape(k.evidence[i]), html_escape(k.citations[i]));
        rows += fmt::format(
            "<tr><td class=\"l\">{}</td><td>{:.0f}</td><td>{:.2f}%</td><td>{}</td><td class=\"l\">{}</td></tr>",
            html_escape(k.mirna), cpm, cpm / 1e4, rank, cites);
    }
    const std::string head =
        "<h3>Known culture-medium miRNAs in this cargo</h3><p class=\"note\">miRNAs that published studies found in "
        "fetal bovine serum and FBS-containing media (reference/serum_mirnas.tsv). Their human and bovine sequences are "
        "identical or nearly so, so reads cannot tell the two apart: treat them as possibly medium-derived unless "
        "medium-only blanks (sample sheet type <code>blank</code>) show otherwise.</p>";
    if (rows.empty()) return head + "<p>None of them was detected in the samples.</p>";
    return head +
           "<table><tr><th class=\"l\">miRNA</th><th>mean CPM</th><th>% of miRNA reads</th><th>rank in cargo</th><th "
           "class=\"l\">evidence</th></tr>" +
           rows + "</table>";
}

// Whether blanks were sequenced, and what network left out of the cargo because of them (issue 16).
std::string medium_controls(const ReportData& d) {
    if (!d.network_ran) return {};
    const bool sheet_blanks =
        std::any_of(d.samples.begin(), d.samples.end(), [](const SampleFates& s) { return s.type == "blank"; });
    if (d.contamination_file.empty() && sheet_blanks)
        return "<div style=\"border:2px solid #ef6c00;background:#fff3e0;padding:8px 12px;margin:10px 0\"><b>The "
               "sample sheet has medium-only blanks, but network did not use their contamination.tsv</b> (a result of "
               "an older exomir, or network run without --contamination): every miRNA stayed in the cargo. Rerun "
               "<code>exomir run</code>, or network with <code>--contamination counts/contamination.tsv</code>.</div>";
    if (d.contamination_file.empty())
        return "<div style=\"border:2px solid #ef6c00;background:#fff3e0;padding:8px 12px;margin:10px 0\"><b>No "
               "medium-only blanks were sequenced.</b> miRNAs from the culture serum cannot be told apart from MSC "
               "cargo, so network and rank kept every miRNA (--exclude-contaminants none); the known serum miRNAs "
               "below are flagged from the literature only. Add a blank of EV-depleted medium processed like the "
               "samples (sample sheet type <code>blank</code>).</div>";
    std::string s = fmt::format(
        "<p class=\"note\">Medium-only blanks were sequenced: per-miRNA flags in {} (docs/contamination.md). "
        "--exclude-contaminants {}: ",
        link("counts/contamination.tsv", "contamination.tsv"), html_escape(d.exclude_contaminants));
    if (d.excluded_as_medium.empty()) return s + "no miRNA was left out of the cargo.</p>";
    std::vector<std::string> names;
    for (const auto& m : d.excluded_as_medium) names.push_back(html_escape(m));
    return s + fmt::format("{} miRNA{} left out of the cargo as medium-derived: {}.</p>", names.size(),
                           names.size() == 1 ? "" : "s", fmt::join(names, ", "));
}

// Per sample: the culture-medium (bovine serum) signal of quant, or why it was not measured (never 0%).
std::string serum_signal(const ReportData& d) {
    std::string rows;
    for (const auto& s : d.samples) {
        if (!s.bovine_checked) {
            rows += fmt::format("<tr><td class=\"l\">{}</td><td class=\"l\" colspan=\"4\">check not run: {}</td></tr>",
                                html_escape(s.sample), html_escape(s.bovine_reason));
            continue;
        }
        rows += fmt::format(
            "<tr><td class=\"l\">{}</td><td>{}</td><td>{:.2f}%</td><td>{:.1f}%</td><td class=\"l\">{}</td></tr>",
            html_escape(s.sample), s.bovine_specific, 100.0 * s.bovine_fraction, 100.0 * s.serum_share,
            html_escape(s.bovine_top));
    }
    return "<h2 id=\"serum\">Culture-medium (bovine serum) signal</h2><p class=\"note\">Reads that only a bovine "
           "(bta) hairpin explains, and the share of miRNA reads they imply came from fetal bovine serum (bovine-specific "
           "fraction / the fraction in pure bovine serum; see docs/contamination.md). Most bovine miRNAs are identical "
           "to human ones, so the share is an estimate.</p><table><tr><th class=\"l\">sample</th><th>bovine-specific "
           "reads</th><th>% of miRNA reads</th><th>est. serum share</th><th class=\"l\">top bovine-specific "
           "miRNAs</th></tr>" +
           rows + "</table>" + medium_controls(d) + known_serum_mirnas(d);
}

std::string length_distributions(const ReportData& d) {
    static const char* palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    const int lo = 14, hi = 44;
    const double x0 = 60, w = 820, h = 220;
    double ymax = 0;
    std::vector<std::vector<double>> frac;
    for (const auto& s : d.samples) {
        const double total = std::accumulate(s.length_hist.begin(), s.length_hist.end(), 0.0);
        frac.emplace_back();
        for (int l = lo; l <= hi; ++l) {
            const double v = total > 0 && static_cast<std::size_t>(l) < s.length_hist.size()
                                 ? static_cast<double>(s.length_hist[static_cast<std::size_t>(l)]) / total
                                 : 0.0;
            frac.back().push_back(v);
            ymax = std::max(ymax, v);
        }
    }
    ymax = ymax > 0 ? std::ceil(ymax / 0.04) * 0.04 : 1.0;  // quarter ticks at whole percents
    std::string svg =
        fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" font-size=\"11\">",
                    x0 + w + 20, h + 40);
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#999\"/><line x1=\"{0}\" y1=\"10\" x2=\"{0}\" y2=\"{1}\" stroke=\"#999\"/>",
        x0, h + 10, x0 + w);
    const auto px = [&](int l) { return x0 + w * (l - lo) / static_cast<double>(hi - lo); };
    const auto py = [&](double v) { return 10 + h * (1.0 - v / ymax); };
    for (int l = lo; l <= hi; l += 2)
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.0f}\" text-anchor=\"middle\">{}</text>", px(l), h + 24, l);
    for (int t = 0; t <= 4; ++t)
        svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.1f}\" text-anchor=\"end\">{:.0f}%</text>", x0 - 4,
                           py(ymax * t / 4.0) + 4, 100.0 * ymax * t / 4.0);
    svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" text-anchor=\"middle\">insert length (nt)</text>", x0 + w / 2,
                       h + 38);
    std::vector<std::pair<std::string, std::string>> items;
    for (std::size_t i = 0; i < frac.size(); ++i) {
        std::string pts;
        for (int l = lo; l <= hi; ++l)
            pts += fmt::format("{:.1f},{:.1f} ", px(l), py(frac[i][static_cast<std::size_t>(l - lo)]));
        const char* color = palette[i % 10];
        svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>", pts, color);
        items.emplace_back(d.samples[i].sample, color);
    }
    return "<h2 id=\"lengths\">Insert length distributions</h2><p class=\"note\">Reads kept after adapter trimming, by insert "
           "length (share of the sample's kept reads). miRNAs peak at 21-23 nt; tRNA and YRNA fragments at 30-33 nt.</p>" +
           html_legend(items) + svg + "</svg>";
}

std::string isomir_mix(const ReportData& d) {
    const std::vector<std::pair<std::string, std::string>> items = {{"canonical", "#2e7d32"},
                                                                    {"5' shift (new seed)", "#d62728"},
                                                                    {"3' non-templated addition", "#ff7f0e"},
                                                                    {"3' trimmed/extended", "#1f77b4"},
                                                                    {"substitution only", "#9467bd"}};
    std::vector<std::string> labels, colors;
    for (const auto& [l, c] : items) colors.push_back(c);
    std::vector<std::vector<double>> values;
    for (const auto& m : d.isomirs) {
        labels.push_back(m.sample);
        values.push_back({m.canonical, m.shift_5p, m.add_3p, m.trim_ext_3p, m.snv});
    }
    return "<h2 id=\"isomirs\">isomiR composition</h2><p class=\"note\">miRNA-hairpin reads by variant class (mirGFF3, one "
           "class per sequence in this priority). 5' isomiRs shift the seed and so the targets. Files: quant/&lt;sample&gt;.isomir.gff3.</p>" +
           html_legend(items) + svg_stacked_bars(labels, values, colors);
}

std::string top_mirnas(const ReportData& d, std::size_t n) {
    const TsvTable& t = d.cpm;
    const std::size_t first = 2;  // mirna, accession, then samples
    const std::vector<double> mean = row_mean_cpm(t);
    std::vector<std::pair<double, std::size_t>> order;
    for (std::size_t r = 0; r < t.rows.size(); ++r) order.emplace_back(-mean[r], r);
    std::sort(order.begin(), order.end());
    std::string s = "<h2 id=\"mirnas\">Top miRNAs</h2><p class=\"note\">By mean CPM over samples. Full tables: " +
                    link("counts/cpm.tsv", "cpm.tsv") + ", " + link("counts/counts.tsv", "counts.tsv") +
                    ".</p><table><tr><th class=\"l\">miRNA</th><th>mean CPM</th><th class=\"l\"></th>";
    for (std::size_t c = first; c < t.header.size(); ++c) s += "<th>" + html_escape(t.header.names()[c]) + "</th>";
    s += "</tr>";
    const double top = order.empty() ? 1.0 : -order.front().first;
    for (std::size_t i = 0; i < std::min(n, order.size()); ++i) {
        const auto& row = t.rows[order[i].second];
        s += fmt::format(
            "<tr><td class=\"l\">{}</td><td>{:.0f}</td><td class=\"l\"><svg width=\"120\" height=\"10\"><rect width=\"{:.1f}\" "
            "height=\"10\" fill=\"#5b7db1\"/></svg></td>",
            html_escape(row[0]), -order[i].first, top > 0 ? -120.0 * order[i].first / top : 0.0);
        for (std::size_t c = first; c < row.size(); ++c) s += "<td>" + html_escape(row[c]) + "</td>";
        s += "</tr>";
    }
    return s + "</table>";
}

double num(const std::string& s) { return s == "NA" ? std::nan("") : std::strtod(s.c_str(), nullptr); }

// The rows module_plot shows: curated modules and those with cargo FDR < 0.05, by z descending (NA last), at most 30.
std::vector<const std::vector<std::string>*> plotted_modules(const TsvTable& t) {
    const int c_src = t.header.find("source"), c_z = t.header.find("z");
    const int c_fdr = find_module_scores_column(t.header, "fdr_cargo");  // "fdr" in results of older versions
    std::vector<const std::vector<std::string>*> rows;
    for (const auto& r : t.rows)
        if (r[c_src] == "curated" || num(r[c_fdr]) < 0.05) rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(), [&](auto* a, auto* b) {
        const double za = num((*a)[c_z]), zb = num((*b)[c_z]);
        return (std::isnan(zb) && !std::isnan(za)) || za > zb;
    });
    if (rows.size() > 30) rows.resize(30);
    return rows;
}

std::string module_plot(const ReportData& d) {
    const TsvTable& t = d.modules;
    const int c_mod = t.header.find("module"), c_src = t.header.find("source"), c_z = t.header.find("z"),
              c_fdr = find_module_scores_column(t.header, "fdr_cargo"), c_score = t.header.find("signed_score");
    const int c_fdr_gs = t.header.find("fdr_geneset"), c_call = t.header.find("call");  // absent in older results
    const auto rows = plotted_modules(t);
    double zmax = 2.0;
    for (auto* r : rows)
        if (!std::isnan(num((*r)[c_z]))) zmax = std::max(zmax, std::abs(num((*r)[c_z])));
    const double x0 = 300, w = 460, mid = x0 + w / 2, bar = 16, gap = 6;
    std::string svg =
        fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" font-size=\"12\">",
                    x0 + w + 330, (bar + gap) * static_cast<double>(rows.size()) + 36);
    const double h = (bar + gap) * static_cast<double>(rows.size());
    for (const double z : {-1.96, 1.96})
        svg += fmt::format(
            "<line x1=\"{0:.1f}\" y1=\"0\" x2=\"{0:.1f}\" y2=\"{1:.0f}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>",
            mid + w / 2 * z / zmax, h);
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"0\" x2=\"{0:.1f}\" y2=\"{1:.0f}\" stroke=\"#666\"/>", mid, h);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = *rows[i];
        const double y = static_cast<double>(i) * (bar + gap), z = num(r[c_z]), fdr = num(r[c_fdr]);
        const std::string name = r[c_src] == "curated" ? r[c_mod] : r[c_mod] + " (" + r[c_src] + ")";
        svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", x0 - 8, y + 12,
                           html_escape(name.size() > 44 ? name.substr(0, 42) + "…" : name));
        if (std::isnan(z)) continue;
        const double len = w / 2 * std::abs(z) / zmax;
        const char* color = fdr < 0.05 ? (z > 0 ? "#2e7d32" : "#c62828") : (z > 0 ? "#a5d6a7" : "#ef9a9a");
        svg += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.0f}\" fill=\"{}\"><title>z={} FDR={} score={}</title></rect>",
            z >= 0 ? mid : mid - len, y, len, bar, color, r[c_z], r[c_fdr], c_score >= 0 ? r[c_score] : "NA");
        const std::string geneset =
            c_fdr_gs >= 0 ? fmt::format("; gene-set FDR {:.2g}", num(r[c_fdr_gs])) : std::string();
        const std::string called = c_call >= 0 && r[c_call] == "yes" ? "; called" : "";
        svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.1f}\" fill=\"#444\">z {:.2f}, cargo FDR {:.2g}{}{}</text>",
                           x0 + w + 6, y + 12, z, fdr, geneset, called);
    }
    for (int k = -2; k <= 2; ++k)
        svg += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.0f}\" text-anchor=\"middle\" fill=\"#666\" font-size=\"10\">{:.1f}</text>",
            mid + w / 2 * k / 2.0, h + 14, zmax * k / 2.0);
    svg += fmt::format(
        "<text x=\"{:.0f}\" y=\"{:.0f}\" text-anchor=\"middle\">z against the abundance-shuffled null (dashed: |z| = 1.96)</text>",
        mid, h + 30);
    return "<h2 id=\"modules\">Module scores</h2><p class=\"note\">How much more the cargo represses each programme's drivers "
           "than cargos of the same abundance shape (z; dark = FDR &lt; 0.05; green = therapeutic direction). Curated fibrosis and "
           "NLRP3-inflammasome modules and gene sets with FDR &lt; 0.05. Two nulls: the <b>cargo null</b> (cargo FDR) asks "
           "whether this cargo is special for the module among cargos of the same shape (abundances shuffled among miRNAs "
           "of similar target count); the <b>gene-set null</b> (gene-set FDR) asks whether this cargo hits the module more "
           "than comparable genes (random gene sets matched on target weight; Goeman &amp; Bühlmann 2007). "
           "<i>called</i>: the decision rule of network.run.json (default: FDR &lt; 0.05 under both). Table: " +
           link(t.path, "module_scores.tsv") + ".</p>" +
           html_legend(
               {{"FDR < 0.05, z > 0", "#2e7d32"}, {"FDR ≥ 0.05", "#a5d6a7"}, {"FDR < 0.05, z < 0", "#c62828"}}) +
           svg + "</svg>";
}

std::string contributors(const ReportData& d, int per_module) {
    const TsvTable& t = d.contributions;
    const int c_mod = t.header.find("module"), c_src = t.header.find("source"), c_rank = t.header.find("rank"),
              c_mir = t.header.find("mirna"), c_share = t.header.find("share");
    std::string s =
        "<h2 id=\"contributors\">Top contributors per module</h2><p class=\"note\">miRNAs carrying each curated "
        "module's score (share of a_m·v_P[m] in the score). All rows: " +
        link(t.path, "mirna_module.tsv") + ".</p><table><tr><th class=\"l\">module</th>";
    for (int k = 1; k <= per_module; ++k) s += fmt::format("<th class=\"l\">#{}</th>", k);
    s += "</tr>";
    std::string current;
    int filled = 0;
    for (const auto& r : t.rows) {
        if (r[c_src] != "curated") continue;
        if (r[c_mod] != current) {
            for (int k = filled; !current.empty() && k < per_module; ++k) s += "<td></td>";
            if (!current.empty()) s += "</tr>";
            current = r[c_mod];
            filled = 0;
            s += "<tr><td class=\"l\">" + html_escape(current) + "</td>";
        }
        if (std::stoi(r[c_rank]) > per_module) continue;
        const double pct = 100.0 * num(r[c_share]);
        s += fmt::format("<td class=\"l\">{} <small>({:.0f}%)</small></td>", html_escape(r[c_mir]),
                         std::abs(pct) < 0.5 ? 0.0 : pct);
        ++filled;
    }
    if (!current.empty()) s += "</tr>";
    return s + "</table>";
}

// The named columns of `t` (those present), at most `max_rows` rows.
std::string table_html(const TsvTable& t, const std::vector<std::string>& columns, std::size_t max_rows) {
    std::vector<int> idx;
    std::string s = "<table><tr>";
    for (const auto& c : columns)
        if (const int i = t.header.find(c); i >= 0)
            idx.push_back(i), s += "<th class=\"l\">" + html_escape(c) + "</th>";
    s += "</tr>";
    for (std::size_t r = 0; r < std::min(t.rows.size(), max_rows); ++r) {
        s += "<tr>";
        for (const int i : idx) s += "<td class=\"l\">" + html_escape(t.rows[r][static_cast<std::size_t>(i)]) + "</td>";
        s += "</tr>";
    }
    return s + "</table>";
}

// A warning per cocktail step whose miRNA merge flagged as culture-medium derived (payload_cocktails.tsv
// `contamination`; absent in results of older versions).
std::string flagged_steps(const TsvTable& t) {
    const int c_step = t.header.find("step"), c_mir = t.header.find("mirna"), c_flag = t.header.find("contamination");
    if (c_step < 0 || c_mir < 0 || c_flag < 0) return {};
    std::string s;
    for (const auto& r : t.rows) {
        const std::string& flag = r[static_cast<std::size_t>(c_flag)];
        if (flag != "likely_medium" && flag != "possible_medium") continue;
        s += fmt::format(
            "<p class=\"note\" style=\"color:#b71c1c\"><b>Step {} picks {}, flagged {}</b>: it may come from the "
            "culture serum rather than the MSCs (contamination.tsv).</p>",
            html_escape(r[static_cast<std::size_t>(c_step)]), html_escape(r[static_cast<std::size_t>(c_mir)]),
            html_escape(flag));
    }
    return s;
}

std::string cocktails(const ReportData& d) {
    std::string s = "<h2 id=\"cocktail\">Cocktail</h2>";
    if (d.cocktails.header.empty())
        return s + "<p class=\"note\">The rank step did not run (exomir run --no-rank), so there is no cocktail.</p>";
    s +=
        "<p class=\"note\">Greedy k-miRNA cocktail maximising the expected number of repressed drivers minus the harmful "
        "load; each step's marginal gain. Tables: " +
        link(d.cocktails.path, "payload_cocktails.tsv") + ", " +
        link("rank/payload_contributions.tsv", "payload_contributions.tsv") + ", " +
        link("rank/payload_mirnas.tsv", "payload_mirnas.tsv") + ".</p>";
    s += table_html(d.cocktails,
                    {"step", "mirna", "in_cargo", "marginal_gain", "cumulative_F", "covered_drivers", "harmful_load",
                     "drivers_hit", "contamination"},
                    40);
    s += flagged_steps(d.cocktails);
    if (d.groups.header.empty()) return s;
    return s +
           "<h2 id=\"groups\">Group comparison</h2><p class=\"note\">Module scores of the sample groups (bootstrap over "
           "samples). Table: " +
           link(d.groups.path, "group_comparison.tsv") + ".</p>" +
           table_html(d.groups,
                      {"module", "group_a", "group_b", "n_a", "n_b", "score_a", "score_b", "difference", "ci_low",
                       "ci_high", "p_bootstrap", "fdr"},
                      60);
}

}  // namespace

const std::vector<FateCategory>& fate_categories() {
    static const std::vector<FateCategory> cats = {
        {"mirna", "miRNA", "#2e7d32", &SampleFates::mirna},
        {"hairpin_other", "other hairpin", "#9ccc65", &SampleFates::hairpin_other},
        {"bovine_specific", "bovine-specific (serum)", "#8e24aa", &SampleFates::bovine_specific},
        {"other_rna", "other RNA", "#42a5f5", &SampleFates::other_rna},
        {"unmapped", "unmapped", "#9e9e9e", &SampleFates::unmapped},
        {"too_short", "too short", "#ffb74d", &SampleFates::too_short},
        {"adapter_dimers", "adapter dimer", "#e53935", &SampleFates::adapter_dimers},
        {"filtered_other", "too long / no UMI / Ns", "#8d6e63", &SampleFates::filtered_other}};
    return cats;
}

std::vector<FateCategory> fate_categories(const std::vector<SampleFates>& samples) {
    std::vector<FateCategory> cats = fate_categories();
    if (std::any_of(samples.begin(), samples.end(), [](const SampleFates& s) { return s.spike_in > 0; }))
        cats.insert(cats.begin() + 1, {"spike_in", "spike-in", "#fbc02d", &SampleFates::spike_in});
    return cats;
}

// What the network stands on; a prominent warning when only curated interactions reached the cargo.
namespace {

std::string network_basis(const ReportData& d) {
    if (d.target_sources.empty()) return {};
    std::string s;
    if (!d.genome_scale)
        s +=
            "<div style=\"border:3px solid #c62828;background:#ffebee;padding:8px 12px;margin:10px 0\"><b>Warning: the "
            "module scores are not genome-scale.</b> Only the curated miRNA-gene interactions shipped with exomir reached "
            "the cargo's miRNAs. To fix it: <code>" +
            html_escape(d.genome_scale_fix) + "</code></div>";
    s += "<p class=\"note\">Target sources of the network: ";
    for (std::size_t i = 0; i < d.target_sources.size(); ++i) s += (i ? "; " : "") + html_escape(d.target_sources[i]);
    return s + ". " + html_escape(d.gene_ids_note) + "; " + html_escape(d.cargo_note) + ".</p>\n";
}

}  // namespace

std::string render_report(const ReportData& d) {
    std::uint64_t reads = 0, mirna = 0;
    for (const auto& s : d.samples) reads += s.reads_in, mirna += s.mirna;
    std::string html = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">{}<title>exomir report: {}</title>"
        "<style>{}</style></head><body>\n<h1>exomir report: {}</h1>",
        k_csp, html_escape(d.title), k_css, html_escape(d.title));
    html += fmt::format("<p class=\"note\">{} sample{}, {} reads, {:.1f}% assigned to miRNAs. exomir {}.</p>",
                        d.samples.size(), d.samples.size() == 1 ? "" : "s", reads,
                        reads ? 100.0 * static_cast<double>(mirna) / static_cast<double>(reads) : 0.0, EXOMIR_VERSION);
    html +=
        "<nav><a href=\"#qc\">QC</a><a href=\"#overview\">sample overview</a><a href=\"#fates\">read fates</a><a href=\"#classes\">"
        "RNA classes</a><a href=\"#fragments\">fragments</a><a href=\"#lengths\">lengths</a><a href=\"#isomirs\">isomiRs</a><a href=\"#mirnas\">"
        "top miRNAs</a><a href=\"#modules\">module scores</a><a href=\"#contributors\">contributors</a><a href=\"#cocktail\">"
        "cocktail</a><a href=\"#network\">network</a></nav>\n";
    html += network_basis(d);
    html += qc_gate(d) + "\n" + sample_overview_section(d) + "\n" + read_fates(d) + "\n" + rna_classes_section(d) +
            "\n" + fragments_section(d) + "\n" + serum_signal(d) + "\n" + length_distributions(d) + "\n" +
            isomir_mix(d) + "\n" + top_mirnas(d, 20) + "\n" + module_plot(d) + "\n" + contributors(d, 5) + "\n" +
            cocktails(d) + "\n";
    html +=
        "<h2 id=\"network\">Top of the network</h2><p class=\"note\">The best-scoring curated modules (by z) and their top "
        "contributing miRNAs; edge width = share of the module score. Whole graph: " +
        link("net/network.graphml", "network.graphml") + " (Cytoscape), " + link("net/network.dot", "network.dot") +
        ".</p>";
    html += d.network_svg + "\n</body></html>\n";
    return html;
}

}  // namespace exomir
