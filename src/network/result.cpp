// result.cpp: writing and reading the network bundle (index-keyed TSVs; docs/formats.md "network bundle").
#include "exomir/network/result.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"

namespace exomir {
namespace {

constexpr const char* k_headers[] = {
    "mirna\tabundance\tcpm",           "gene\tin_universe",
    "mirna_index\tgene_index\tweight", "module_index\tmodule\tsource\tsigned",
    "module_index\tgene_index\trole",  "gene_index_a\tgene_index_b\tscore",
};
constexpr const char* k_names[] = {"bundle.mirnas.tsv",  "bundle.genes.tsv",   "bundle.targets.tsv",
                                   "bundle.modules.tsv", "bundle.members.tsv", "bundle.ppi.tsv"};

// Reads one bundle table: checks the header and the field count, calls row(fields, where) per line.
template <class Fn>
void read_table(const std::string& dir, int which, std::size_t n_fields, Fn&& row) {
    const std::string path = (std::filesystem::path(dir) / k_names[which]).string();
    if (!file_exists(path))
        throw Error(fmt::format("{}: missing; is {} the -o directory of 'exomir network'?", path, dir));
    LineReader in(path);
    std::string line;
    if (!in.next(line) || line != k_headers[which])
        throw Error(fmt::format("{}:1: header must be '{}'; rerun 'exomir network'", path, k_headers[which]));
    while (in.next(line)) {
        const auto f = split_tabs(line);
        if (f.size() != n_fields) throw Error(fmt::format("{}{} fields, expected {}", in.where(), f.size(), n_fields));
        row(f, in.where());
    }
}

std::uint32_t parse_index(std::string_view text, const std::string& where, const char* column, std::size_t size) {
    const auto i = parse_uint(text, where, column);
    if (i >= size) throw Error(fmt::format("{}column {}: index {} out of range (< {})", where, column, i, size));
    return static_cast<std::uint32_t>(i);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> bundle_files(const Network& net) {
    std::vector<std::string> text(6);
    for (int i = 0; i < 6; ++i) text[i] = std::string(k_headers[i]) + "\n";
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
    for (int i = 0; i < 6; ++i) files.emplace_back(k_names[i], std::move(text[i]));
    return files;
}

Network read_bundle(const std::string& dir) {
    Network net;
    read_table(dir, 0, 3, [&](const auto& f, const std::string& w) {
        net.mirnas.emplace_back(f[0]);
        net.abundance.push_back(parse_double(f[1], w, "abundance"));
        net.cpm.push_back(parse_double(f[2], w, "cpm"));
    });
    read_table(dir, 1, 2, [&](const auto& f, const std::string& w) {
        net.genes.emplace_back(f[0]);
        net.in_universe.push_back(parse_uint(f[1], w, "in_universe") ? 1 : 0);
    });
    net.target_offsets.assign(net.mirnas.size() + 1, 0);
    std::uint32_t last = 0;
    read_table(dir, 2, 3, [&](const auto& f, const std::string& w) {
        const auto m = parse_index(f[0], w, "mirna_index", net.mirnas.size());
        if (m < last) throw Error(fmt::format("{}rows must be sorted by mirna_index", w));
        last = m;
        net.target_genes.push_back(parse_index(f[1], w, "gene_index", net.genes.size()));
        net.target_weights.push_back(parse_double(f[2], w, "weight"));
        net.target_offsets[m + 1] = static_cast<std::uint32_t>(net.target_genes.size());
    });
    for (std::size_t m = 1; m < net.target_offsets.size(); ++m)
        net.target_offsets[m] = std::max(net.target_offsets[m], net.target_offsets[m - 1]);
    read_table(dir, 3, 4, [&](const auto& f, const std::string& w) {
        if (parse_uint(f[0], w, "module_index") != net.modules.size())
            throw Error(fmt::format("{}module_index must count 0, 1, 2, ...", w));
        net.modules.push_back({std::string(f[1]), std::string(f[2]), {}, {}, parse_uint(f[3], w, "signed") != 0});
    });
    read_table(dir, 4, 3, [&](const auto& f, const std::string& w) {
        auto& mod = net.modules[parse_index(f[0], w, "module_index", net.modules.size())];
        mod.genes.push_back(parse_index(f[1], w, "gene_index", net.genes.size()));
        if (f[2] != "1" && f[2] != "0" && f[2] != "-1")
            throw Error(fmt::format("{}column role: '{}' is not 1, 0 or -1", w, f[2]));
        mod.roles.push_back(static_cast<std::int8_t>(f[2] == "1" ? 1 : f[2] == "0" ? 0 : -1));
    });
    std::vector<std::vector<std::pair<std::uint32_t, double>>> adj(net.genes.size());
    read_table(dir, 5, 3, [&](const auto& f, const std::string& w) {
        const auto a = parse_index(f[0], w, "gene_index_a", net.genes.size());
        const auto b = parse_index(f[1], w, "gene_index_b", net.genes.size());
        const double s = parse_double(f[2], w, "score");
        adj[a].emplace_back(b, s), adj[b].emplace_back(a, s);
    });
    net.ppi_offsets.assign(1, 0);
    for (auto& row : adj) {
        std::sort(row.begin(), row.end());
        for (auto [g, s] : row) net.ppi_genes.push_back(g), net.ppi_weights.push_back(s);
        net.ppi_offsets.push_back(static_cast<std::uint32_t>(net.ppi_genes.size()));
    }
    return net;
}

}  // namespace exomir
