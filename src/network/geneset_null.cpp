// geneset_null.cpp: the competitive gene-set null (Goeman & Buehlmann 2007): matched random sets, sequential stop.
#include "exomir/network/geneset_null.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#define XXH_INLINE_ALL
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <xxhash.h>

#include "exomir/core/tsan.hpp"

namespace exomir {
namespace {

constexpr std::size_t k_min_gene_stratum = 20;  // fewest genes per stratum: a random set needs room to move

}  // namespace

GeneStrata gene_strata(const Network& net, int n_strata) {
    GeneStrata gs;
    gs.target_weight.assign(net.genes.size(), 0.0);
    for (std::size_t e = 0; e < net.target_genes.size(); ++e)  // CSR order: a fixed summation order per gene
        gs.target_weight[net.target_genes[e]] += net.target_weights[e];
    gs.stratum = quantile_strata(gs.target_weight, n_strata, k_min_gene_stratum);
    const int n = gs.stratum.empty() ? 0 : *std::max_element(gs.stratum.begin(), gs.stratum.end());
    gs.offsets.assign(std::size_t(n) + 2, 0);
    for (auto s : gs.stratum) ++gs.offsets[std::size_t(s) + 1];
    std::partial_sum(gs.offsets.begin(), gs.offsets.end(), gs.offsets.begin());
    gs.members.resize(net.genes.size());
    std::vector<std::uint32_t> fill(gs.offsets.begin(), gs.offsets.end() - 1);
    for (std::uint32_t g = 0; g < net.genes.size(); ++g) gs.members[fill[gs.stratum[g]]++] = g;
    return gs;
}

MatchedModule matched_module(const NetworkModule& mod, const GeneStrata& gs) {
    double norm = 0;
    for (auto r : mod.roles) norm += mod.is_signed ? std::abs(r) : 1;
    std::vector<std::pair<int, std::size_t>> slots;  // (stratum, position in the module)
    for (std::size_t i = 0; i < mod.genes.size(); ++i)
        if (norm > 0 && (!mod.is_signed || mod.roles[i] != 0)) slots.emplace_back(gs.stratum[mod.genes[i]], i);
    std::sort(slots.begin(), slots.end());
    MatchedModule mm;
    for (std::size_t k = 0; k < slots.size(); ++k) {
        const auto i = slots[k].second;
        if (k == 0 || slots[k].first != slots[k - 1].first)
            mm.bounds.push_back(static_cast<std::uint32_t>(k)), mm.strata.push_back(std::uint32_t(slots[k].first));
        mm.genes.push_back(mod.genes[i]);
        mm.x.push_back((mod.is_signed ? mod.roles[i] : 1) / norm);
    }
    mm.bounds.push_back(static_cast<std::uint32_t>(slots.size()));
    return mm;
}

GeneSetSampler::GeneSetSampler(const GeneStrata& gs) : pool_(gs.members), offsets_(gs.offsets) {}

double GeneSetSampler::draw(const MatchedModule& mod, const std::vector<double>& value, SplitMix& rng,
                            std::vector<std::uint32_t>* genes) {
    double stat = 0;
    if (genes) genes->clear();
    for (std::size_t run = 0; run < mod.strata.size(); ++run) {
        const auto first = mod.bounds[run], k_run = mod.bounds[run + 1] - first;
        std::uint32_t* pool = pool_.data() + offsets_[mod.strata[run]];
        const std::uint32_t n = offsets_[mod.strata[run] + 1] - offsets_[mod.strata[run]];
        undo_.clear();
        for (std::uint32_t k = 0; k < k_run; ++k) {
            const std::uint32_t r = k + rng.below(n - k);
            std::swap(pool[k], pool[r]);
            undo_.push_back(r);
            stat += mod.x[first + k] * value[pool[k]];
            if (genes) genes->push_back(pool[k]);
        }
        for (std::uint32_t k = k_run; k-- > 0;) std::swap(pool[k], pool[undo_[k]]);
    }
    return stat;
}

SplitMix geneset_rng(const NetworkModule& mod, std::uint64_t seed) {
    const std::string key = mod.source + '\t' + mod.name;
    return SplitMix{mix(seed) ^ XXH3_64bits(key.data(), key.size()) ^ 0x67656E6573657473ull};  // "genesets"
}

namespace {

// The gene-set null of one module: (#{null >= observed}, sets drawn).
std::pair<std::uint64_t, std::uint64_t> module_geneset_null(const NetworkModule& mod, const GeneStrata& gs,
                                                            const ScoreOptions& opt, const std::vector<double>& value,
                                                            GeneSetSampler& sampler) {
    const MatchedModule mm = matched_module(mod, gs);
    double observed = 0;  // the same sum, in the same slot order, as a null draw
    for (std::size_t i = 0; i < mm.genes.size(); ++i) observed += mm.x[i] * value[mm.genes[i]];
    const double threshold = tie_threshold(observed);
    SplitMix rng = geneset_rng(mod, opt.seed);
    std::uint64_t n_ge = 0, b = 0;
    while (b < opt.geneset_permutations && (opt.stop_hits == 0 || n_ge < opt.stop_hits)) {
        n_ge += sampler.draw(mm, value, rng) >= threshold;
        ++b;
    }
    return {n_ge, b};
}

}  // namespace

void run_geneset_null(const Network& net, const ScoreOptions& opt, const std::vector<double>& value,
                      std::vector<ModuleScore>& modules) {
    const GeneStrata gs = gene_strata(net, opt.geneset_strata);
    std::vector<double> p(net.modules.size());
    const TsanParallelRegion tsan_region;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, net.modules.size(), 8), tsan_visible([&](const auto& range) {
                          GeneSetSampler sampler(gs);
                          for (std::size_t m = range.begin(); m != range.end(); ++m) {
                              const auto [n_ge, n] = module_geneset_null(net.modules[m], gs, opt, value, sampler);
                              modules[m].n_geneset_permutations = n;
                              p[m] = modules[m].p_geneset = (1.0 + double(n_ge)) / (double(n) + 1.0);
                          }
                      }));
    tsan_region.end();
    const auto fdr = bh_fdr(p);
    for (std::size_t m = 0; m < modules.size(); ++m) modules[m].fdr_geneset = fdr[m];
}

}  // namespace exomir
