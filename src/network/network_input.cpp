// network_input.cpp: parsers for the tables of `exomir network` and the cargo abundance.
#include "exomir/network/network_input.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/core/tsv.hpp"

namespace exomir {
namespace {

std::string require_name(std::string_view field, const std::string& where, const char* column) {
    std::string s(trim_ws(field));
    if (s.empty() || s == "NA")
        throw Error(fmt::format("{}column {}: empty name; fill it in or drop the row", where, column));
    return s;
}

}  // namespace

const char* role_name(Role r) {
    switch (r) {
        case Role::driver:
            return "driver";
        case Role::protective:
            return "protective";
        case Role::context:
            return "context";
    }
    return "context";
}

CountsTable read_counts(const std::string& path) {
    TsvReader in(path);
    CountsTable t;
    t.path = path;
    if (in.require("mirna") != 0 || in.require("accession") != 1)
        throw Error(fmt::format("{}:1: counts.tsv must start with columns mirna, accession", path));
    t.samples.assign(in.header().names().begin() + 2, in.header().names().end());
    if (t.samples.empty()) throw Error(fmt::format("{}:1: no sample column after mirna, accession", path));
    for (const auto& s : t.samples)
        if (!valid_sample_name(s)) throw Error(fmt::format("{}:1: column {}", path, sample_name_problem(s)));
    std::unordered_set<std::string> seen;
    std::vector<std::string_view> f;
    while (in.next(f)) {
        const std::string where = in.where();
        t.mirnas.push_back(require_name(f[0], where, "mirna"));
        if (!seen.insert(t.mirnas.back()).second)
            throw Error(fmt::format("{}duplicate miRNA '{}'; merge the rows", where, t.mirnas.back()));
        t.accessions.emplace_back(trim_ws(f[1]));
        for (std::size_t j = 2; j < f.size(); ++j) {
            const double x = parse_double(f[j], where, t.samples[j - 2]);
            if (x < 0) throw Error(fmt::format("{}column {}: negative count {}", where, t.samples[j - 2], x));
            t.reads.push_back(x);
        }
    }
    return t;
}

std::vector<TargetEdge> read_targets(const std::string& path, std::vector<std::string>* source_lists) {
    TsvReader in(path);
    const std::size_t c_mirna = in.require("mirna"), c_gene = in.require("gene"), c_weight = in.require("weight");
    const int c_sources = in.find("sources");
    std::unordered_map<std::string, std::uint16_t> list_index;
    std::vector<TargetEdge> edges;
    std::unordered_set<std::string> seen;
    std::vector<std::string_view> f;
    while (in.next(f)) {
        const std::string where = in.where();
        TargetEdge e{require_name(f[c_mirna], where, "mirna"), ascii_upper(require_name(f[c_gene], where, "gene")), 0};
        e.weight = parse_double(f[c_weight], where, "weight");
        if (e.weight < 0 || e.weight > 1)
            throw Error(fmt::format("{}column weight: {} is outside [0,1]", where, e.weight));
        if (source_lists) {
            const std::string list =
                c_sources >= 0 ? std::string(trim_ws(f[static_cast<std::size_t>(c_sources)])) : std::string();
            const auto [it, added] = list_index.try_emplace(list, static_cast<std::uint16_t>(source_lists->size()));
            if (added) {
                if (source_lists->size() == UINT16_MAX)
                    throw Error(fmt::format("{}column sources: more than {} distinct source lists", where, UINT16_MAX));
                source_lists->push_back(list);
            }
            e.source_list = it->second;
        }
        if (!seen.insert(e.mirna + '\t' + e.gene).second)
            throw Error(
                fmt::format("{}duplicate pair ({}, {}); keep one row per miRNA and gene", where, e.mirna, e.gene));
        edges.push_back(std::move(e));
    }
    return edges;
}

std::vector<ModuleGene> read_modules(const std::string& path) {
    TsvReader in(path);
    const std::size_t c_module = in.require("module"), c_gene = in.require("gene"), c_role = in.require("role");
    const int c_cell = in.find("cell_type");
    std::vector<ModuleGene> rows;
    std::unordered_set<std::string> seen;
    std::vector<std::string_view> f;
    while (in.next(f)) {
        const std::string where = in.where();
        ModuleGene m{require_name(f[c_module], where, "module"), ascii_upper(require_name(f[c_gene], where, "gene")),
                     Role::context, c_cell >= 0 ? std::string(trim_ws(f[c_cell])) : "NA"};
        const std::string_view role = trim_ws(f[c_role]);
        if (role == "driver")
            m.role = Role::driver;
        else if (role == "protective")
            m.role = Role::protective;
        else if (role != "context")
            throw Error(fmt::format("{}column role: '{}' is not driver, protective or context", where, role));
        if (!seen.insert(m.module + '\t' + m.gene).second)
            throw Error(fmt::format("{}duplicate gene {} in module {}; keep one row", where, m.gene, m.module));
        rows.push_back(std::move(m));
    }
    return rows;
}

std::vector<GeneSet> read_gmt(const std::string& path) {
    LineReader in(path);
    const std::string source = "gmt:" + std::filesystem::path(path).filename().string();
    std::vector<GeneSet> sets;
    std::unordered_set<std::string> names;
    std::string line;
    while (in.next(line)) {
        if (trim_ws(line).empty()) continue;
        const auto f = split_tabs(line);
        if (f.size() < 3)
            throw Error(
                fmt::format("{}GMT line has {} fields; expected name, description, genes...", in.where(), f.size()));
        GeneSet s{std::string(trim_ws(f[0])), source, {}};
        if (s.name.empty()) throw Error(fmt::format("{}empty gene-set name", in.where()));
        if (!names.insert(s.name).second)
            throw Error(
                fmt::format("{}duplicate gene set '{}'; set names must be unique in a file", in.where(), s.name));
        std::unordered_set<std::string> genes;
        for (std::size_t i = 2; i < f.size(); ++i) {
            std::string g = ascii_upper(f[i]);
            if (!g.empty() && genes.insert(g).second) s.genes.push_back(std::move(g));
        }
        sets.push_back(std::move(s));
    }
    return sets;
}

std::vector<PpiEdge> read_ppi(const std::string& path) {
    TsvReader in(path);
    const std::size_t c_a = in.require("gene_a"), c_b = in.require("gene_b");
    const int c_score = in.find("score");
    std::vector<PpiEdge> edges;
    std::vector<std::string_view> f;
    while (in.next(f)) {
        const std::string where = in.where();
        PpiEdge e{ascii_upper(require_name(f[c_a], where, "gene_a")),
                  ascii_upper(require_name(f[c_b], where, "gene_b")), 1};
        if (c_score >= 0) {
            e.score = parse_double(f[c_score], where, "score");
            if (e.score <= 0 || e.score > 1000)
                throw Error(fmt::format("{}column score: {} must be in (0, 1], or (1, 1000] on STRING's scale", where,
                                        e.score));
            if (e.score > 1) e.score /= 1000;  // STRING's 0-1000 scale
        }
        if (e.a != e.b) edges.push_back(std::move(e));
    }
    return edges;
}

std::vector<std::size_t> select_samples(const CountsTable& counts, const SampleSheetTable* sheet,
                                        const CargoSelection& sel) {
    auto index_of = [&](const std::string& name) {
        const auto it = std::find(counts.samples.begin(), counts.samples.end(), name);
        if (it == counts.samples.end())
            throw Error(fmt::format("sample '{}' is not a column of the counts table (columns: {})", name,
                                    fmt::join(counts.samples, ", ")));
        return static_cast<std::size_t>(it - counts.samples.begin());
    };
    if (!sel.sample.empty()) return {index_of(sel.sample)};
    const auto excluded = [&](const std::string& name) {
        return std::find(sel.exclude.begin(), sel.exclude.end(), name) != sel.exclude.end();
    };
    std::vector<std::size_t> cols;
    if (sel.group_column.empty()) {  // every sample, but never a blank or negative control of the sheet
        for (std::size_t j = 0; j < counts.samples.size(); ++j) {
            const bool control = sheet && std::any_of(sheet->samples.begin(), sheet->samples.end(), [&](const auto& s) {
                                     return s.name == counts.samples[j] && !s.is_sample();
                                 });
            if (!control && !excluded(counts.samples[j])) cols.push_back(j);
        }
        if (cols.empty())
            throw Error(
                fmt::format("{}: every sample is a blank or negative control in the sample sheet or excluded "
                            "(--exclude-sample, e.g. failed QC); the cargo needs samples of type 'sample'",
                            counts.path));
        return cols;
    }
    if (!sheet) throw Error("--group needs --samplesheet");
    const auto& columns = sheet->condition_columns;
    if (std::find(columns.begin(), columns.end(), sel.group_column) == columns.end())
        throw Error(fmt::format("--group: the sample sheet has no column '{}' (columns: {})", sel.group_column,
                                fmt::join(columns, ", ")));
    for (const auto& s : sheet->samples)
        if (s.is_sample() && !excluded(s.name) && s.conditions.at(sel.group_column) == sel.group_value)
            cols.push_back(index_of(s.name));
    if (cols.empty())
        throw Error(fmt::format("--group {}={}: no sample of the sample sheet has this value", sel.group_column,
                                sel.group_value));
    std::sort(cols.begin(), cols.end());
    return cols;
}

const char* normalization_name(Normalization n) { return n == Normalization::tmm ? "tmm" : "cpm"; }

std::map<std::string, Normalization> normalization_choices() {
    return {{"cpm", Normalization::cpm}, {"tmm", Normalization::tmm}};
}

NormFactors read_norm_factors(const std::string& path) {
    TsvReader in(path, "merge's norm_factors.tsv", "pass the norm_factors.tsv written by exomir merge");
    const std::size_t c_sample = in.require("sample"), c_lib = in.require("lib_size"),
                      c_factor = in.require("norm_factor");
    NormFactors nf{path, {}};
    std::vector<std::string_view> f;
    while (in.next(f)) {
        const std::string where = in.where();
        std::string sample = require_name(f[c_sample], where, "sample");
        const double lib = parse_double(f[c_lib], where, "lib_size");
        const double factor = parse_double(f[c_factor], where, "norm_factor");
        if (!(lib >= 0) || !std::isfinite(lib))
            throw Error(fmt::format("{}column lib_size: {} is not a read count >= 0; rerun exomir merge", where, lib));
        if (!(factor > 0) || !std::isfinite(factor))
            throw Error(fmt::format("{}column norm_factor: {} is not a number > 0; rerun exomir merge", where, factor));
        if (!nf.by_sample.emplace(sample, std::pair{lib, factor}).second)
            throw Error(fmt::format("{}sample '{}' appears twice; rerun exomir merge", where, sample));
    }
    return nf;
}

namespace {

// The effective library size of column j (its miRNA reads `total`): total for CPM, total x its TMM factor for TMM
// (edgeR's lib.size * norm.factors). The factors must be merge's for these counts: same sample, same library size.
double effective_lib_size(const CountsTable& counts, std::size_t j, double total, const NormFactors* factors) {
    if (!factors) return total;
    const std::string& sample = counts.samples[j];
    const auto it = factors->by_sample.find(sample);
    if (it == factors->by_sample.end())
        throw Error(
            fmt::format("{}: no TMM factor for sample '{}' of the cargo ({}); run `exomir merge` on every "
                        "sample's table to write norm_factors.tsv beside counts.tsv",
                        factors->path, sample, counts.path));
    const auto [lib, factor] = it->second;
    // counts.tsv and lib_size are written with 2 decimals: each value is off by at most 0.005
    const double slack = 0.005 * static_cast<double>(counts.mirnas.size() + 1) + 1e-12 * total;
    if (std::abs(lib - total) > slack)
        throw Error(
            fmt::format("{}: sample '{}': lib_size {} but its column of {} adds up to {}; the factors belong "
                        "to other counts (e.g. merge --subtract-blank's); pass the norm_factors.tsv that "
                        "`exomir merge` wrote with these counts",
                        factors->path, sample, fmt_general(lib), counts.path, fmt_general(total)));
    return total * factor;
}

}  // namespace

Abundance compute_abundance(const CountsTable& counts, const std::vector<std::size_t>& sample_cols, double min_cpm,
                            const NormFactors* factors) {
    const std::size_t n = counts.mirnas.size();
    std::vector<double> mean(n, 0.0);
    Abundance ab;
    for (const std::size_t j : sample_cols) {
        double total = 0;
        for (std::size_t i = 0; i < n; ++i) total += counts.at(i, j);
        if (!std::isfinite(total))
            throw Error(
                fmt::format("{}: sample '{}': its counts add up to more than {:g} (overflow); fix the "
                            "absurd values in this column",
                            counts.path, counts.samples[j], std::numeric_limits<double>::max()));
        if (total <= 0) {
            ab.empty.push_back(counts.samples[j]);
            continue;
        }
        const double lib = effective_lib_size(counts, j, total, factors);
        for (std::size_t i = 0; i < n; ++i) mean[i] += counts.at(i, j) / lib;
        ab.samples.push_back(counts.samples[j]);
    }
    if (ab.samples.empty())
        throw Error(
            fmt::format("{}: no sample of the cargo has miRNA reads ({}); check these samples' quant "
                        "qc.json (wrong kit or adapter?)",
                        counts.path, fmt::join(ab.empty, ", ")));
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto x, auto y) { return counts.mirnas[x] < counts.mirnas[y]; });
    for (const std::size_t i : order) {
        const double a = mean[i] / static_cast<double>(ab.samples.size());
        if (a * 1e6 < min_cpm || a <= 0) {
            ab.dropped.push_back(counts.mirnas[i]);
            continue;
        }
        ab.mirnas.push_back(counts.mirnas[i]);
        ab.fraction.push_back(a);
        ab.cpm.push_back(a * 1e6);
    }
    return ab;
}

