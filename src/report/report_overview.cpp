// report_overview.cpp (no header of its own: declared in report/report.hpp): the report's RNA-class composition,
// top tRNA / Y-RNA fragments and the sample overview (MDS and clustered correlation heatmap, docs/report.md).
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/escape.hpp"
#include "exomir/core/io.hpp"
#include "exomir/quant/other_rna.hpp"
#include "exomir/report/report.hpp"
#include "exomir/report/sample_overview.hpp"
#include "exomir/report/svg.hpp"

namespace exomir {

namespace {

// Row order of quant's rna_classes.tsv: spike_in, miRNA, hairpin_other, the other-RNA classes by priority, unmapped.
int class_order(const std::string& cls) {
    if (cls == "spike_in") return -3;
    if (cls == "miRNA") return -2;
    if (cls == "hairpin_other") return -1;
    if (cls == "unmapped") return 99;
    return other_rna_rank(cls);
}

std::string class_color(const std::string& cls, std::size_t& next_user) {
    static const std::map<std::string, std::string> fixed = {
        {"miRNA", "#2e7d32"},   {"hairpin_other", "#9ccc65"}, {"tRNA", "#ef6c00"},     {"Mt_tRNA", "#ffb74d"},
        {"rRNA", "#6d4c41"},    {"Mt_rRNA", "#a1887f"},       {"Y_RNA", "#8e24aa"},    {"YRNA", "#8e24aa"},
        {"snRNA", "#00838f"},   {"snoRNA", "#3949ab"},        {"scaRNA", "#7986cb"},   {"7SK_RNA", "#f9a825"},
        {"7SL_RNA", "#c0ca33"}, {"vault_RNA", "#d81b60"},     {"misc_RNA", "#4dd0e1"}, {"unmapped", "#9e9e9e"},
        {"spike_in", "#fbc02d"}};
    const auto it = fixed.find(cls);
    return it != fixed.end() ? it->second : category_color(next_user++);
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

double kept_reads(const SampleFates& s) {
    double n = 0;
    for (const auto& [cls, reads] : s.class_reads) n += reads;
    return n;
}

// Per class: median, lowest and highest share of the samples' kept reads.
std::string class_share_table(const std::vector<std::pair<int, std::string>>& classes,
                              const std::vector<const SampleFates*>& samples) {
    std::string s = "<table><tr><th class=\"l\">class</th><th>median %</th><th>min %</th><th>max %</th></tr>";
    for (const auto& [rank, cls] : classes) {
        std::vector<double> share;
        for (const SampleFates* f : samples) {
            double reads = 0;
            for (const auto& [c, n] : f->class_reads) reads += c == cls ? n : 0.0;
            const double kept = kept_reads(*f);
            share.push_back(kept > 0 ? 100.0 * reads / kept : 0.0);
        }
        s += fmt::format("<tr><td class=\"l\">{}</td><td>{:.2f}</td><td>{:.2f}</td><td>{:.2f}</td></tr>",
                         html_escape(cls), median(share), *std::min_element(share.begin(), share.end()),
                         *std::max_element(share.begin(), share.end()));
    }
    return s + "</table>";
}

}  // namespace

std::string rna_classes_section(const ReportData& d) {
    std::string head =
        "<h2 id=\"classes\">RNA classes</h2><p class=\"note\">Each sample's kept reads (after trimming and the length "
        "filter) by RNA class, in quant's priority order (miRNA &gt; tRNA &gt; rRNA &gt; Y RNA &gt; snRNA &gt; snoRNA "
        "&gt; 7SK/7SL/vault/misc &gt; unmapped; docs/rna_classes.md). Tables: " +
        fmt::format("<a href=\"{0}\">{0}</a>", "counts/rna_classes.tsv") +
        ", quant/&lt;sample&gt;.rna_classes.tsv.</p>";
    std::set<std::pair<int, std::string>> ranked;
    std::vector<const SampleFates*> with;
    for (const auto& s : d.samples) {
        if (!s.class_reads.empty()) with.push_back(&s);
        for (const auto& [cls, n] : s.class_reads) ranked.insert({class_order(cls), cls});
    }
    if (with.empty())
        return head +
               "<p>No sample has a quant/&lt;sample&gt;.rna_classes.tsv (quant of an older exomir): rerun "
               "quant to see the classes.</p>";
    const std::vector<std::pair<int, std::string>> classes(ranked.begin(), ranked.end());
    std::vector<std::string> labels, colors, names;
    std::vector<std::pair<std::string, std::string>> items;
    std::size_t next_user = 0;
    for (const auto& [rank, cls] : classes) {
        colors.push_back(class_color(cls, next_user));
        names.push_back(cls);
        items.emplace_back(cls, colors.back());
    }
    std::vector<std::vector<double>> values;
    for (const SampleFates* s : with) {
        labels.push_back(s->sample);
        values.emplace_back(classes.size(), 0.0);
        for (const auto& [cls, n] : s->class_reads)
            for (std::size_t k = 0; k < classes.size(); ++k) values.back()[k] += classes[k].second == cls ? n : 0.0;
    }
    return head + html_legend(items) + svg_stacked_bars(labels, values, colors, names) +
           class_share_table(classes, with);
}

namespace {

struct FragmentRow {
    std::string feature, fragment;
    std::vector<double> reads;  // per sample
    double total = 0;
};

// The fragments of one class group (tRNA: rank 0, Y RNA: rank 2) over the samples, most reads first.
std::vector<FragmentRow> fragment_rows(const std::vector<const SampleFates*>& samples, int rank) {
    std::map<std::pair<std::string, std::string>, FragmentRow> rows;
    for (std::size_t j = 0; j < samples.size(); ++j)
        for (const auto& f : samples[j]->fragments) {
            if (other_rna_rank(f.cls) != rank) continue;
            FragmentRow& r = rows[{f.feature, f.fragment}];
            r.feature = f.feature, r.fragment = f.fragment;
            r.reads.resize(samples.size(), 0.0);
            r.reads[j] += f.reads;
            r.total += f.reads;
        }
    std::vector<FragmentRow> out;
    for (auto& [key, r] : rows) out.push_back(std::move(r));
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.total > b.total; });
    return out;
}

// Reads of each fragment type over all samples, as "5'-half 61.2%, ...".
std::string type_mix(const std::vector<FragmentRow>& rows, double total) {
    std::map<std::string, double> by_type;
    for (const auto& r : rows) by_type[r.fragment] += r.total;
    std::vector<std::pair<double, std::string>> sorted;
    for (const auto& [t, n] : by_type) sorted.emplace_back(-n, t);
    std::sort(sorted.begin(), sorted.end());
    std::string s;
    for (const auto& [n, t] : sorted)
        s += fmt::format("{}{} {:.1f}%", s.empty() ? "" : ", ", html_escape(t), -100 * n / total);
    return s;
}

std::string fragment_table(const std::string& title, const std::vector<const SampleFates*>& samples, int rank,
                           std::size_t top) {
    const std::vector<FragmentRow> rows = fragment_rows(samples, rank);
    if (rows.empty()) return fmt::format("<h3>{}</h3><p>No reads in any sample.</p>", title);
    double total = 0;
    for (const auto& r : rows) total += r.total;
    const bool per_sample = samples.size() <= 6;
    std::string s = fmt::format(
        "<h3>{}</h3><p class=\"note\">{:.0f} reads; by type: {}.</p><table><tr><th class=\"l\">feature</th><th "
        "class=\"l\">fragment</th><th>reads</th><th>% of {}</th><th>samples</th>",
        title, total, type_mix(rows, total), title);
    if (per_sample)
        for (const SampleFates* f : samples) s += "<th>% kept, " + html_escape(f->sample) + "</th>";
    else
        s += "<th>median % kept</th><th>max % kept</th>";
    s += "</tr>";
    for (std::size_t i = 0; i < std::min(top, rows.size()); ++i) {
        const FragmentRow& r = rows[i];
        std::vector<double> share;
        for (std::size_t j = 0; j < samples.size(); ++j) {
            const double kept = kept_reads(*samples[j]);
            share.push_back(kept > 0 ? 100.0 * r.reads[j] / kept : 0.0);
        }
        s += fmt::format(
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{:.0f}</td><td>{:.1f}</td><td>{}/{}</td>",
            html_escape(r.feature), html_escape(r.fragment), r.total, 100 * r.total / total,
            std::count_if(r.reads.begin(), r.reads.end(), [](double x) { return x > 0; }), samples.size());
        if (per_sample)
            for (const double x : share) s += fmt::format("<td>{:.2f}</td>", x);
        else
            s += fmt::format("<td>{:.2f}</td><td>{:.2f}</td>", median(share),
                             *std::max_element(share.begin(), share.end()));
        s += "</tr>";
    }
    return s + "</table>";
}

}  // namespace

