// contamination.hpp: culture-medium (blank) contamination per miRNA, decontam-like, on merged counts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exomir/quant/merge.hpp"

namespace exomir {

/// The role of a library in the experiment (sample sheet `type` column).
enum class SampleType { sample, blank, negative };
/// Parses "sample|blank|negative"; throws UsageError naming the valid values.
SampleType parse_sample_type(const std::string& s);
const char* sample_type_name(SampleType t);

/// How much of each sample's miRNA reads came from the medium (the scale of the blank profile in it).
struct MediumScale {
    std::vector<double> share;         ///< per matrix sample: estimated medium share of its miRNA reads (0 for blanks)
    std::string source;                ///< "bovine-specific reads" or "blank profile fit"
    double blank_bovine_fraction = 0;  ///< bovine-specific fraction of the blanks' miRNA reads (0 = not measured)
    /// Overdispersion of medium counts between libraries (blank_dispersion; 1 = Poisson). Divides the counts of
    /// the medium-only test (quasi-binomial).
    double dispersion = 1;
};

/// Overdispersion of the medium's counts, measured between blank replicates: over the miRNAs with >= min_reads
/// reads in the blanks, Pearson X^2 of how each miRNA's blank reads split across the blanks (expected in
/// proportion to the blanks' miRNA reads), divided by its degrees of freedom (blanks - 1 per miRNA); at least 1.
/// 1 with fewer than two blanks or no such miRNA. Pure.
double blank_dispersion(const CountMatrix& m, const std::vector<SampleType>& types, double min_reads = 10);

/// Medium share per sample (and `dispersion` = blank_dispersion). When the blanks and a sample have a measured bovine-specific fraction (qc.json
/// `bovine`), share = sample fraction / pooled blank fraction (the blanks are pure medium), capped at 1.
/// Otherwise the lower quartile of (sample CPM / blank CPM) over the 20 miRNAs most abundant in the blanks:
/// for miRNAs the medium dominates that ratio is the share; MSC-made copies only raise it.
MediumScale estimate_medium_scale(const CountMatrix& m, const std::vector<SampleType>& types,
                                  const std::vector<nlohmann::json>& qcs);

/// One row of contamination.tsv.
struct ContaminationRow {
    std::string mirna;
    double mean_cpm_samples = 0, mean_cpm_blanks = 0, ratio = 0;  ///< ratio = blanks / samples (inf as 1e9)
    double prevalence_blanks = 0, prevalence_samples = 0;         ///< fraction of libraries with >= 1 read
    double p_prevalence = 1;  ///< decontam prevalence: one-sided Fisher, present in blanks more often than in samples
    /// Medium-only test (decontam frequency, for counts): P(sample reads >= observed) when the miRNA's sample and
    /// blank reads split as the medium reads do (Binomial(n, medium in samples / (that + blank reads))), both counts
    /// divided by MediumScale::dispersion (quasi-binomial). Large = the samples hold no more of it than the medium
    /// brings.
    double p_value = 1;
    /// Share of the miRNA's sample reads the medium explains: sum over samples of min(count, blank CPM x medium
    /// share x library size / 1e6) / sum of counts (1 when only blanks have it).
    double medium_fraction = 0;
    std::string flag;  ///< likely_medium, possible_medium or sample
};

/// Thresholds of the flags (docs/contamination.md).
struct ContaminationOptions {
    double likely = 0.5;    ///< medium_fraction >= likely: likely_medium
    double possible = 0.2;  ///< medium_fraction >= possible, or p < alpha: possible_medium
    double alpha = 0.05;
};

/// Per miRNA of `m` (rows in matrix order). Samples = type sample; blanks = type blank (negatives, extraction
/// blanks, are left out of both). Throws Error when there is no blank or no sample. Pure.
std::vector<ContaminationRow> contamination(const CountMatrix& m, const std::vector<SampleType>& types,
                                            const MediumScale& scale, const ContaminationOptions& opt = {});

/// contamination.tsv: mirna, mean_cpm_samples, mean_cpm_blanks, ratio, prevalence_blanks, prevalence_samples,
/// p_prevalence, p_value, medium_fraction, flag.
std::string format_contamination_tsv(const std::vector<ContaminationRow>& rows);

/// medium_share.tsv: sample, type, medium_share, source.
std::string format_medium_share_tsv(const CountMatrix& m, const std::vector<SampleType>& types,
                                    const MediumScale& scale);

/// The counts with the blank-estimated medium part removed from every sample: count - blank CPM x medium share x
/// sample miRNA total / 1e6, floored at 0 (blanks and negatives unchanged). Pure.
CountMatrix subtract_blanks(const CountMatrix& m, const std::vector<SampleType>& types, const MediumScale& scale);

/// Binomial upper tail P(X >= x), X ~ Binomial(n, p).
double binomial_greater(int x, int n, double p);

/// One-sided Fisher exact test P(X >= a) for the 2x2 table [a b; c d] (hypergeometric upper tail).
double fisher_greater(int a, int b, int c, int d);

}  // namespace exomir