std::map<std::string, std::string> read_contamination_flags(const std::string& path) {
    TsvReader in(path, "merge's contamination.tsv", "pass the contamination.tsv written by exomir merge --blank");
    const std::size_t c_mirna = in.require("mirna"), c_flag = in.require("flag");
    std::map<std::string, std::string> flags;
    std::vector<std::string_view> f;
    while (in.next(f)) {
        const std::string flag(f[c_flag]);
        if (flag != "likely_medium" && flag != "possible_medium" && flag != "sample")
            throw Error(fmt::format("{}flag '{}' is not likely_medium, possible_medium or sample; rerun exomir merge",
                                    in.where(), flag));
        if (!flags.emplace(std::string(f[c_mirna]), flag).second)
            throw Error(fmt::format("{}miRNA '{}' appears twice; rerun exomir merge", in.where(), f[c_mirna]));
    }
    return flags;
}

std::string contamination_flag(const MirnaFlags& flags, const std::string& mirna) {
    if (const auto it = flags.find(mirna); it != flags.end()) return it->second;
    const auto severity = [](const std::string& f) {
        return f == "likely_medium" ? 3 : f == "possible_medium" ? 2 : 1;
    };
    std::string worst = "NA";
    if (mirna.find('/') == std::string::npos) return worst;
    for (auto part : split(mirna, '/'))
        if (const auto it = flags.find(std::string(part));
            it != flags.end() && (worst == "NA" || severity(it->second) > severity(worst)))
            worst = it->second;
    return worst;
}

