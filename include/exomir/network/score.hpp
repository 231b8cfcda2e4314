// score.hpp: module scores of a cargo (signed score and load), the two permutation nulls, hypergeometric test.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exomir/network/graph.hpp"

namespace exomir {

/// Which null(s) a module must pass to be called (docs/scoring.md "decision rule").
enum class CallRule {
    both,     ///< FDR < call_fdr under the cargo null and under the gene-set null (default)
    cargo,    ///< the cargo-permutation (self-contained) null alone
    geneset,  ///< the gene-set (competitive) null alone
    either,   ///< one of the two nulls
};

/// "both" | "cargo" | "geneset" | "either".
const char* call_rule_name(CallRule rule);
/// Inverse of call_rule_name; throws UsageError for another name.
CallRule parse_call_rule(const std::string& name);

/// Scoring options. Defaults are the single source of truth for --help.
struct ScoreOptions {
    std::uint64_t permutations = 10000;  ///< B: permutations of the null
    std::uint64_t seed = 1;              ///< permutation b uses a generator seeded from (seed, b)
    std::uint64_t stop_hits = 50;        ///< a module stops once this many null values reached its statistic
                                         ///< (Besag & Clifford 1991); 0 = every module runs all permutations
    int strata = 10;                     ///< quantile strata of target count (miRNAs without targets: own stratum)
    bool strata_by_weight = false;       ///< cargo-null strata by summed target weight instead of target count
    bool propagate = false;              ///< score on the random-walk-with-restart propagated gene vector
    double restart = 0.5;                ///< restart probability of the random walk
    double top_read_fraction = 0.8;      ///< hypergeometric test: top-N miRNAs covering this fraction of reads
    int n_top_contributors = 5;          ///< miRNAs listed in module_scores.tsv top_mirnas
    std::uint64_t geneset_permutations = 10000;  ///< B of the gene-set null (stop_hits applies as well)
    int geneset_strata = 10;                     ///< quantile strata of the genes' summed target weight
    CallRule call = CallRule::both;              ///< decision rule of the `call` column
    double call_fdr = 0.05;                      ///< FDR level of the decision rule
};

/// Every problem with the options (empty = valid).
std::vector<std::string> validate(const ScoreOptions& opt);

/// The score of one module.
struct ModuleScore {
    std::size_t n_genes = 0;            ///< genes listed in the module
    std::size_t n_targeted = 0;         ///< module genes with load > 0
    double signed_score = 0;            ///< S_P = sum r_g L_g / sum |r_g| (NaN for unsigned modules)
    double load = 0;                    ///< mean gene load over the module's genes: sum L_g / n_genes
    double statistic = 0;               ///< what the null tests: signed_score if signed, else load
    double null_mean = 0, null_sd = 0;  ///< exact moments of the stratified permutation distribution
    double z = 0;                       ///< (statistic - null_mean) / null_sd; NaN if the null has no spread
    double p_cargo = 1;                 ///< cargo null: (1 + #{null >= statistic}) / (n_permutations + 1), upper tail
    std::uint64_t n_permutations = 0;   ///< B, or fewer once stop_hits null values reached the statistic
    double fdr_cargo = 1;               ///< cargo null: Benjamini-Hochberg over all modules
    double p_geneset = 1;               ///< gene-set null: (1 + #{null >= statistic}) / (n + 1), upper tail
    std::uint64_t n_geneset_permutations = 0;  ///< random gene sets drawn (fewer than B after stop_hits hits)
    double fdr_geneset = 1;                    ///< gene-set null: Benjamini-Hochberg over all modules
    bool call = false;                         ///< the decision rule of ScoreOptions::call holds
    double hypergeom_p = 1;  ///< P[X >= k] of the top-N miRNA targets in the module (biased, for comparison)
    double hypergeom_fdr = 1;
    std::vector<std::uint32_t> top_mirnas;  ///< largest positive contributions a_m * v_P[m], descending
};

/// Result of scoring a network.
struct ScoreResult {
    std::vector<double> gene_load;         ///< L_g = sum_m a_m w_mg, per network gene
    std::vector<double> gene_propagated;   ///< RWR-propagated load (empty unless propagate)
    std::vector<std::uint32_t> n_targets;  ///< per miRNA: target genes with w > 0
    std::vector<int> stratum;              ///< per miRNA: 0 = no targets, 1..strata by target count
    std::vector<std::uint8_t> in_top;      ///< per miRNA: 1 if among the hypergeometric top-N
    std::vector<ModuleScore> modules;      ///< same order as Network::modules
    std::size_t n_universe = 0;            ///< hypergeometric universe: genes with any target row
    std::size_t n_top_targets = 0;         ///< universe genes targeted by the top-N miRNAs
};

/// Gene-space vector x_P of module p: r_g / sum|r| (signed) or 1 / n_genes (unsigned), propagated by the
/// adjoint random walk when `propagate` (so that the statistic equals x_P . L).
std::vector<double> module_gene_vector(const Network& net, std::size_t p, const ScoreOptions& opt);

/// v_P per miRNA: v_P[m] = sum_g w_mg x_P[g]. The module statistic is exactly a . v_P, and a_m * v_P[m] is
/// the contribution of miRNA m (DESIGN.md rank).
std::vector<double> module_mirna_vector(const Network& net, const std::vector<double>& gene_vector);

/// Random walk with restart (Koehler 2008): p = r x + (1 - r) T p with T column-normalised PPI weights.
/// `transpose` solves the adjoint system (x^T R instead of R x). Genes without PPI edges keep r x.
std::vector<double> random_walk(const Network& net, const std::vector<double>& x, double restart, bool transpose);

/// Quantile strata of a non-negative key: 0 for key == 0, then up to `n_strata` groups by rank of (key, index),
/// fewer when needed so that every stratum has at least `min_size` members; deterministic.
std::vector<int> quantile_strata(const std::vector<double>& key, int n_strata, std::size_t min_size);

/// Strata of target count: 0 for miRNAs without targets, then up to `n_strata` quantile groups (by rank of
/// (n_targets, index)), fewer when needed so that every stratum has at least 5 miRNAs; deterministic.
std::vector<int> target_strata(const std::vector<std::uint32_t>& n_targets, int n_strata);

/// Strata of summed target weight W_m = sum_g w_mg (`--strata-by weight`): 0 for W_m == 0, then up to `n_strata`
/// quantile groups of W_m, at least 5 miRNAs each; deterministic.
std::vector<int> target_weight_strata(const std::vector<double>& target_weight, int n_strata);

/// Scores every module of `net`: observed statistics, the stratified cargo-permutation null (tbb::parallel_for
/// over blocks of permutations; bit-identical for any thread count), the gene-set null (geneset_null.hpp), both
/// BH-FDRs, the call of the decision rule and the hypergeometric comparison test.
ScoreResult score_network(const Network& net, const ScoreOptions& opt);

/// Benjamini-Hochberg adjusted p-values (NaN entries stay NaN and are not counted).
std::vector<double> bh_fdr(const std::vector<double>& p);

/// The decision rule: `rule` applied to FDR < level of the cargo null (fdr_cargo) and the gene-set null (fdr_geneset).
bool module_call(const ModuleScore& s, CallRule rule, double level);

}  // namespace exomir
