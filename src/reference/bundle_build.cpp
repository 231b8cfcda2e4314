// bundle_build.cpp: species FASTA, STRING PPI keyed by symbol, and GMTs of a reference bundle.
#include "exomir/reference/bundle_build.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/reference/gene_ids.hpp"

namespace exomir {

GeneNormaliser default_gene_normaliser() {
    return [](std::string_view id) { return ascii_upper(trim_ws(id)); };
}

GeneNormaliser gene_ids_normaliser(const GeneIds& ids, GeneIdTally& tally) {
    return [&ids, &tally](std::string_view raw) {
        const std::string_view id = trim_ws(raw);
        if (id.empty()) return std::string();
        GeneIdResult r = ids.resolve(id);
        tally.add(id, r);
        const bool entrez = std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (r.status == GeneIdStatus::unknown && entrez) return std::string();
        return std::move(r.symbol);
    };
}

std::string species_fasta(const std::string& path, const std::string& species, std::uint64_t& n) {
    LineReader in(path);
    std::string line, out;
    const std::string prefix = ">" + species + "-";
    bool keep = false, seen_header = false;
    n = 0;
    while (in.next(line)) {
        if (!line.empty() && line[0] == '>') {
            seen_header = true;
            keep = line.compare(0, prefix.size(), prefix) == 0;
            n += keep;
        } else if (!seen_header && !trim_ws(line).empty()) {
            throw Error(fmt::format("{}sequence before the first '>' header: not a FASTA file", in.where()));
        }
        if (keep) out.append(line).push_back('\n');
    }
    return out;
}

namespace {

// STRING protein.info: protein ID -> gene symbol (normalised).
std::unordered_map<std::string, std::string> string_symbols(const std::string& info, const GeneNormaliser& normalise) {
    std::unordered_map<std::string, std::string> symbol;
    LineReader in(info);
    std::string line;
    while (in.next(line)) {
        const auto f = split_tabs(line);
        if (in.line_no() == 1) {
            if (f.size() < 2 || f[0] != "#string_protein_id" || f[1] != "preferred_name")
                throw Error(
                    fmt::format("{}expected the STRING protein.info header '#string_protein_id<TAB>"
                                "preferred_name<TAB>...'; the upstream format changed?",
                                in.where()));
            continue;
        }
        if (f.size() < 2 || f[0].empty())
            throw Error(fmt::format("{}expected column preferred_name (tab-separated)", in.where()));
        symbol.emplace(std::string(f[0]), normalise(f[1]));
    }
    return symbol;
}

}  // namespace

PpiBuild build_string_ppi(const std::string& links, const std::string& info, int min_score,
                          const GeneNormaliser& normalise) {
    const auto symbol = string_symbols(info, normalise);
    PpiBuild out;
    std::set<std::tuple<std::string, std::string, int>> seen;
    std::set<std::string> genes;
    LineReader in(links);
    std::string line;
    while (in.next(line)) {
        const auto f = split(line, ' ');
        if (in.line_no() == 1) {
            if (f.size() < 3 || f[0] != "protein1" || f[1] != "protein2" || f[2] != "combined_score")
                throw Error(
                    fmt::format("{}expected the STRING links header 'protein1 protein2 combined_score' "
                                "(space-separated); the upstream format changed?",
                                in.where()));
            continue;
        }
        if (f.size() < 3)
            throw Error(fmt::format("{}expected 3 columns: protein1 protein2 combined_score", in.where()));
        ++out.rows_read;
        const auto score = static_cast<int>(parse_uint(f[2], in.where(), "combined_score"));
        if (score < min_score) {
            ++out.below_min_score;
            continue;
        }
        const auto a = symbol.find(std::string(f[0])), b = symbol.find(std::string(f[1]));
        if (a == symbol.end() || b == symbol.end() || a->second.empty() || b->second.empty()) {
            ++out.unmapped;
            continue;
        }
        if (a->second == b->second) {
            ++out.self_loops;
            continue;
        }
        const auto& [x, y] = std::minmax(a->second, b->second);
        seen.emplace(x, y, score);
        genes.insert(x), genes.insert(y);
    }
    // One edge per gene pair: the best score (several ENSP of one gene, and both directions, collapse).
    for (const auto& e : seen) {
        if (!out.edges.empty() && std::get<0>(out.edges.back()) == std::get<0>(e) &&
            std::get<1>(out.edges.back()) == std::get<1>(e)) {
            std::get<2>(out.edges.back()) = std::max(std::get<2>(out.edges.back()), std::get<2>(e));
            continue;
        }
        out.edges.push_back(e);
    }
    out.n_genes = genes.size();
    return out;
}

std::string format_ppi(const PpiBuild& ppi) {
    std::string out = "gene_a\tgene_b\tscore\n";
    for (const auto& [a, b, s] : ppi.edges) out += fmt::format("{}\t{}\t{}\n", a, b, s);
    return out;
}

GmtBuild normalise_gmt(const std::string& path, const GeneNormaliser& normalise) {
    LineReader in(path);
    std::string line;
    GmtBuild out;
    while (in.next(line)) {
        if (trim_ws(line).empty()) continue;
        const auto f = split_tabs(line);
        if (f.size() < 3 || f[0].empty())
            throw Error(fmt::format("{}expected GMT columns: name<TAB>description<TAB>gene...", in.where()));
        std::vector<std::string> genes;
        for (std::size_t i = 2; i < f.size(); ++i) {
            if (trim_ws(f[i]).empty()) continue;
            ++out.genes_in;
            if (std::string g = normalise(f[i]); !g.empty()) genes.push_back(std::move(g));
        }
        std::sort(genes.begin(), genes.end());
        genes.erase(std::unique(genes.begin(), genes.end()), genes.end());
        out.genes_out += genes.size();
        ++out.sets;
        out.text += fmt::format("{}\t{}", f[0], f[1]);
        for (const auto& g : genes) out.text += "\t" + g;
        out.text += "\n";
    }
    return out;
}

}  // namespace exomir