std::string fragments_section(const ReportData& d, std::size_t top) {
    std::vector<const SampleFates*> with;
    for (const auto& s : d.samples)
        if (!s.class_reads.empty()) with.push_back(&s);
    std::string s =
        "<h2 id=\"fragments\">tRNA and Y RNA fragments</h2><p class=\"note\">The features with the most reads over all "
        "samples, by fragment type (tRNA: 5'/3' halves, 5'-/3'-/i-tRFs after MINTbase, Telonis et al. 2015 and Loher "
        "et al. 2017; Y RNA: 5'/3' fragments; docs/rna_classes.md). % kept = share of the sample's kept reads. All "
        "rows: quant/&lt;sample&gt;.rna_fragments.tsv.</p>";
    if (with.empty())
        return s + "<p>No sample has a quant/&lt;sample&gt;.rna_fragments.tsv (quant of an older exomir).</p>";
    return s + fragment_table("tRNA", with, 0, top) + fragment_table("Y RNA", with, 2, top);
}

namespace {

// log2(value + 1) of the miRNAs expressed in at least one sample: one row per sample of the sheet found in the table.
struct Profiles {
    std::vector<const SampleFates*> samples;
    Matrix log_values;
    std::size_t mirnas = 0;
};

Profiles log_profiles(const ReportData& d, const TsvTable& t) {
    Profiles p;
    std::vector<std::size_t> cols;
    for (const auto& s : d.samples)
        if (const int c = t.header.find(s.sample); c >= 2)
            p.samples.push_back(&s), cols.push_back(static_cast<std::size_t>(c));
    p.log_values.resize(cols.size());
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        std::vector<double> v;
        for (const std::size_t c : cols) {
            // merge writes no comment lines: data row r is line r + 2
            const std::string where = fmt::format("{}:{}: ", t.path, r + 2);
            const double x = c < row.size() ? parse_double(row[c], where, t.header.names()[c]) : 0.0;
            if (!std::isfinite(x) || x < 0)
                throw Error(fmt::format("{}column {}: '{}' is not a finite value >= 0; rerun exomir merge", where,
                                        t.header.names()[c], row[c]));
            v.push_back(x);
        }
        if (std::none_of(v.begin(), v.end(), [](double x) { return x > 0; })) continue;
        ++p.mirnas;
        for (std::size_t i = 0; i < v.size(); ++i) p.log_values[i].push_back(std::log2(std::max(0.0, v[i]) + 1.0));
    }
    return p;
}

