// explore_load.cpp (no header of its own: declared in explore/explore.hpp, one header for the explore module):
// loading what a query needs from a network result (read through network/result.hpp), the name index and the
// gene indexes; aliases and targets.tsv details.
#include <algorithm>
#include <cstring>
#include <filesystem>
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

// network.run.json: scoring parameters and the targets.tsv the network read (if it still exists, unchanged).
void load_run_info(ExploreData& d) {
    const NetworkRunInfo info = read_network_run(d.dir);
    if (!info.present)
        throw Error(fmt::format("{}: cannot open; rerun 'exomir network'", result_path(d.dir, result_file::run_json)));
    d.score.propagate = info.scoring.propagate;
    d.score.restart = info.scoring.restart;
    // the flags of a run with blanks, if the file is still there
    if (const std::string medium = recorded_input(d.dir, info.contamination); !medium.empty()) {
        d.medium_flags = read_contamination_flags(medium);
        d.medium_checked = true;
    } else if (!info.contamination.empty()) {
        d.medium_note =
            fmt::format("culture-medium flags: {} (recorded by network) no longer exists", info.contamination);
    }
    if (info.targets.empty())
        return void(d.targets_note =
                        "network.run.json names no targets file (made by an older exomir: rerun "
                        "'exomir network')");
    const std::string found = recorded_input(d.dir, info.targets);
    if (found.empty())
        return void(d.targets_note = fmt::format("{} (sources, site types, evidence) no longer exists", info.targets));
    if (info.targets_bytes >= 0 && file_size(found) != info.targets_bytes)
        return void(d.targets_note = fmt::format("{} changed since the network was built; not used", found));
    d.targets_path = found;
    note_input(found);
}

// neighbors: the nodes closer than plan.depth to plan.seed (members and PPI already read), level by level; the
// target edges of those nodes are all the breadth-first search of answer_neighbors follows. Sets the edge masks.
void neighborhood_masks(const std::string& dir, LoadPlan& plan, const Network& net) {
    const auto n_m = net.mirnas.size(), n_g = net.genes.size(), n_p = net.modules.size();
    std::vector<int> dm(n_m, -1), dg(n_g, -1), dp(n_p, -1);
    (plan.seed.kind == NodeKind::mirna ? dm : plan.seed.kind == NodeKind::gene ? dg : dp)[plan.seed.index] = 0;
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
            scan_bundle_target_indices(dir, [&](std::uint32_t m, std::uint32_t g) {
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

void load_tables(ExploreData& d, const LoadPlan& plan) {
    if (plan.scores) d.modules = read_module_scores(d.dir, d.net);
    if (plan.gene_load) d.genes = read_gene_load(d.dir, d.net);
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
    if (!dir_exists(dir))
        throw Error(fmt::format("{}: not a directory; give the -o directory of 'exomir network'", dir));
    // Parts are loaded on demand (load_parts), so every file explore may read is an input from the start: no -o
    // or --history may replace one, whichever query runs first.
    for (const auto& path : result_inputs(dir)) note_input(path);
    d.net = read_bundle_names(dir);
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
        tbb::parallel_invoke([&] { read_bundle_members(d.dir, plan, d.net); },
                             [&] {
                                 if (plan.ppi) read_bundle_ppi(d.dir, d.net);
                             });
        neighborhood_masks(d.dir, plan, d.net);
        read_bundle_edges(d.dir, plan, d.net);
        load_tables(d, plan);
        return build_indexes(d);
    }
    // The files are independent (except that Edges::genes of a module needs its members first): read them at once.
    const bool edges_after_members = !plan.edge_modules.empty();
    tbb::parallel_invoke(
        [&] {
            read_bundle_members(d.dir, plan, d.net);
            for (auto p : plan.edge_modules)
                for (auto g : d.net.modules[p].genes) plan.gene_mask[g] = 1;
            if (edges_after_members) read_bundle_edges(d.dir, plan, d.net);
        },
        [&] {
            if (!edges_after_members) read_bundle_edges(d.dir, plan, d.net);
        },
        [&] {
            if (plan.ppi) read_bundle_ppi(d.dir, d.net);
        },
        [&] { load_tables(d, plan); });
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
    LineReader in(path);
    std::string header, line;
    if (!in.next(header)) throw Error(fmt::format("{}: empty; check --aliases", path));
    while (in.next(line)) add(line, static_cast<std::size_t>(in.line_no()));
    if (header != "alias\tname") add(header, 1);  // miRBase aliases.txt has no header line (its row 1 goes last)
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