bool excluded_at_level(const std::string& flag, const std::string& level) {
    return (level != "none" && flag == "likely_medium") || (level == "possible" && flag == "possible_medium");
}

std::vector<std::string> contaminants_to_exclude(const std::map<std::string, std::string>& flags,
                                                 const std::string& level) {
    if (level != "likely" && level != "possible" && level != "none")
        throw UsageError(fmt::format("--exclude-contaminants '{}': use likely, possible or none", level));
    std::vector<std::string> out;
    for (const auto& [mirna, flag] : flags)
        if (excluded_at_level(flag, level)) out.push_back(mirna);
    return out;
}

std::vector<std::string> exclude_from_cargo(Abundance& ab, const std::vector<std::string>& excluded) {
    Abundance kept = ab;
    kept.mirnas.clear(), kept.fraction.clear(), kept.cpm.clear();
    std::vector<std::string> removed;
    for (std::size_t i = 0; i < ab.mirnas.size(); ++i) {
        if (std::binary_search(excluded.begin(), excluded.end(), ab.mirnas[i])) {
            removed.push_back(ab.mirnas[i]);
            continue;
        }
        kept.mirnas.push_back(ab.mirnas[i]), kept.fraction.push_back(ab.fraction[i]), kept.cpm.push_back(ab.cpm[i]);
    }
    ab = std::move(kept);
    return removed;
}

}  // namespace exomir
