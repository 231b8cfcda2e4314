// result.cpp: the network result folder: bundle writing, the fast plan-driven bundle reader (whole-file maps,
// in-place index parsing, no per-line copies), network.run.json, module_scores.tsv and gene_load.tsv.
#include "exomir/network/result.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <span>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/tsv.hpp"

namespace exomir {
namespace {

constexpr const char* k_rerun = "rerun 'exomir network'";
constexpr const char* h_mirnas = "mirna\tabundance\tcpm";
constexpr const char* h_genes = "gene\tin_universe";
constexpr const char* h_targets = "mirna_index\tgene_index\tweight";
constexpr const char* h_modules = "module_index\tmodule\tsource\tsigned";
constexpr const char* h_members = "module_index\tgene_index\trole";
constexpr const char* h_ppi = "gene_index_a\tgene_index_b\tscore";

// A bundle table, mapped: a missing file says which folder was expected.
class BundleFile {
  public:
    BundleFile(const std::string& dir, const char* name) : path(result_path(dir, name)), file_(open(path, dir)) {}
    std::string_view text() const { return file_.text(); }
    const std::string path;

  private:
    static MappedFile open(const std::string& path, const std::string& dir) {
        if (!file_exists(path))
            throw Error(fmt::format("{}: missing; is {} the -o directory of 'exomir network'?", path, dir));
        return MappedFile(path, "is it the -o directory of 'exomir network'? (rerun it if the files are damaged)");
    }
    MappedFile file_;
};

// Calls fn(fields, line_no) for each data line of `text`. Line 1 is the header: checked against `header` unless that
// is empty, and stored in *header_out if given. Fields are views into `text`.
template <class Fn>
void each_row(const std::string& path, std::string_view text, std::string_view header, std::size_t n_fields, Fn&& fn,
              std::string_view* header_out = nullptr) {
    std::size_t line_no = 0, pos = 0;
    std::array<std::string_view, 64> f{};  // module_scores.tsv has 17 columns and may grow
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (++line_no == 1) {
            if (!header.empty() && line != header)
                throw Error(fmt::format("{}:1: header must be '{}'; {}", path, header, k_rerun));
            if (header_out) *header_out = line;
            continue;
        }
        std::size_t n = 0, start = 0;
        for (std::size_t i = 0; i <= line.size() && n < f.size(); ++i)
            if (i == line.size() || line[i] == '\t') f[n++] = line.substr(start, i - start), start = i + 1;
        if (n != n_fields && n_fields != 0)
            throw Error(fmt::format("{}:{}: {} fields, expected {}", path, line_no, n, n_fields));
        fn(std::span<const std::string_view>(f.data(), n), line_no);
    }
    if (line_no == 0) throw Error(fmt::format("{}: empty; {}", path, k_rerun));
}

// A row index: 1 to 9 decimal digits (the bundle tables hold no more than a billion rows). Advances p; false if
// there is no digit or too many. Inline digit arithmetic: the out-of-line std::from_chars was a fifth of a query.
inline bool parse_index(const char*& p, const char* end, std::uint32_t& out) {
    const char* const start = p;
    std::uint32_t v = 0;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10 && p - start < 10)
        v = v * 10 + static_cast<std::uint32_t>(*p++ - '0');
    out = v;
    return p > start && p - start < 10;
}

// Fast path for the index-keyed bundle tables "a<TAB>b<TAB>c": calls fn(a, b, c, line_no) per data line, parsing the
// two indices in place (these tables have up to a million rows and are read on every query that needs edges).
template <class Fn>
void each_triple(const std::string& path, std::string_view text, std::string_view header, Fn&& fn) {
    const auto nl = text.find('\n');
    std::string_view first = text.substr(0, nl);
    if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
    if (first != header) throw Error(fmt::format("{}:1: header must be '{}'; {}", path, header, k_rerun));
    const char* p = text.data() + (nl == std::string_view::npos ? text.size() : nl + 1);
    const char* const end = text.data() + text.size();
    for (std::size_t line = 2; p < end; ++line) {
        std::uint32_t a = 0, b = 0;
        const char* q = p;
        const bool ok =
            parse_index(q, end, a) && q < end && *q++ == '\t' && parse_index(q, end, b) && q < end && *q == '\t';
        if (!ok) throw Error(fmt::format("{}:{}: expected '<index><TAB><index><TAB><value>'; {}", path, line, k_rerun));
        const char* c = q + 1;
        const char* e = static_cast<const char*>(std::memchr(c, '\n', static_cast<std::size_t>(end - c)));
        if (!e) e = end;
        std::string_view third(c, static_cast<std::size_t>(e - c));
        if (!third.empty() && third.back() == '\r') third.remove_suffix(1);
        fn(a, b, third, line);
        p = e + 1;
    }
}

