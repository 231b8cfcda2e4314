// explore_load.cpp (no header of its own: declared in explore/explore.hpp, one header for the explore module): fast
// loading of a network result for explore (whole-file reads, from_chars, no per-line copies).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <tbb/parallel_invoke.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/core/tsv.hpp"
#include "exomir/explore/explore.hpp"
#include "exomir/reference/mirna_names.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {
namespace {

namespace fs = std::filesystem;

std::string slurp(const std::string& path, const std::string& hint) {
    auto text = read_input_file(path);
    if (!text) throw Error(fmt::format("{}: cannot open; {}", path, hint));
    return std::move(*text);
}

// Calls fn(fields, line_no, line) for each data line of `text`. Line 1 is the header: checked against `header`
// unless that is empty, and stored in *header_out if given. Fields are views into `text`; at most 16 are split.
template <class Fn>
void each_row(const std::string& path, std::string_view text, std::string_view header, std::size_t n_fields, Fn&& fn,
              std::string_view* header_out = nullptr) {
    std::size_t line_no = 0, pos = 0;
    std::array<std::string_view, 16> f{};
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (++line_no == 1) {
            if (!header.empty() && line != header)
                throw Error(fmt::format("{}:1: header must be '{}'; rerun 'exomir network'", path, header));
            if (header_out) *header_out = line;
            continue;
        }
        std::size_t n = 0, start = 0;
        for (std::size_t i = 0; i <= line.size() && n < f.size(); ++i)
            if (i == line.size() || line[i] == '\t') f[n++] = line.substr(start, i - start), start = i + 1;
        if (n != n_fields && n_fields != 0)
            throw Error(fmt::format("{}:{}: {} fields, expected {}", path, line_no, n, n_fields));
        fn(std::span<const std::string_view>(f.data(), n), line_no, line);
    }
    if (line_no == 0) throw Error(fmt::format("{}: empty; rerun 'exomir network'", path));
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
    if (first != header) throw Error(fmt::format("{}:1: header must be '{}'; rerun 'exomir network'", path, header));
    const char* p = text.data() + (nl == std::string_view::npos ? text.size() : nl + 1);
    const char* const end = text.data() + text.size();
    for (std::size_t line = 2; p < end; ++line) {
        std::uint32_t a = 0, b = 0;
        const char* q = p;
        const bool ok =
            parse_index(q, end, a) && q < end && *q++ == '\t' && parse_index(q, end, b) && q < end && *q == '\t';
        if (!ok)
            throw Error(
                fmt::format("{}:{}: expected '<index><TAB><index><TAB><value>'; rerun 'exomir network'", path, line));
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

// A read-only memory map of a whole file (explore reads targets.tsv rows by memmem without copying it).
class MappedFile {
  public:
    explicit MappedFile(const std::string& path, const std::string& hint = "") {
        const int fd = open(path.c_str(), O_RDONLY);
        if (fd < 0) throw Error(fmt::format("{}: cannot open{}{}", path, hint.empty() ? "" : "; ", hint));
        note_input(path);
        struct stat st {};
        if (fstat(fd, &st) == 0 && st.st_size > 0) {
            size_ = static_cast<std::size_t>(st.st_size);
            void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            data_ = p == MAP_FAILED ? nullptr : static_cast<const char*>(p);
        }
        close(fd);
        if (size_ > 0 && !data_) throw Error(fmt::format("{}: cannot map", path));
    }
    ~MappedFile() {
        if (data_) munmap(const_cast<char*>(data_), size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view text() const { return {data_ ? data_ : "", size_}; }

  private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

std::string in_dir(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

// The files of a network result folder that explore reads.
constexpr const char* k_result_files[] = {"bundle.mirnas.tsv",  "bundle.genes.tsv",   "bundle.modules.tsv",
                                          "bundle.targets.tsv", "bundle.members.tsv", "bundle.ppi.tsv",
                                          "module_scores.tsv",  "gene_load.tsv",      "network.run.json"};

const char* k_hint = "is it the -o directory of 'exomir network'? (rerun it if the files are damaged)";

void load_names(const std::string& dir, Network& net) {
    std::string path = in_dir(dir, "bundle.mirnas.tsv");
    each_row(path, MappedFile(path, k_hint).text(), "mirna\tabundance\tcpm", 3, [&](auto f, auto line, auto) {
        net.mirnas.emplace_back(f[0]);
        net.abundance.push_back(to_double(f[1], path, line, "abundance"));
        net.cpm.push_back(to_double(f[2], path, line, "cpm"));
    });
    path = in_dir(dir, "bundle.genes.tsv");
    each_row(path, MappedFile(path, k_hint).text(), "gene\tin_universe", 2, [&](auto f, auto, auto) {
        net.genes.emplace_back(f[0]);
        net.in_universe.push_back(f[1] == "1");
    });
    path = in_dir(dir, "bundle.modules.tsv");
    each_row(path, MappedFile(path, k_hint).text(), "module_index\tmodule\tsource\tsigned", 4, [&](auto f, auto, auto) {
        net.modules.push_back({std::string(f[1]), std::string(f[2]), {}, {}, f[3] == "1"});
    });
    net.target_offsets.assign(net.mirnas.size() + 1, 0);
    net.ppi_offsets.assign(net.genes.size() + 1, 0);
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

// bundle.targets.tsv rows the plan asks for (rows are sorted by mirna_index: Edges::mirna stops after its block).
void load_edges(const std::string& dir, const LoadPlan& plan, Network& net) {
    if (plan.edges == LoadPlan::Edges::none) return;
    const auto n_m = net.mirnas.size(), n_g = net.genes.size();
    const std::string path = in_dir(dir, "bundle.targets.tsv");
    const MappedFile file(path, k_hint);
    std::string_view text = file.text();
    std::string block;  // Edges::mirna: the header and the miRNA's rows only, found without parsing the rest
    if (plan.edges == LoadPlan::Edges::mirna)
        text = block = header_line(text) + index_rows(text, plan.mirna, plan.mirna + 1);
    std::vector<std::uint32_t> count(n_m + 1, 0);
    each_triple(path, text, "mirna_index\tgene_index\tweight", [&](auto m, auto g, auto w, auto line) {
        check_index(m, n_m, path, line, "mirna_index"), check_index(g, n_g, path, line, "gene_index");
        if (plan.edges == LoadPlan::Edges::mirna && m != plan.mirna) return;
        if (plan.edges == LoadPlan::Edges::genes && !plan.gene_mask[g] &&
            (plan.mirna_mask.empty() || !plan.mirna_mask[m]))
            return;
        net.target_genes.push_back(g);
        net.target_weights.push_back(to_double(w, path, line, "weight"));
        ++count[m + 1];
    });
    for (std::size_t m = 0; m < n_m; ++m) net.target_offsets[m + 1] = net.target_offsets[m] + count[m + 1];
}

// Calls fn(mirna_index, gene_index) for every row of bundle.targets.tsv, parsing only the two indices (rows that do
// not parse are skipped here; load_edges reports them).
template <class Fn>
void scan_target_indices(std::string_view text, Fn&& fn) {
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

// neighbors: the nodes closer than plan.depth to plan.seed (members and PPI already read), level by level; the
// target edges of those nodes are all the breadth-first search of answer_neighbors follows. Sets the edge masks.
void neighborhood_masks(const std::string& dir, LoadPlan& plan, const Network& net) {
    const auto n_m = net.mirnas.size(), n_g = net.genes.size(), n_p = net.modules.size();
    std::vector<int> dm(n_m, -1), dg(n_g, -1), dp(n_p, -1);
    (plan.seed.kind == NodeKind::mirna ? dm : plan.seed.kind == NodeKind::gene ? dg : dp)[plan.seed.index] = 0;
    const std::string path = in_dir(dir, "bundle.targets.tsv");
    const MappedFile file(path, k_hint);
    const auto reach = [](std::vector<int>& dist, std::size_t i, int k) {
        if (i < dist.size() && dist[i] < 0) dist[i] = k;
    };
    for (int k = 0; k + 1 < plan.depth; ++k) {
        bool nodes = false;  // miRNAs or genes at level k: their target edges are scanned
        for (std::size_t m = 0; m < n_m && !nodes; ++m) nodes = dm[m] == k;
        for (std::size_t g = 0; g < n_g; ++g) {
            if (dg[g] != k) continue;
            nodes = true;
            for (auto e = net.ppi_offsets[g]; e < net.ppi_offsets[g + 1]; ++e) reach(dg, net.ppi_genes[e], k + 1);
        }
        for (std::size_t p = 0; p < n_p; ++p)
            for (auto g : net.modules[p].genes) {
                if (dp[p] == k) reach(dg, g, k + 1);
                if (g < n_g && dg[g] == k) reach(dp, p, k + 1);
            }
        if (nodes)
            scan_target_indices(file.text(), [&](std::uint32_t m, std::uint32_t g) {
                if (m >= n_m || g >= n_g) return;
                if (dm[m] == k) reach(dg, g, k + 1);
                if (dg[g] == k) reach(dm, m, k + 1);
            });
    }
    plan.edges = LoadPlan::Edges::genes;
    plan.gene_mask.assign(n_g, 0), plan.mirna_mask.assign(n_m, 0);
    for (std::size_t g = 0; g < n_g; ++g) plan.gene_mask[g] = dg[g] >= 0;
    for (std::size_t m = 0; m < n_m; ++m) plan.mirna_mask[m] = dm[m] >= 0;
}

void load_members(const std::string& dir, const LoadPlan& plan, Network& net) {
    std::vector<std::uint8_t> want(net.modules.size(), plan.all_members ? 1 : 0);
    for (std::size_t p = 0; p < net.modules.size(); ++p) want[p] |= net.modules[p].source == "curated";
    for (auto p : plan.modules) want[p] = 1;
    const std::string path = in_dir(dir, "bundle.members.tsv");
    const MappedFile file(path, k_hint);
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
    each_triple(path, text, "module_index\tgene_index\trole", [&](auto p, auto g, auto role, auto line) {
        check_index(p, net.modules.size(), path, line, "module_index"),
            check_index(g, net.genes.size(), path, line, "gene_index");
        if (!want[p]) return;
        if (role != "1" && role != "0" && role != "-1")
            throw Error(fmt::format("{}:{}: column role: '{}' is not 1, 0 or -1", path, line, role));
        net.modules[p].genes.push_back(g);
        net.modules[p].roles.push_back(static_cast<std::int8_t>(role == "1" ? 1 : role == "-1" ? -1 : 0));
    });
}

void load_ppi(const std::string& dir, Network& net) {
    const auto n_g = net.genes.size();
    const std::string path = in_dir(dir, "bundle.ppi.tsv");
    std::vector<std::uint32_t> a, b;
    std::vector<double> s;
    each_triple(path, MappedFile(path, k_hint).text(), "gene_index_a\tgene_index_b\tscore",
                [&](auto ga, auto gb, auto w, auto line) {
                    check_index(ga, n_g, path, line, "gene_index_a"), check_index(gb, n_g, path, line, "gene_index_b");
                    a.push_back(ga), b.push_back(gb), s.push_back(to_double(w, path, line, "score"));
                });
    for (std::size_t e = 0; e < a.size(); ++e) ++net.ppi_offsets[a[e] + 1], ++net.ppi_offsets[b[e] + 1];
    for (std::size_t g = 0; g < n_g; ++g) net.ppi_offsets[g + 1] += net.ppi_offsets[g];
    net.ppi_genes.resize(2 * a.size()), net.ppi_weights.resize(2 * a.size());
    std::vector<std::uint32_t> fill(net.ppi_offsets.begin(), net.ppi_offsets.end() - 1);
    for (std::size_t e = 0; e < a.size(); ++e) {  // rows sorted by (a, b): each gene's list comes out ascending
        net.ppi_genes[fill[a[e]]] = b[e], net.ppi_weights[fill[a[e]]++] = s[e];
        net.ppi_genes[fill[b[e]]] = a[e], net.ppi_weights[fill[b[e]]++] = s[e];
    }
}

// module_scores.tsv, columns found by name (newer versions may add columns); rows follow the bundle's module order.
void load_scores(ExploreData& d) {
    const std::string hint = "rerun 'exomir network'";
    const std::string path = in_dir(d.dir, "module_scores.tsv");
    const MappedFile file(path, hint);
    const std::string_view text = file.text();
    const TsvHeader header(text.substr(0, text.find('\n')), path);
    const auto c = header.require({"module", "source", "n_genes", "n_targeted", "signed_score", "load", "z",
                                   "p_empirical", "fdr", "hypergeom_p", "hypergeom_fdr", "top_mirnas"},
                                  hint);
    const std::size_t n_fields = header.size();
    each_row(path, text, "", n_fields, [&](auto f, std::size_t line, auto) {
        std::size_t p = line - 2;
        if (p >= d.net.modules.size() || d.net.modules[p].name != f[c[0]] || d.net.modules[p].source != f[c[1]])
            throw Error(fmt::format("{}:{}: module '{}' is not row {} of bundle.modules.tsv; {}", path, line, f[c[0]],
                                    p, hint));
        auto& m = d.modules[p];
        const auto num = [&](int i, const char* name) { return to_double(f[c[i]], path, line, name); };
        m.n_genes = static_cast<std::size_t>(num(2, "n_genes")),
        m.n_targeted = static_cast<std::size_t>(num(3, "n_targeted"));
        m.signed_score = num(4, "signed_score"), m.load = num(5, "load"), m.z = num(6, "z");
        m.p_empirical = num(7, "p_empirical"), m.fdr = num(8, "fdr"), m.hypergeom_p = num(9, "hypergeom_p");
        m.hypergeom_fdr = num(10, "hypergeom_fdr");
        if (f[c[11]] != "NA")
            for (auto name : split(f[c[11]], ';')) m.top_mirnas.emplace_back(name);
    });
}

void load_gene_load(ExploreData& d) {
    const std::string hint = "rerun 'exomir network'";
    const std::string path = in_dir(d.dir, "gene_load.tsv");
    each_row(path, MappedFile(path, hint).text(), "gene\tload\tn_mirnas\tpropagated_load\tmodules", 5,
             [&](auto f, auto line, auto) {
                 const auto it = std::lower_bound(d.net.genes.begin(), d.net.genes.end(), f[0]);
                 if (it == d.net.genes.end() || *it != f[0])
                     throw Error(fmt::format("{}:{}: gene '{}' is not in the bundle; {}", path, line, f[0], hint));
                 auto& g = d.genes[static_cast<std::size_t>(it - d.net.genes.begin())];
                 g.load = to_double(f[1], path, line, "load");
                 g.n_mirnas = static_cast<std::uint32_t>(to_double(f[2], path, line, "n_mirnas"));
                 g.propagated = to_double(f[3], path, line, "propagated_load");
             });
}

// network.run.json: scoring parameters and the targets.tsv the network read (if it still exists, unchanged).
void load_run_info(ExploreData& d) {
    const std::string path = in_dir(d.dir, "network.run.json");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(slurp(path, "rerun 'exomir network'"));
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: not valid JSON ({}); rerun 'exomir network'", path, e.what()));
    }
    const auto params = j.value("parameters", nlohmann::json::object());
    d.score.propagate = params.value("propagate", false);
    d.score.restart = params.value("restart", d.score.restart);
    std::string targets = j.value("targets", "");  // results of older versions: --targets of the command line
    const auto argv =
        targets.empty() ? j.value("command_line", std::vector<std::string>{}) : std::vector<std::string>{};
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (argv[i] == "--targets" && i + 1 < argv.size())
            targets = argv[i + 1];
        else if (argv[i].rfind("--targets=", 0) == 0)
            targets = argv[i].substr(10);
    }
    if (targets.empty()) return void(d.targets_note = "network.run.json names no --targets file");
    std::int64_t bytes = -1;
    for (const auto& in : j.value("inputs", nlohmann::json::array()))
        if (in.value("path", "") == targets) bytes = in.value("bytes", std::int64_t{-1});
    std::string found;
    for (const auto& cand : {fs::path(targets), fs::path(d.dir).parent_path() / targets})
        if (found.empty() && file_exists(cand.string())) found = cand.string();
    if (found.empty())
        return void(d.targets_note = fmt::format("{} (sources, site types, evidence) no longer exists", targets));
    if (bytes >= 0 && file_size(found) != bytes)
        return void(d.targets_note = fmt::format("{} changed since the network was built; not used", found));
    d.targets_path = found;
    note_input(found);
}

void build_indexes(ExploreData& d) {
    const auto& net = d.net;
    const auto n_g = net.genes.size();
    d.reg_offsets.assign(n_g + 1, 0);
    for (auto g : net.target_genes) ++d.reg_offsets[g + 1];
    for (std::size_t g = 0; g < n_g; ++g) d.reg_offsets[g + 1] += d.reg_offsets[g];
    d.reg_mirnas.resize(net.target_genes.size()), d.reg_weights.resize(net.target_genes.size());
    std::vector<std::uint32_t> fill(d.reg_offsets.begin(), d.reg_offsets.end() - 1);
    for (std::uint32_t m = 0; m + 1 < net.target_offsets.size(); ++m)
        for (auto e = net.target_offsets[m]; e < net.target_offsets[m + 1]; ++e) {
            const auto g = net.target_genes[e];
            d.reg_mirnas[fill[g]] = m, d.reg_weights[fill[g]++] = net.target_weights[e];
        }
    d.mod_offsets.assign(n_g + 1, 0);
    for (const auto& mod : net.modules)
        for (auto g : mod.genes) ++d.mod_offsets[g + 1];
    for (std::size_t g = 0; g < n_g; ++g) d.mod_offsets[g + 1] += d.mod_offsets[g];
    d.gene_modules.resize(d.mod_offsets[n_g]);
    fill.assign(d.mod_offsets.begin(), d.mod_offsets.end() - 1);
    for (std::uint32_t p = 0; p < net.modules.size(); ++p)
        for (std::size_t i = 0; i < net.modules[p].genes.size(); ++i)
            d.gene_modules[fill[net.modules[p].genes[i]]++] = {p, net.modules[p].roles[i]};
}

}  // namespace

LoadPlan load_everything() {
    LoadPlan plan;
    plan.edges = LoadPlan::Edges::all, plan.all_members = plan.ppi = plan.scores = plan.gene_load = true;
    return plan;
}

ExploreData load_explore(const std::string& dir, const std::string& aliases_path, const std::string& mirbase_diff_dir) {
    ExploreData d;
    d.dir = dir;
    if (!fs::is_directory(dir))
        throw Error(fmt::format("{}: not a directory; give the -o directory of 'exomir network'", dir));
    // Parts are loaded on demand (load_parts), so every file explore may read is an input from the start: no -o
    // or --history may replace one, whichever query runs first.
    for (const char* name : k_result_files) note_input(in_dir(dir, name));
    load_names(dir, d.net);
    load_run_info(d);
    d.modules.assign(d.net.modules.size(), {});
    d.genes.assign(d.net.genes.size(), {});
    std::vector<std::string> module_names, module_sources;
    for (const auto& m : d.net.modules) module_names.push_back(m.name), module_sources.push_back(m.source);
    auto aliases =
        aliases_path.empty() ? std::vector<std::pair<std::string, std::string>>{} : read_aliases(aliases_path);
    if (!mirbase_diff_dir.empty() && !d.net.mirnas.empty()) {
        const std::string& first = d.net.mirnas.front();
        const auto former = mirbase_former_names(mirbase_diff_dir, first.substr(0, first.find('-')));
        aliases.insert(aliases.end(), former.begin(), former.end());
    }
    d.names = NameIndex(d.net.mirnas, d.net.genes, module_names, module_sources, aliases);
    return d;
}

void load_parts(ExploreData& d, const LoadPlan& plan_in) {
    LoadPlan plan = plan_in;
    if (plan.depth > 0) {  // neighbors: members and PPI first, then only the edges the search can follow
        tbb::parallel_invoke([&] { load_members(d.dir, plan, d.net); },
                             [&] {
                                 if (plan.ppi) load_ppi(d.dir, d.net);
                             });
        neighborhood_masks(d.dir, plan, d.net);
        load_edges(d.dir, plan, d.net);
        if (plan.scores) load_scores(d);
        if (plan.gene_load) load_gene_load(d);
        return build_indexes(d);
    }
    // The files are independent (except that Edges::genes of a module needs its members first): read them at once.
    const bool edges_after_members = !plan.edge_modules.empty();
    tbb::parallel_invoke(
        [&] {
            load_members(d.dir, plan, d.net);
            for (auto p : plan.edge_modules)
                for (auto g : d.net.modules[p].genes) plan.gene_mask[g] = 1;
            if (edges_after_members) load_edges(d.dir, plan, d.net);
        },
        [&] {
            if (!edges_after_members) load_edges(d.dir, plan, d.net);
        },
        [&] {
            if (plan.ppi) load_ppi(d.dir, d.net);
        },
        [&] {
            if (plan.scores) load_scores(d);
            if (plan.gene_load) load_gene_load(d);
        });
    build_indexes(d);
}

std::vector<std::pair<std::string, std::string>> mirbase_former_names(const std::string& diff_dir,
                                                                      const std::string& species) {
    const MirbaseHistory history = load_mirbase_history(diff_dir, species);
    ReferencePaths paths;
    paths.species = species;
    const MirnaReference ref = load_mirna_reference(resolve_reference_paths("", paths));
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [accession, names] : history.former_names) {
        const auto i = ref.find_mature(accession);
        if (i < 0) continue;
        for (const auto& name : names)
            if (name != ref.matures[i].name) out.emplace_back(name, ref.matures[i].name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::pair<std::string, std::string>> read_aliases(const std::string& path) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto add = [&](std::string_view text, std::size_t line) {
        const auto f = split_tabs(text);
        if (f.size() < 2 || f[0].empty() || f[1].empty())
            throw Error(
                fmt::format("{}:{}: expected 'alias<TAB>name' or miRBase aliases.txt 'MIMAT...<TAB>a;b;'", path, line));
        if (f[0].rfind("MI", 0) != 0 || f[1].find(';') == std::string_view::npos)
            return void(out.emplace_back(f[0], f[1]));
        std::vector<std::string_view> names;  // miRBase: oldest first, the current name last
        for (auto n : split(f[1], ';'))
            if (!n.empty()) names.push_back(n);
        for (auto n : names) out.emplace_back(n, names.back());
    };
    std::string_view header;
    const std::string text = slurp(path, "check --aliases");
    each_row(
        path, text, "", 0, [&](auto, std::size_t line, std::string_view row) { add(row, line); }, &header);
    if (header != "alias\tname") add(header, 1);  // miRBase aliases.txt has no header line
    return out;
}

std::vector<TargetDetail> read_target_details(const std::string& path, const std::vector<std::string>& mirnas,
                                              const std::vector<std::string>& genes) {
    std::vector<TargetDetail> out;
    if (path.empty() || (mirnas.empty() && genes.empty())) return out;
    const MappedFile file(path);
    const std::string_view text = file.text();
    const std::string_view header = text.substr(0, text.find('\n'));
    const auto col =
        TsvHeader(header, path)
            .require({"mirna", "gene", "n_sites", "site_types", "sources", "evidence"}, "rerun 'exomir network'");
    const std::size_t max_col = *std::max_element(col.begin(), col.end());
    std::vector<std::size_t> line_starts;  // lines that may hold a wanted row, found by memmem (the file can be 40 MB)
    const auto find_all = [&](const std::string& needle, std::size_t skip) {
        for (const char* p = text.data();
             (p = static_cast<const char*>(memmem(p, text.data() + text.size() - p, needle.data(), needle.size())));
             ++p) {
            std::size_t at = static_cast<std::size_t>(p - text.data()) + skip;
            while (at > 0 && text[at - 1] != '\n') --at;
            line_starts.push_back(at);
        }
    };
    for (const auto& m : mirnas)
        for (auto part : split(m, '/')) find_all(fmt::format("\n{}\t", part), 1);
    for (const auto& g : genes) find_all(fmt::format("\t{}\t", g), 1);
    std::sort(line_starts.begin(), line_starts.end());
    line_starts.erase(std::unique(line_starts.begin(), line_starts.end()), line_starts.end());
    std::unordered_set<std::string_view> want_m, want_g(genes.begin(), genes.end());
    for (const auto& m : mirnas)
        for (auto part : split(m, '/')) want_m.insert(part);
    for (auto at : line_starts) {
        auto end = text.find('\n', at);
        std::string_view line = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const auto f = split_tabs(line);
        if (f.size() <= max_col) continue;
        if (!want_m.count(f[col[0]]) && !want_g.count(f[col[1]])) continue;
        out.push_back({std::string(f[col[0]]), std::string(f[col[1]]), std::string(f[col[2]]), std::string(f[col[3]]),
                       std::string(f[col[4]]), std::string(f[col[5]])});
    }
    return out;
}

}  // namespace exomir
