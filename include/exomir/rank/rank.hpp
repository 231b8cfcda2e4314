// rank.hpp: ranking candidate payloads from a network result: miRNA contributions, k-miRNA cocktails, group comparison.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "exomir/network/graph.hpp"
#include "exomir/network/network_input.hpp"
#include "exomir/network/score.hpp"

namespace exomir {

/// Which miRNAs a cocktail may contain.
enum class Pool { present, all };

/// Options of `exomir rank`. Defaults are the single source of truth for --help.
struct RankOptions {
    std::vector<std::string> modules;         ///< module names or name prefixes; empty = every signed module
    std::size_t k = 5;                        ///< cocktail size (the greedy stops earlier if no gain is positive)
    double lambda = 1.0;                      ///< weight of the harmful load in the cocktail objective
    Pool pool = Pool::present;                ///< present = expressed in the cargo; all = every miRNA with targets
    std::uint64_t bootstrap = 2000;           ///< B: bootstrap resamples of the group comparison
    std::uint64_t seed = 1;                   ///< resample b uses a generator seeded from (seed, b)
    double ci = 0.95;                         ///< level of the bootstrap percentile interval
    std::vector<std::string> exclude_mirnas;  ///< never cocktail candidates (--exclude-contaminants); sorted
};

// MirnaFlags and contamination_flag (network/network_input.hpp): merge's culture-medium flags; empty when no blanks
// were sequenced, and the tables then say NA (not assessed).

/// Every problem with the options (empty = valid).
std::vector<std::string> validate(const RankOptions& opt);

/// The miRNA -> gene matrix rank works on: the bundle's miRNAs (same indices, in the cargo) followed by the
/// miRNAs of an optional targets.tsv that the bundle lacks (abundance 0), over the bundle's genes followed by
/// genes only those extra rows name.
struct PayloadMatrix {
    std::vector<std::string> mirnas;
    std::vector<double> abundance;            ///< a_m; 0 for miRNAs not in the cargo
    std::size_t n_cargo = 0;                  ///< miRNAs [0, n_cargo) are the bundle's (the cargo)
    std::vector<std::string> genes;           ///< bundle genes, then extra genes (sorted among themselves)
    std::vector<std::uint32_t> offsets;       ///< CSR by miRNA
    std::vector<std::uint32_t> target_genes;  ///< ascending within a miRNA
    std::vector<double> weights;              ///< w_mg in (0, 1]
    std::size_t n_universe = 0;               ///< genes with any target row (bundle in_universe + extra genes)
};

/// Builds the matrix from a bundle and extra target rows (may be empty). An extra row whose miRNA equals a
/// bundle miRNA or one '/'-part of an `a/b` bundle name is dropped (the bundle already has that miRNA's edges,
/// taken from the same table by `network`); rows with weight 0 are dropped.
PayloadMatrix make_payload_matrix(const Network& net, const std::vector<TargetEdge>& extra);

/// Indices of the modules selected by `patterns` (exact name or name prefix, e.g. `inflammasome_`), in network
/// order; every signed module when `patterns` is empty. Throws Error listing the module names if a pattern
/// matches nothing or nothing is selected.
std::vector<std::size_t> select_modules(const Network& net, const std::vector<std::string>& patterns);

/// v_P over the matrix's miRNAs for module p: v_P[m] = sum_g w_mg x_P[g] with x_P = module_gene_vector()
/// (propagated when `scoring.propagate`), so that a . v_P is the module statistic of `network`.
std::vector<double> payload_module_vector(const PayloadMatrix& mat, const Network& net, std::size_t p,
                                          const ScoreOptions& scoring);

/// One miRNA's contribution to one module.
struct Contribution {
    std::uint32_t mirna = 0;  ///< matrix index
    double v = 0;             ///< v_P[m]
    double contribution = 0;  ///< c_mP = a_m v_P[m]
    double therapeutic = 0;   ///< a_m sum_{g: x_P[g] > 0} w_mg x_P[g]  (>= 0: repression of drivers)
    double harmful = 0;       ///< a_m sum_{g: x_P[g] < 0} w_mg |x_P[g]| (>= 0: repression of protective genes)
};

/// Contributions of the cargo's miRNAs to one module.
struct ModuleContributions {
    std::size_t module = 0;          ///< network module index
    double score = 0;                ///< a . v_P = sum of all contributions (the network statistic)
    std::vector<Contribution> rows;  ///< cargo miRNAs with v != 0, by contribution descending, then name
};

/// Contributions to each selected module (tbb::parallel_for over modules; order as `modules`).
std::vector<ModuleContributions> module_contributions(const PayloadMatrix& mat, const Network& net,
                                                      const std::vector<std::size_t>& modules,
                                                      const ScoreOptions& scoring);

/// Genes by role in the selected modules: drivers (role +1 in some selected module) and protective genes
/// (role -1 in some selected module), as matrix gene indices, ascending.
struct RoleGenes {
    std::vector<std::uint32_t> drivers, protective;
};
RoleGenes role_genes(const Network& net, const std::vector<std::size_t>& modules);

/// payload_contributions.tsv (docs/formats.md rank), rows by (module order, rank).
std::string payload_contributions_tsv(const PayloadMatrix& mat, const Network& net,
                                      const std::vector<ModuleContributions>& contributions);

/// payload_mirnas.tsv: per cargo miRNA across the selected modules, the therapeutic (driver) and harmful
/// (protective) load, the genes and the modules behind each; rows by net load descending, then name.
/// The last column, `contamination`, is the miRNA's flag in `flags` (NA if absent).
std::string payload_mirnas_tsv(const PayloadMatrix& mat, const Network& net, const RoleGenes& roles,
                               const std::vector<ModuleContributions>& contributions, const MirnaFlags& flags);

// ---- cocktails (cocktail.cpp) -------------------------------------------------------------------------------

/// A cocktail problem: maximise F(S) = sum_d (1 - prod_{c in S} (1 - w_cd)) - lambda sum_{c in S} penalty_c
/// over |S| <= k. Coverage is monotone submodular and the penalty modular, so F is submodular.
struct CocktailProblem {
    std::size_t n_drivers = 0;
    std::vector<std::vector<std::pair<std::uint32_t, double>>> cover;  ///< per candidate: (driver, w), driver ascending
    std::vector<double> penalty;                                       ///< per candidate, >= 0 (before lambda)
    double lambda = 0;
};

/// One greedy step.
struct CocktailStep {
    std::uint32_t candidate = 0;
    double marginal_gain = 0;  ///< F(S_i) - F(S_{i-1})
    double value = 0;          ///< F(S_i)
    double coverage = 0;       ///< expected drivers repressed: sum_d (1 - prod (1 - w))
    double penalty = 0;        ///< sum of penalty_c over S_i (before lambda)
};

/// Lazy greedy (Minoux 1978): a priority queue of stale upper bounds of the marginal gains, valid because F is
/// submodular. Ties go to the lower candidate index. Stops after k steps or when no gain is > 0. With lambda = 0
/// F(S_k) >= (1 - 1/e) max_{|S| <= k} F(S) (Nemhauser, Wolsey & Fisher 1978). Serial; deterministic.
std::vector<CocktailStep> greedy_cocktail(const CocktailProblem& prob, std::size_t k);

/// F(S) evaluated directly (for tests and brute force).
double cocktail_value(const CocktailProblem& prob, const std::vector<std::uint32_t>& chosen);

/// The cocktail problem of a payload matrix, with what the report needs.
struct PayloadCocktail {
    CocktailProblem problem;
    std::vector<std::uint32_t> candidates;  ///< matrix miRNA per candidate; by abundance descending, then name
    std::vector<std::uint32_t> drivers;     ///< matrix gene per driver index
    std::vector<double> protective_load;    ///< per candidate: sum of w over protective genes
    std::vector<double> off_module_load;    ///< per candidate: sum of w over off-module genes (unscaled)
    double off_module_scale = 0;            ///< |drivers| / n_universe
};

/// Builds the problem over the drivers of the selected modules. Candidates: cargo miRNAs (present) or every
/// matrix miRNA (all) with at least one target. penalty_c = protective load + off_module_scale * off-module
/// load, where protective genes are role -1 in any signed module and not a driver of a selected module, and
/// off-module genes are all other targets outside the selected modules. Throws Error if there is no driver.
PayloadCocktail make_payload_cocktail(const PayloadMatrix& mat, const Network& net,
                                      const std::vector<std::size_t>& modules, const RankOptions& opt);

/// payload_cocktails.tsv (docs/formats.md rank), one row per greedy step.
/// The last column, `contamination`, is the step miRNA's flag in `flags` (NA if absent).
std::string payload_cocktails_tsv(const PayloadMatrix& mat, const PayloadCocktail& pc,
                                  const std::vector<CocktailStep>& steps, std::size_t k, const MirnaFlags& flags);

// ---- group comparison (compare.cpp) -------------------------------------------------------------------------

/// Samples grouped by a sample-sheet column, as counts.tsv columns.
struct SampleGroups {
    std::vector<std::string> names;                 ///< group values, sorted
    std::vector<std::vector<std::size_t>> samples;  ///< per group: counts.tsv column indices, ascending
};

/// Groups the samples of `sheet` by `column`. Throws Error if the column is unknown, a sample is not in counts,
/// fewer than 2 groups exist or a group has fewer than 2 samples.
SampleGroups group_samples(const CountsTable& counts, const SampleSheetTable& sheet, const std::string& column);

/// Module statistic per sample: scores[s][i] = a_s . v_i where a_s is the fraction of sample s's miRNA reads, or
/// with `factors` its reads / its effective library size (TMM-CPM / 1e6), as compute_abundance() with one sample and
/// no CPM filter, matched by exact name to the matrix miRNAs. Throws Error as compute_abundance().
std::vector<std::vector<double>> sample_module_scores(const PayloadMatrix& mat, const CountsTable& counts,
                                                      const std::vector<std::vector<double>>& module_vectors,
                                                      const NormFactors* factors = nullptr);

/// One pairwise comparison of two groups on one module.
struct GroupComparison {
    std::size_t module = 0;              ///< position in the scored module list
    std::size_t a = 0, b = 0;            ///< group indices, a < b
    double score_a = 0, score_b = 0;     ///< mean sample score of each group
    double difference = 0;               ///< score_a - score_b
    double ci_low = 0, ci_high = 0;      ///< bootstrap-t interval of the difference
    double p = 1;                        ///< two-sided bootstrap-t test of difference = 0
    double fdr = 1;                      ///< Benjamini-Hochberg over every row
    std::size_t rank_a = 0, rank_b = 0;  ///< rank of each group on the module (1 = highest mean score)
};

/// Studentised bootstrap over samples (Efron & Tibshirani 1993, 12.5 and algorithm 16.2): for b = 1..B every group
/// is resampled with replacement within itself and t*_b = (d*_b - d) / se*_b with the Welch standard error; the
/// interval is [d - t*_(1+ci)/2 se, d - t*_(1-ci)/2 se] and p = (1 + #{|t*_b| >= |t|}) / (B + 1) with
/// t = d / se. `scores` is samples x modules. tbb::parallel_for over blocks of resamples; identical for any thread count.
std::vector<GroupComparison> compare_groups(const std::vector<std::vector<double>>& scores, const SampleGroups& groups,
                                            const RankOptions& opt);

/// group_comparison.tsv (docs/formats.md rank); `module_names` per scored module.
std::string group_comparison_tsv(const std::vector<GroupComparison>& rows, const SampleGroups& groups,
                                 const std::vector<std::string>& module_names,
                                 const std::vector<std::string>& module_sources);

}  // namespace exomir
