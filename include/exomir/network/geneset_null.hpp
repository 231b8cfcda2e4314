// geneset_null.hpp: the competitive null: each module replaced by random gene sets matched on target weight.
#pragma once

#include <cstdint>
#include <vector>

#include "exomir/network/graph.hpp"
#include "exomir/network/null_rng.hpp"
#include "exomir/network/score.hpp"

namespace exomir {

/// The network genes grouped by their summed target weight W_g = sum_m w_mg over the expressed miRNAs (the
/// gene-side analogue of the miRNAs' target-count strata): genes that many or strong pairs reach carry more
/// load under any cargo, so a random set must come from the same strata to be comparable.
struct GeneStrata {
    std::vector<double> target_weight;   ///< W_g per network gene
    std::vector<int> stratum;            ///< per gene: 0 = W_g == 0, 1..n by quantile of W_g (quantile_strata)
    std::vector<std::uint32_t> offsets;  ///< stratum s holds members[offsets[s], offsets[s + 1])
    std::vector<std::uint32_t> members;  ///< gene indices, ascending within a stratum
};

/// Strata of W_g: up to `n_strata` quantile groups of the genes with W_g > 0 (at least 20 genes each), plus
/// stratum 0 for the genes no expressed miRNA targets.
GeneStrata gene_strata(const Network& net, int n_strata);

/// A module as the gene-set null sees it: the genes with a non-zero coefficient x_g (r_g / sum|r| if signed,
/// 1 / n_genes if not), grouped by stratum. Context genes (x = 0) cannot move the statistic and are left out.
struct MatchedModule {
    std::vector<std::uint32_t> genes;   ///< sorted by (stratum, gene)
    std::vector<double> x;              ///< coefficient of each gene (its role travels with its slot)
    std::vector<std::uint32_t> bounds;  ///< run i = the slots [bounds[i], bounds[i + 1]) of one stratum
    std::vector<std::uint32_t> strata;  ///< the stratum of run i
};

/// The draw plan of `mod` over the strata `gs`.
MatchedModule matched_module(const NetworkModule& mod, const GeneStrata& gs);

/// Draws random gene sets: every slot of a MatchedModule gets a gene of its stratum, distinct within the set
/// (a partial Fisher-Yates shuffle of the stratum, undone after the draw, so each draw starts from the same
/// state and depends only on the generator). One sampler per thread; it holds a scratch copy of the strata.
class GeneSetSampler {
  public:
    explicit GeneSetSampler(const GeneStrata& gs);
    /// sum_i x_i value[g'_i] over one random set g' drawn with `rng`, summed in slot order; the genes drawn are
    /// stored in `genes` (slot order) when it is not null.
    double draw(const MatchedModule& mod, const std::vector<double>& value, SplitMix& rng,
                std::vector<std::uint32_t>* genes = nullptr);

  private:
    std::vector<std::uint32_t> pool_, offsets_, undo_;
};

/// The generator of a module's gene-set null: keyed by (seed, source, name) with XXH3, so that a module's
/// p-value depends neither on the other modules nor on the thread count.
SplitMix geneset_rng(const NetworkModule& mod, std::uint64_t seed);

/// The gene-set null of every module: fills p_geneset, n_geneset_permutations and fdr_geneset of `modules`
/// (parallel to net.modules). `value` is the per-gene load of the statistic (L_g, or its propagation with
/// --propagate). Up to opt.geneset_permutations sets per module, fewer once opt.stop_hits null values reached the
/// observed statistic (Besag & Clifford 1991). Modules run in parallel (oneTBB), each module's draws in sequence:
/// the same bytes at any thread count.
void run_geneset_null(const Network& net, const ScoreOptions& opt, const std::vector<double>& value,
                      std::vector<ModuleScore>& modules);

}  // namespace exomir