// The two colourings that are not condition columns (a tab cannot be in a TSV column name).
const std::string k_by_qc, k_by_type = "\t";

// A sample's group in one colouring: a condition column's value, the QC verdict or the sheet's type.
std::string group_of(const SampleFates& s, const std::string& column) {
    if (column == k_by_qc) return s.qc_verdict;
    if (column == k_by_type) return s.type;
    const auto it = s.condition_values.find(column);
    return it != s.condition_values.end() && !it->second.empty() ? it->second : "NA";
}

std::string group_color(const std::string& column, const std::string& value, const std::vector<std::string>& values) {
    if (column == k_by_qc)
        return value == "PASS" ? "#2e7d32" : value == "WARN" ? "#ef8f00" : value == "FAIL" ? "#c62828" : "#9e9e9e";
    return category_color(static_cast<std::size_t>(std::find(values.begin(), values.end(), value) - values.begin()));
}

// One MDS panel: the samples coloured by `column` ("" = QC verdict), a legend below, tooltips with name and group.
std::string mds_panel(const Profiles& p, const MdsResult& m, const std::string& column) {
    std::vector<std::string> values;
    for (const SampleFates* s : p.samples)
        if (const std::string g = group_of(*s, column); std::find(values.begin(), values.end(), g) == values.end())
            values.push_back(g);
    const double size = 300, pad = 34;
    double lo[2] = {0, 0}, hi[2] = {0, 0};
    for (std::size_t k = 0; k < 2; ++k) {
        for (const auto& pt : m.points) lo[k] = std::min(lo[k], pt[k]), hi[k] = std::max(hi[k], pt[k]);
        const double span = std::max(hi[k] - lo[k], 1e-9);
        lo[k] -= 0.08 * span, hi[k] += 0.08 * span;
    }
    const auto px = [&](double v, std::size_t k) {
        const double f = (v - lo[k]) / (hi[k] - lo[k]);
        return k == 0 ? pad + f * (size - pad - 8) : 8 + (1 - f) * (size - pad - 8);
    };
    const std::string title = column == k_by_qc ? "QC verdict" : column == k_by_type ? "library type" : column;
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{0:.0f}\" font-size=\"10\"><rect x=\"{1:.0f}\" "
        "y=\"8\" width=\"{2:.0f}\" height=\"{2:.0f}\" fill=\"none\" stroke=\"#bbb\"/><text x=\"{3:.0f}\" y=\"{4:.0f}\" "
        "text-anchor=\"middle\">dim 1 ({5:.0f}%)</text><text transform=\"translate(12,{3:.0f}) rotate(-90)\" "
        "text-anchor=\"middle\">dim 2 ({6:.0f}%)</text>",
        size, pad, size - pad - 8, (size + pad) / 2, size - 6, 100 * m.explained[0], 100 * m.explained[1]);
    const bool labels = p.samples.size() <= 24;
    for (std::size_t i = 0; i < p.samples.size(); ++i) {
        const std::string g = group_of(*p.samples[i], column);
        const double x = px(m.points[i][0], 0), y = px(m.points[i][1], 1);
        svg += fmt::format(
            "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\" stroke=\"#fff\"><title>{} ({}: {})</title></circle>",
            x, y, labels ? 5 : 4, group_color(column, g, values), html_escape(p.samples[i]->sample), html_escape(title),
            html_escape(g));
        if (labels)
            svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#444\" font-size=\"9\">{}</text>", x + 6, y + 3,
                               html_escape(p.samples[i]->sample));
    }
    std::vector<std::pair<std::string, std::string>> items;
    for (const auto& v : values) items.emplace_back(v, group_color(column, v, values));
    return "<div style=\"display:inline-block;vertical-align:top;margin:0 14px 10px 0;max-width:320px\"><b>" +
           html_escape(title) + "</b><br>" + svg + "</svg>" + html_legend(items) + "</div>";
}