void check_index(std::uint32_t i, std::size_t n, const std::string& path, std::size_t line, const char* column) {
    if (i >= n) throw Error(fmt::format("{}:{}: column {}: index {} out of range (< {})", path, line, column, i, n));
}

double to_double(std::string_view s, const std::string& path, std::size_t line, const char* column) {
    if (s == "NA") return std::nan("");
    double x = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec != std::errc() || p != s.data() + s.size())
        throw Error(fmt::format("{}:{}: column {}: '{}' is not a number", path, line, column, s));
    return x;
}

bool to_flag(std::string_view s, const std::string& path, std::size_t line, const char* column) {
    if (s != "0" && s != "1") throw Error(fmt::format("{}:{}: column {}: '{}' is not 0 or 1", path, line, column, s));
    return s == "1";
}

// j[key] if it is an object, else an empty object (older results, or null where a database was not found).
nlohmann::json object_at(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : nlohmann::json::object();
}

std::string header_line(std::string_view text) { return std::string(text.substr(0, text.find('\n') + 1)); }

// The rows whose first field, an index by which the rows are sorted, lies in [first, last); found by searching
// for the first such row, then read line by line until the index reaches `last`.
std::string index_rows(std::string_view text, std::uint32_t first, std::uint32_t last) {
    std::string rows;
    std::size_t at = std::string_view::npos;
    for (auto i = first; i < last && at == std::string_view::npos; ++i)
        if (const auto pos = text.find(fmt::format("\n{}\t", i)); pos != std::string_view::npos) at = pos + 1;
    while (at < text.size()) {
        std::uint32_t idx = 0;
        const auto [p, ec] = std::from_chars(text.data() + at, text.data() + text.size(), idx);
        if (ec != std::errc() || idx >= last || idx < first) break;
        const auto end = text.find('\n', at);
        rows.append(text.substr(at, end == std::string_view::npos ? std::string_view::npos : end + 1 - at));
        if (end == std::string_view::npos) break;
        at = end + 1;
    }
    if (!rows.empty() && rows.back() != '\n') rows += '\n';
    return rows;
}

}  // namespace

std::string result_path(const std::string& dir, const char* file) {
    return (std::filesystem::path(dir) / file).string();
}

std::vector<std::string> result_inputs(const std::string& dir) {
    std::vector<std::string> out;
    for (const char* f :
         {result_file::mirnas, result_file::genes, result_file::modules, result_file::targets, result_file::members,
          result_file::ppi, result_file::module_scores, result_file::gene_load, result_file::run_json})
        out.push_back(result_path(dir, f));
    return out;
}

