// normalize.hpp: between-sample normalisation of merge's count matrix: TMM (Robinson & Oshlack 2010, Genome Biol
// 11:R25), computed as edgeR's calcNormFactors(method = "TMM") does with its defaults.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exomir/quant/merge.hpp"

namespace exomir {

/// TMM normalisation factors of the samples (columns) of a count matrix.
struct TmmFactors {
    std::vector<double> lib_size;  ///< column sums (miRNA reads per sample)
    std::vector<double> factor;    ///< TMM factors, scaled so that their product is 1 (edgeR)
    std::size_t ref = 0;           ///< the reference sample
};

/// edgeR's TMM with its defaults: the reference is the sample whose upper-quartile (75th percentile, R's type 7)
/// proportion is closest to the mean of those; each sample's factor is 2^(weighted mean of the log-ratios M against
/// the reference), after trimming 30% of M and 5% of the mean log-abundance A at each end (ranks with ties averaged),
/// weighted by the inverse of the approximate variance, over the miRNAs with counts in both; 1 when all M are 0.
/// A sample without reads, and a column that `in_tmm` leaves out (merge: blanks and negatives, whose composition is
/// the medium's or the kit's), has factor 1 and takes no part in the reference or the scaling. `in_tmm` empty = all
/// columns. Pure.
TmmFactors tmm_factors(const CountMatrix& m, const std::vector<std::uint8_t>& in_tmm = {}, double logratio_trim = 0.3,
                       double sum_trim = 0.05);

/// tmm.tsv: mirna, accession, one column per sample: count * 1e6 / (lib_size * factor) (TMM-normalised CPM),
/// 2 decimals, like cpm.tsv.
std::string format_tmm_matrix(const CountMatrix& m, const TmmFactors& f);

/// norm_factors.tsv: sample, lib_size, norm_factor (9 significant digits), effective_lib_size, reference (yes/no).
std::string format_norm_factors(const CountMatrix& m, const TmmFactors& f);

/// Spike-in size factors: DESeq2's median-of-ratios (Anders & Huber 2010, Genome Biol 11:R106;
/// estimateSizeFactors(dds, controlGenes = spikes) as in Love et al. 2014) over the spikes only. For each spike
/// with reads in every sample, its geometric mean over the samples; a sample's factor = the median (R's median)
/// over those spikes of count / geometric mean. `spikes` = merge's spike x sample matrix.
struct SpikeFactors {
    std::vector<double> spike_reads;  ///< per sample: total spike reads
    std::vector<double> factor;       ///< per sample: size factor (geometric mean over samples ~ 1)
    std::size_t spikes_used = 0;      ///< spikes with reads in every sample
};
/// Throws Error naming `paths[j]` (the sample's spikes.tsv) and the sample when a sample has no spike reads, and
/// when no spike has reads in every sample. Pure.
SpikeFactors spike_size_factors(const CountMatrix& spikes, const std::vector<std::string>& paths);

/// spike_normalized.tsv: mirna, accession, one column per sample: count / size factor, 2 decimals.
std::string format_spike_normalized(const CountMatrix& m, const SpikeFactors& f);

/// spike_factors.tsv: sample, spike_reads, size_factor (9 significant digits).
std::string format_spike_factors(const CountMatrix& m, const SpikeFactors& f);

}  // namespace exomir
