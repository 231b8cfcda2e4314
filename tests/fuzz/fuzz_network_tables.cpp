// fuzz_network_tables.cpp: libFuzzer target for the tables `exomir network` reads (network_input.cpp):
// counts, targets, modules, GMT, PPI, the sample sheet and merge's norm_factors.tsv.
//
// The first input byte picks the reader; the rest is the file. Contract under test: the reader returns a
// table that keeps its documented promises or throws exomir::Error; nothing else. Invariants on success:
// counts are finite, >= 0, one per (miRNA, sample), no duplicate miRNA, and the abundance of all samples
// sums to <= 1; target weights in [0, 1], no duplicate (mirna, gene); no duplicate (module, gene) and no
// empty name; GMT sets named, genes unique, upper-case and non-empty; PPI scores in (0, 1], no self-loop;
// every sample-sheet row as wide as its header, samples unique; TMM factors finite and > 0, lib sizes >= 0.
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "exomir/core/error.hpp"
#include "exomir/network/network_input.hpp"
#include "fuzz_input.hpp"

using namespace exomir;

namespace {

void check_counts(const CountsTable& c) {
    if (c.accessions.size() != c.mirnas.size() || c.reads.size() != c.mirnas.size() * c.samples.size())
        __builtin_trap();
    for (const double r : c.reads)
        if (!std::isfinite(r) || r < 0) __builtin_trap();
    if (std::set<std::string>(c.mirnas.begin(), c.mirnas.end()).size() != c.mirnas.size()) __builtin_trap();
    std::vector<std::size_t> all(c.samples.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    try {
        const Abundance a = compute_abundance(c, all, 0.0);
        double sum = 0;
        for (const double f : a.fraction) {
            if (!std::isfinite(f) || f < 0) __builtin_trap();
            sum += f;
        }
        if (sum > 1 + 1e-9) __builtin_trap();
    } catch (const Error&) {  // a sample without reads
    }
}

void check_targets(const std::vector<TargetEdge>& edges) {
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& e : edges) {
        if (!(e.weight >= 0 && e.weight <= 1) || e.mirna.empty() || e.gene.empty()) __builtin_trap();
        if (!seen.emplace(e.mirna, e.gene).second) __builtin_trap();
    }
}

void check_modules(const std::vector<ModuleGene>& rows) {
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& r : rows) {
        if (r.module.empty() || r.gene.empty()) __builtin_trap();
        if (!seen.emplace(r.module, r.gene).second) __builtin_trap();
    }
}

void check_gmt(const std::vector<GeneSet>& sets) {
    std::set<std::string> names;
    for (const auto& s : sets) {
        if (s.name.empty() || !names.insert(s.name).second) __builtin_trap();
        std::set<std::string> genes;
        for (const auto& g : s.genes) {
            if (g.empty() || !genes.insert(g).second) __builtin_trap();
            for (const char ch : g)
                if (std::islower(static_cast<unsigned char>(ch))) __builtin_trap();
        }
    }
}

void check_ppi(const std::vector<PpiEdge>& edges) {
    for (const auto& e : edges)
        if (e.a.empty() || e.b.empty() || e.a == e.b || !(e.score > 0 && e.score <= 1)) __builtin_trap();
}

void check_sheet(const SampleSheetTable& s) {
    std::set<std::string> samples;
    for (const auto& row : s.samples)
        if (row.name.empty() || row.conditions.size() != s.condition_columns.size() || !samples.insert(row.name).second)
            __builtin_trap();
}

void check_norm_factors(const NormFactors& nf) {
    for (const auto& [sample, v] : nf.by_sample)
        if (sample.empty() || !(v.first >= 0 && std::isfinite(v.first)) || !(v.second > 0 && std::isfinite(v.second)))
            __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned kind = data[0] % 7;
    fuzz::TempInput in(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1),
                       kind == 3 ? ".gmt" : ".tsv");
    try {
        switch (kind) {
            case 0:
                check_counts(read_counts(in.path()));
                break;
            case 1:
                check_targets(read_targets(in.path()));
                break;
            case 2:
                check_modules(read_modules(in.path()));
                break;
            case 3:
                check_gmt(read_gmt(in.path()));
                break;
            case 4:
                check_ppi(read_ppi(in.path()));
                break;
            case 6:
                check_norm_factors(read_norm_factors(in.path()));
                break;
            default:
                check_sheet(load_samplesheet(in.path(), SheetNeeds::without_reads()));
                break;
        }
    } catch (const Error&) {}
    return 0;
}