std::vector<std::pair<std::string, std::string>> bundle_files(const Network& net) {
    constexpr const char* names[] = {result_file::mirnas,  result_file::genes,   result_file::targets,
                                     result_file::modules, result_file::members, result_file::ppi};
    constexpr const char* headers[] = {h_mirnas, h_genes, h_targets, h_modules, h_members, h_ppi};
    std::vector<std::string> text(6);
    for (int i = 0; i < 6; ++i) text[i] = std::string(headers[i]) + "\n";
    auto out = [&](int i) { return std::back_inserter(text[i]); };
    for (std::size_t m = 0; m < net.mirnas.size(); ++m) {
        fmt::format_to(out(0), "{}\t{}\t{}\n", net.mirnas[m], net.abundance[m], net.cpm[m]);
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e)
            fmt::format_to(out(2), "{}\t{}\t{}\n", m, net.target_genes[e], net.target_weights[e]);
    }
    for (std::size_t g = 0; g < net.genes.size(); ++g) {
        fmt::format_to(out(1), "{}\t{}\n", net.genes[g], int(net.in_universe[g]));
        for (auto e = net.ppi_offsets[g]; e < net.ppi_offsets[g + 1]; ++e)
            if (net.ppi_genes[e] > g) fmt::format_to(out(5), "{}\t{}\t{}\n", g, net.ppi_genes[e], net.ppi_weights[e]);
    }
    for (std::size_t p = 0; p < net.modules.size(); ++p) {
        const auto& mod = net.modules[p];
        fmt::format_to(out(3), "{}\t{}\t{}\t{}\n", p, mod.name, mod.source, mod.is_signed ? 1 : 0);
        for (std::size_t i = 0; i < mod.genes.size(); ++i)
            fmt::format_to(out(4), "{}\t{}\t{}\n", p, mod.genes[i], int(mod.roles[i]));
    }
    std::vector<std::pair<std::string, std::string>> files;
    for (int i = 0; i < 6; ++i) files.emplace_back(names[i], std::move(text[i]));
    return files;
}

Network read_bundle_names(const std::string& dir) {
    Network net;
    {
        const BundleFile file(dir, result_file::mirnas);
        each_row(file.path, file.text(), h_mirnas, 3, [&](auto f, auto line) {
            net.mirnas.emplace_back(f[0]);
            net.abundance.push_back(to_double(f[1], file.path, line, "abundance"));
            net.cpm.push_back(to_double(f[2], file.path, line, "cpm"));
        });
    }
    {
        const BundleFile file(dir, result_file::genes);
        each_row(file.path, file.text(), h_genes, 2, [&](auto f, auto line) {
            net.genes.emplace_back(f[0]);
            net.in_universe.push_back(to_flag(f[1], file.path, line, "in_universe") ? 1 : 0);
        });
    }
    const BundleFile file(dir, result_file::modules);
    each_row(file.path, file.text(), h_modules, 4, [&](auto f, auto line) {
        std::uint32_t index = 0;
        const char* p = f[0].data();
        if (!parse_index(p, f[0].data() + f[0].size(), index) || index != net.modules.size())
            throw Error(fmt::format("{}:{}: module_index must count 0, 1, 2, ...; {}", file.path, line, k_rerun));
        net.modules.push_back({std::string(f[1]), std::string(f[2]), {}, {}, to_flag(f[3], file.path, line, "signed")});
    });
    net.target_offsets.assign(net.mirnas.size() + 1, 0);
    net.ppi_offsets.assign(net.genes.size() + 1, 0);
    return net;
}

void read_bundle_edges(const std::string& dir, const BundlePlan& plan, Network& net) {
    if (plan.edges == BundlePlan::Edges::none) return;
    const auto n_m = net.mirnas.size(), n_g = net.genes.size();
    const BundleFile file(dir, result_file::targets);
    std::string_view text = file.text();
    std::string block;  // Edges::mirna: the header and the miRNA's rows only, found without parsing the rest
    if (plan.edges == BundlePlan::Edges::mirna)
        text = block = header_line(text) + index_rows(text, plan.mirna, plan.mirna + 1);
    std::vector<std::uint32_t> count(n_m + 1, 0);
    std::uint32_t last = 0;
    each_triple(file.path, text, h_targets, [&](auto m, auto g, auto w, auto line) {
        check_index(m, n_m, file.path, line, "mirna_index"), check_index(g, n_g, file.path, line, "gene_index");
        if (m < last)
            throw Error(fmt::format("{}:{}: rows must be sorted by mirna_index; {}", file.path, line, k_rerun));
        last = m;
        if (plan.edges == BundlePlan::Edges::mirna && m != plan.mirna) return;
        if (plan.edges == BundlePlan::Edges::genes && !plan.gene_mask[g] &&
            (plan.mirna_mask.empty() || !plan.mirna_mask[m]))
            return;
        net.target_genes.push_back(g);
        net.target_weights.push_back(to_double(w, file.path, line, "weight"));
        ++count[m + 1];
    });
    for (std::size_t m = 0; m < n_m; ++m) net.target_offsets[m + 1] = net.target_offsets[m] + count[m + 1];
}