// Viridis at t in [0, 1] (five stops of matplotlib's map, linear between them).
std::string viridis(double t) {
    static const int stops[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    t = std::clamp(t, 0.0, 1.0) * 4;
    const int k = std::min(3, static_cast<int>(t));
    const double f = t - k;
    int c[3];
    for (int i = 0; i < 3; ++i) c[i] = static_cast<int>(std::lround(stops[k][i] + f * (stops[k + 1][i] - stops[k][i])));
    return fmt::format("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
}

}  // namespace

namespace {

// The correlation colour scale: viridis from `lo` (the lowest r, rounded down to 0.05) to 1, as a gradient legend.
std::string correlation_legend(double lo, double y) {
    std::string s = "<defs><linearGradient id=\"exomir-corr-scale\">";
    for (int k = 0; k <= 4; ++k) s += fmt::format("<stop offset=\"{}%\" stop-color=\"{}\"/>", 25 * k, viridis(k / 4.0));
    s += fmt::format(
        "</linearGradient></defs><rect x=\"130\" y=\"{:.0f}\" width=\"200\" height=\"10\" "
        "fill=\"url(#exomir-corr-scale)\"/>",
        y);
    for (int k = 0; k <= 2; ++k)
        s += fmt::format("<text x=\"{}\" y=\"{:.0f}\" text-anchor=\"middle\" font-size=\"10\">{:.2f}</text>",
                         130 + 100 * k, y + 22, lo + (1 - lo) * k / 2.0);
    return s + fmt::format("<text x=\"340\" y=\"{:.0f}\" font-size=\"10\">Pearson r</text>", y + 9);
}

std::string correlation_heatmap(const Profiles& p, const Matrix& r, const std::vector<std::size_t>& order) {
    const std::size_t n = order.size();
    const int cell = std::clamp(720 / static_cast<int>(n), 4, 20), font = std::clamp(cell, 7, 11);
    const std::size_t step = static_cast<std::size_t>((font + cell - 1) / cell);  // thin labels on small cells
    double lo = 1;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) lo = std::min(lo, r[i][j]);
    lo = std::max(-1.0, std::min(0.95, std::floor(lo * 20) / 20));
    const int x0 = 130, side = cell * static_cast<int>(n);
    std::string svg =
        fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-size=\"{}\">",
                    std::max(x0 + side + 20, 400), side + 140, font);  // room for the scale legend
    for (std::size_t i = 0; i < n; ++i) {
        const std::string a = html_escape(p.samples[order[i]]->sample);
        const int y = static_cast<int>(i) * cell;
        if (i % step == 0)
            svg += fmt::format(
                "<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\">{2}</text><text transform=\"translate({3},{4}) "
                "rotate(-90)\" text-anchor=\"end\">{2}</text>",
                x0 - 4, y + cell / 2 + font / 2 - 1, a, x0 + y + cell / 2 + font / 2 - 1, side + 4);
        for (std::size_t j = 0; j < n; ++j) {
            const double v = r[order[i]][order[j]];
            svg += fmt::format(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} × {}: r = {:.3f}</title></rect>",
                x0 + static_cast<int>(j) * cell, y, cell, cell, viridis((v - lo) / (1 - lo)), a,
                html_escape(p.samples[order[j]]->sample), v);
        }
    }
    return svg + correlation_legend(lo, side + 106) + "</svg>";
}

}  // namespace

