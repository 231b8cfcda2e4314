// merge.hpp: `exomir merge`: per-sample <sample>.mirna.tsv tables -> counts.tsv, cpm.tsv, qc_summary.tsv.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace exomir {

/// One sample's miRNA counts as read from <sample>.mirna.tsv.
struct SampleCounts {
    std::string sample;  ///< file name without ".mirna.tsv"
    std::string path;
    std::vector<std::string> mirnas, accessions;  ///< in file order
    std::vector<double> reads;
};

/// Reads a quant mirna.tsv (needs columns mirna, accession, reads; any order, extra columns ignored).
/// Throws Error naming file:line for a missing column, a bad number or a repeated miRNA.
SampleCounts read_mirna_tsv(const std::string& path);
/// Reads a quant spikes.tsv (columns spike, reads) into the same shape (mirnas = spike names, accessions empty);
/// the sample is the file name without ".spikes.tsv". Same errors.
SampleCounts read_spikes_tsv(const std::string& path);

/// miRNA x sample matrix: rows sorted by miRNA name, samples in argument order, missing = 0.
struct CountMatrix {
    std::vector<std::string> samples, mirnas, accessions;
    std::vector<std::vector<double>> counts;  ///< [mirna][sample]
};

/// Merges samples. Throws Error if two inputs have the same sample name. Pure.
CountMatrix merge_counts(const std::vector<SampleCounts>& samples);

/// counts.tsv (`cpm = false`) or cpm.tsv (`cpm = true`, counts per million of the sample's miRNA total):
/// mirna, accession, one column per sample; 2 decimals.
std::string format_count_matrix(const CountMatrix& m, bool cpm);
/// merge's spikes.tsv from a matrix of spikes (rows) x samples: spike, one column per sample; integer counts.
std::string format_spike_matrix(const CountMatrix& spikes);
/// A matrix in the layout of counts.tsv with value(mirna row, sample column) in each cell, 2 decimals.
std::string format_matrix(const CountMatrix& m, const std::function<double(std::size_t, std::size_t)>& value);

/// qc_summary.tsv: one row per sample (argument order) from the <sample>.qc.json beside each table
/// (null json = not found: NA). Columns: sample, reads_in, unique_sequences, mirna_reads,
/// mirna_fraction, hairpin_other_reads, other_rna_reads, unmapped_reads, ambiguous_reads,
/// mirnas_detected, adapter, warnings, bovine_specific_reads, bovine_fraction_of_mirna, serum_share_of_mirna,
/// qc_verdict (PASS/WARN/FAIL, NA without a gate block) and qc_reasons ("." when none); then spike_in_reads
/// (NA for a sample without) only when some sample was quantified with --spike-ins.
std::string format_qc_summary(const std::vector<std::string>& samples, const std::vector<nlohmann::json>& qcs);

}  // namespace exomir