void scan_bundle_target_indices(const std::string& dir, const std::function<void(std::uint32_t, std::uint32_t)>& fn) {
    const BundleFile file(dir, result_file::targets);
    const std::string_view text = file.text();
    const char* p = text.data() + std::min(text.size(), text.find('\n') + 1);
    const char* const end = text.data() + text.size();
    while (p < end) {
        std::uint32_t a = 0, b = 0;
        const char* q = p;
        if (parse_index(q, end, a) && q < end && *q++ == '\t' && parse_index(q, end, b)) fn(a, b);
        const char* e = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        p = e ? e + 1 : end;
    }
}

void read_bundle_members(const std::string& dir, const BundlePlan& plan, Network& net) {
    std::vector<std::uint8_t> want(net.modules.size(), plan.all_members ? 1 : 0);
    for (std::size_t p = 0; p < net.modules.size(); ++p) want[p] |= net.modules[p].source == "curated";
    for (auto p : plan.modules) want[p] = 1;
    const BundleFile file(dir, result_file::members);
    std::string_view text = file.text();
    std::string block;  // curated modules come first (sorted by source): read their rows and the asked modules' only
    const auto n_curated = static_cast<std::uint32_t>(
        std::count_if(net.modules.begin(), net.modules.end(), [](const auto& m) { return m.source == "curated"; }));
    const bool leading = std::all_of(net.modules.begin(), net.modules.begin() + n_curated,
                                     [](const auto& m) { return m.source == "curated"; });
    if (!plan.all_members && leading) {
        block = header_line(text) + index_rows(text, 0, n_curated);
        for (auto p : plan.modules)
            if (p >= n_curated) block += index_rows(text, p, p + 1);
        text = block;
    }
    each_triple(file.path, text, h_members, [&](auto p, auto g, auto role, auto line) {
        check_index(p, net.modules.size(), file.path, line, "module_index"),
            check_index(g, net.genes.size(), file.path, line, "gene_index");
        if (!want[p]) return;
        if (role != "1" && role != "0" && role != "-1")
            throw Error(fmt::format("{}:{}: column role: '{}' is not 1, 0 or -1", file.path, line, role));
        net.modules[p].genes.push_back(g);
        net.modules[p].roles.push_back(static_cast<std::int8_t>(role == "1" ? 1 : role == "-1" ? -1 : 0));
    });
}

void read_bundle_ppi(const std::string& dir, Network& net) {
    const auto n_g = net.genes.size();
    const BundleFile file(dir, result_file::ppi);
    std::vector<std::uint32_t> a, b;
    std::vector<double> s;
    each_triple(file.path, file.text(), h_ppi, [&](auto ga, auto gb, auto w, auto line) {
        check_index(ga, n_g, file.path, line, "gene_index_a"), check_index(gb, n_g, file.path, line, "gene_index_b");
        if (ga >= gb || (!a.empty() && std::pair(ga, gb) <= std::pair(a.back(), b.back())))  // each list ascending
            throw Error(fmt::format("{}:{}: rows must have gene_index_a < gene_index_b, sorted by both; {}", file.path,
                                    line, k_rerun));
        a.push_back(ga), b.push_back(gb), s.push_back(to_double(w, file.path, line, "score"));
    });
    net.ppi_offsets.assign(n_g + 1, 0);
    for (std::size_t e = 0; e < a.size(); ++e) ++net.ppi_offsets[a[e] + 1], ++net.ppi_offsets[b[e] + 1];
    for (std::size_t g = 0; g < n_g; ++g) net.ppi_offsets[g + 1] += net.ppi_offsets[g];
    net.ppi_genes.resize(2 * a.size()), net.ppi_weights.resize(2 * a.size());
    std::vector<std::uint32_t> fill(net.ppi_offsets.begin(), net.ppi_offsets.end() - 1);
    for (std::size_t e = 0; e < a.size(); ++e) {  // rows sorted by (a, b): each gene's list comes out ascending
        net.ppi_genes[fill[a[e]]] = b[e], net.ppi_weights[fill[a[e]]++] = s[e];
        net.ppi_genes[fill[b[e]]] = a[e], net.ppi_weights[fill[b[e]]++] = s[e];
    }
}