std::string sample_overview_section(const ReportData& d) {
    const bool tmm = !d.tmm.header.empty();
    const Profiles p = log_profiles(d, tmm ? d.tmm : d.cpm);
    const std::string values = tmm ? "TMM-normalised CPM (counts/tmm.tsv)" : "CPM (counts/cpm.tsv)";
    std::string s = "<h2 id=\"overview\">Sample overview</h2>";
    if (p.samples.size() < 3)
        return s + fmt::format(
                       "<p class=\"note\">{} sample{} in {}: the MDS plot and the correlation heatmap need at "
                       "least 3.</p>",
                       p.samples.size(), p.samples.size() == 1 ? "" : "s", tmm ? "tmm.tsv" : "cpm.tsv");
    const MdsResult mds = classical_mds(leading_logfc_distances(p.log_values, 500));
    std::set<std::string> columns;
    for (const SampleFates* f : p.samples)
        for (const auto& [k, v] : f->condition_values) columns.insert(k);
    s += fmt::format(
        "<p class=\"note\">MDS plot of the samples' miRNA profiles: log2({} + 1) of the {} miRNAs with reads in at least "
        "one sample. As edgeR's plotMDS does by default, the distance between two samples is the leading log2 fold "
        "change, the root mean square of the {} largest squared differences between them (gene.selection "
        "\"pairwise\", top = 500), and classical MDS places the samples (share of the variance on each axis). One "
        "panel per condition column of the sample sheet, one by library type when the sheet has blanks or negatives, "
        "and one by the QC verdict; hover over a point for its name.</p>",
        values, p.mirnas, std::min<std::size_t>(500, p.mirnas));
    if (p.samples.size() < d.samples.size())
        s += fmt::format("<p class=\"note\">{} sample{} of the sample sheet {} not in {} and left out.</p>",
                         d.samples.size() - p.samples.size(), d.samples.size() - p.samples.size() == 1 ? "" : "s",
                         d.samples.size() - p.samples.size() == 1 ? "is" : "are", tmm ? "tmm.tsv" : "cpm.tsv");
    for (const auto& c : columns) s += mds_panel(p, mds, c);
    if (std::any_of(p.samples.begin(), p.samples.end(), [](const SampleFates* f) { return f->type != "sample"; }))
        s += mds_panel(p, mds, k_by_type);  // blanks and negatives beside the libraries
    s += mds_panel(p, mds, k_by_qc);
    const Matrix r = pearson_matrix(p.log_values);
    Matrix dist = r;
    for (auto& row : dist)
        for (double& v : row) v = 1 - v;
    s += "<h3>Sample correlations</h3><p class=\"note\">Pearson correlation of the same log2 values between every two "
         "samples, ordered by average-linkage hierarchical clustering on 1 &minus; r (similar samples side by side); "
         "hover over a cell for the pair and r.</p>";
    return s + correlation_heatmap(p, r, average_linkage_order(dist));
}

}  // namespace exomir