Network read_bundle(const std::string& dir) {
    Network net = read_bundle_names(dir);
    BundlePlan all;
    all.edges = BundlePlan::Edges::all, all.all_members = all.ppi = true;
    read_bundle_edges(dir, all, net);
    read_bundle_members(dir, all, net);
    read_bundle_ppi(dir, net);
    return net;
}

std::string recorded_input(const std::string& dir, const std::string& recorded) {
    if (recorded.empty()) return {};
    for (const auto& cand : {std::filesystem::path(recorded), std::filesystem::path(dir).parent_path() / recorded})
        if (file_exists(cand.string())) return cand.string();
    return {};
}

NetworkRunInfo read_network_run(const std::string& dir) {
    NetworkRunInfo info;
    const std::string path = result_path(dir, result_file::run_json);
    const auto text = read_input_file(path);
    if (!text) return info;
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error(fmt::format("{}: not valid JSON; {}", path, k_rerun));
    info.present = true;
    try {
        const auto params = object_at(j, "parameters");
        info.scoring.propagate = params.value("propagate", false);
        info.scoring.restart = params.value("restart", info.scoring.restart);
        info.targets = j.value("targets", "");  // results of older versions: none (explore then says so)
        const auto inputs = j.find("inputs");
        if (inputs != j.end() && inputs->is_array())
            for (const auto& in : *inputs)
                if (in.is_object() && !info.targets.empty() && in.value("path", "") == info.targets)
                    info.targets_bytes = in.value("bytes", std::int64_t{-1});
        const auto sources = object_at(j, "target_sources");
        for (const auto& [source, c] : sources.items())
            info.target_sources.push_back({source, c.value("pairs", std::uint64_t{0}),
                                           c.value("pairs_expressed", std::uint64_t{0}),
                                           c.value("mirnas_covered", std::uint64_t{0}), c.value("read_share", 0.0)});
        info.genome_scale = j.value("genome_scale", true);
        info.genome_scale_fix = j.value("genome_scale_fix", "");
        const auto ids = object_at(j, "gene_ids");
        if (ids.value("orgdb", nlohmann::json()).is_string()) {
            info.orgdb = ids["orgdb"].get<std::string>();
            info.entrez_gene_date = ids.value("entrez_gene_date", "?");
        }
        info.n_go_sets = object_at(j, "go_bp").value("n_sets", std::uint64_t{0});
        const auto cargo = object_at(j, "cargo");
        if (const auto c = cargo.find("contamination"); c != cargo.end() && c->is_string())
            info.contamination = c->get<std::string>();
        info.exclude_contaminants = cargo.value("exclude_contaminants", info.exclude_contaminants);
        if (const auto x = cargo.find("excluded_as_medium"); x != cargo.end() && x->is_array())
            for (const auto& m : *x)
                if (m.is_string()) info.excluded_as_medium.push_back(m.get<std::string>());
        const std::string norm = cargo.value("normalization", "cpm");  // results older than the option: cpm
        if (norm != "cpm" && norm != "tmm")
            throw Error(fmt::format("{}: cargo.normalization '{}' is not cpm or tmm; {}", path, norm, k_rerun));
        info.normalization = norm == "tmm" ? Normalization::tmm : Normalization::cpm;
        if (const auto f = cargo.find("norm_factors"); f != cargo.end() && f->is_string())
            info.norm_factors = f->get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: unexpected content ({}); {}", path, e.what(), k_rerun));
    }
    return info;
}

int find_module_scores_column(const TsvHeader& header, std::string_view name) {
    static constexpr std::pair<std::string_view, std::string_view> renamed[] = {{"p_cargo", "p_empirical"},
                                                                                {"fdr_cargo", "fdr"}};
    if (const int i = header.find(name); i >= 0) return i;
    for (const auto& [now, before] : renamed)
        if (name == now) return header.find(before);
    return -1;
}

std::size_t require_module_scores_column(const TsvHeader& header, std::string_view name, std::string_view fix) {
    const int i = find_module_scores_column(header, name);
    return i >= 0 ? static_cast<std::size_t>(i) : header.require(name, fix);
}

std::vector<ModuleStats> read_module_scores(const std::string& dir, const Network& net) {
    std::vector<ModuleStats> out(net.modules.size());
    const std::string path = result_path(dir, result_file::module_scores);
    const MappedFile file(path, k_rerun);
    const std::string_view text = file.text();
    const TsvHeader header(text.substr(0, text.find('\n')), path);
    const auto c = header.require({"module", "source", "n_genes", "n_targeted", "signed_score", "load", "z",
                                   "hypergeom_p", "hypergeom_fdr", "top_mirnas"},
                                  k_rerun);
    const std::size_t c_p = require_module_scores_column(header, "p_cargo", k_rerun),
                      c_f = require_module_scores_column(header, "fdr_cargo", k_rerun);
    const int c_pg = header.find("p_geneset"), c_fg = header.find("fdr_geneset"), c_call = header.find("call");
    each_row(path, text, "", header.size(), [&](auto f, std::size_t line) {
        std::size_t p = line - 2;
        if (p >= net.modules.size() || net.modules[p].name != f[c[0]] || net.modules[p].source != f[c[1]])
            throw Error(fmt::format("{}:{}: module '{}' is not row {} of bundle.modules.tsv; {}", path, line, f[c[0]],
                                    p, k_rerun));
        auto& m = out[p];
        const auto num = [&](int i, const char* name) { return to_double(f[c[i]], path, line, name); };
        m.n_genes = static_cast<std::size_t>(num(2, "n_genes"));
        m.n_targeted = static_cast<std::size_t>(num(3, "n_targeted"));
        m.signed_score = num(4, "signed_score"), m.load = num(5, "load"), m.z = num(6, "z");
        m.p_cargo = to_double(f[c_p], path, line, header.names()[c_p].c_str());
        m.fdr_cargo = to_double(f[c_f], path, line, header.names()[c_f].c_str());
        m.hypergeom_p = num(7, "hypergeom_p"), m.hypergeom_fdr = num(8, "hypergeom_fdr");
        if (c_pg >= 0) m.p_geneset = to_double(f[std::size_t(c_pg)], path, line, "p_geneset");
        if (c_fg >= 0) m.fdr_geneset = to_double(f[std::size_t(c_fg)], path, line, "fdr_geneset");
        if (c_call >= 0) m.call = std::string(f[std::size_t(c_call)]);
        if (f[c[9]] != "NA")
            for (auto name : split(f[c[9]], ';')) m.top_mirnas.emplace_back(name);
    });
    return out;
}

std::vector<GeneStats> read_gene_load(const std::string& dir, const Network& net) {
    std::vector<GeneStats> out(net.genes.size());
    const std::string path = result_path(dir, result_file::gene_load);
    const MappedFile file(path, k_rerun);
    each_row(path, file.text(), "gene\tload\tn_mirnas\tpropagated_load\tmodules", 5, [&](auto f, auto line) {
        const auto it = std::lower_bound(net.genes.begin(), net.genes.end(), f[0]);
        if (it == net.genes.end() || *it != f[0])
            throw Error(fmt::format("{}:{}: gene '{}' is not in the bundle; {}", path, line, f[0], k_rerun));
        auto& g = out[static_cast<std::size_t>(it - net.genes.begin())];
        g.load = to_double(f[1], path, line, "load");
        g.n_mirnas = static_cast<std::uint32_t>(to_double(f[2], path, line, "n_mirnas"));
        g.propagated = to_double(f[3], path, line, "propagated_load");
    });
    return out;
}

}  // namespace exomir
