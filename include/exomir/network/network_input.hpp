// network_input.hpp: the tables `exomir network` reads (counts, targets, modules, GMT, PPI, sample sheet) and abundance.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "exomir/core/samplesheet.hpp"

namespace exomir {

/// counts.tsv of `exomir merge`: mirna, accession, one column of reads per sample (docs/formats.md).
struct CountsTable {
    std::string path;                     ///< the file read, for messages
    std::vector<std::string> mirnas;      ///< row names, file order
    std::vector<std::string> accessions;  ///< same order as mirnas
    std::vector<std::string> samples;     ///< column names after `accession`
    std::vector<double> reads;            ///< row-major: reads[i * samples.size() + j], >= 0
    double at(std::size_t mirna, std::size_t sample) const { return reads[mirna * samples.size() + sample]; }
};

/// Reads counts.tsv. Throws Error naming file:line for: missing mirna/accession columns, no sample column,
/// wrong field count, a non-numeric or negative count, a duplicate miRNA.
CountsTable read_counts(const std::string& path);

/// One miRNA -> gene edge of targets.tsv (only the columns network needs).
struct TargetEdge {
    std::string mirna;
    std::string gene;
    double weight = 0;              ///< predicted fractional repression in [0, 1]
    std::uint16_t source_list = 0;  ///< index into read_targets' `source_lists` (the row's `sources` column)
};

/// Reads targets.tsv (columns found by name: mirna, gene, weight; others ignored). Throws Error naming
/// file:line for: a missing column, weight outside [0,1] or not a number, an empty name, a duplicate (mirna, gene).
/// `source_lists`, when given, receives the distinct values of the optional `sources` column ("" without it).
std::vector<TargetEdge> read_targets(const std::string& path, std::vector<std::string>* source_lists = nullptr);

/// Role of a gene in a curated module: +1 driver (repression is therapeutic), -1 protective, 0 context.
enum class Role : std::int8_t { protective = -1, context = 0, driver = 1 };
/// "driver" / "protective" / "context".
const char* role_name(Role r);

/// One row of reference/modules.tsv.
struct ModuleGene {
    std::string module;
    std::string gene;
    Role role = Role::context;
    std::string cell_type;
};

/// Reads modules.tsv (columns found by name: module, gene, role; cell_type optional). Throws Error naming
/// file:line for a missing column, an unknown role, an empty name or a duplicate (module, gene).
std::vector<ModuleGene> read_modules(const std::string& path);

/// One set of a GMT file (unsigned: roles unknown).
struct GeneSet {
    std::string name;
    std::string source;              ///< "gmt:<file name>"
    std::vector<std::string> genes;  ///< upper-cased, unique, file order
};

/// Reads a GMT file (plain or gzip): name, description, genes, tab-separated. Throws Error naming file:line
/// for a line with fewer than 3 fields or an empty set name, and for a duplicate set name in one file.
std::vector<GeneSet> read_gmt(const std::string& path);

/// One undirected gene-gene edge of a PPI table.
struct PpiEdge {
    std::string a, b;
    double score = 1;  ///< confidence weight (> 0); 1 when the table has no score column
};

/// Reads a PPI TSV with header gene_a, gene_b[, score] (plain or gzip). Self-loops are skipped.
/// A score above 1 is read as STRING's 0-1000 scale and divided by 1000. Throws Error naming file:line for
/// a missing column, an empty gene or a score <= 0 or > 1000.
std::vector<PpiEdge> read_ppi(const std::string& path);

/// Which samples make up the cargo: one sample, a group of the sample sheet, or (default) all samples.
struct CargoSelection {
    std::string sample;                ///< --sample S
    std::string group_column;          ///< --group COLUMN=VALUE: the condition column of the sample sheet ...
    std::string group_value;           ///< ... and its value
    std::vector<std::string> exclude;  ///< --exclude-sample: never in the cargo (e.g. failed the QC gate)
};

/// Column indices of `counts.samples` selected: --sample, the samples of --group, or every column; samples the
/// sheet types as blank or negative are never selected by a group or by default. Throws Error if the sample, the column or the value is
/// unknown, or if a selected sample of the sheet is not in counts.tsv (the message lists what exists).
std::vector<std::size_t> select_samples(const CountsTable& counts, const SampleSheetTable* sheet,
                                        const CargoSelection& sel);

/// How each sample's miRNA reads are scaled before the cargo mean (docs/scoring.md, cargo abundance): cpm = reads /
/// the sample's miRNA reads; tmm = reads / (miRNA reads x TMM factor), edgeR's effective library size (Robinson &
/// Oshlack 2010), with the factors of merge's norm_factors.tsv.
enum class Normalization : std::uint8_t { cpm, tmm };
/// "cpm" / "tmm".
const char* normalization_name(Normalization n);
/// name -> value of every normalisation: the choices of --normalization (network, run).
std::map<std::string, Normalization> normalization_choices();

/// norm_factors.tsv of `exomir merge` (docs/formats.md): per sample its library size and TMM factor.
struct NormFactors {
    std::string path;                                            ///< the file read, for messages
    std::map<std::string, std::pair<double, double>> by_sample;  ///< sample -> (lib_size, norm_factor)
};

/// Reads norm_factors.tsv (columns found by name: sample, lib_size, norm_factor; others ignored). Throws Error
/// naming file:line for a missing column, an empty or repeated sample, a lib_size < 0 or a factor that is not a
/// finite number > 0.
NormFactors read_norm_factors(const std::string& path);

/// Abundance of the cargo (DESIGN.md network): a_m = mean over the selected samples of the fraction of miRNA reads
/// (cpm), or of reads / the effective library size (tmm: the mean TMM-CPM / 1e6, not renormalised to sum to 1).
struct Abundance {
    std::vector<std::string> mirnas;   ///< expressed miRNAs (cpm >= min_cpm), sorted by name
    std::vector<double> fraction;      ///< a_m, fraction of all miRNA reads (not renormalised after filtering)
    std::vector<double> cpm;           ///< 1e6 * a_m
    std::vector<std::string> dropped;  ///< miRNAs below min_cpm (sorted)
    std::vector<std::string> samples;  ///< samples averaged
    std::vector<std::string> empty;    ///< samples left out: no miRNA reads (the caller warns)
};

/// The per-miRNA flags of merge's contamination.tsv (docs/contamination.md): miRNA -> likely_medium,
/// possible_medium or sample. Needs the columns mirna and flag (any order); throws Error naming file:line for a
/// missing column, a repeated miRNA or an unknown flag.
std::map<std::string, std::string> read_contamination_flags(const std::string& path);

/// Culture-medium flags: miRNA -> likely_medium, possible_medium or sample (read_contamination_flags).
using MirnaFlags = std::map<std::string, std::string>;
/// The flag of `mirna` in `flags`; for an `a/b` name not listed whole, the most severe flag of its parts
/// (likely_medium > possible_medium > sample). NA if neither is listed.
std::string contamination_flag(const MirnaFlags& flags, const std::string& mirna);

/// The miRNAs of `flags` that `--exclude-contaminants LEVEL` leaves out: "likely" -> likely_medium, "possible" ->
/// likely_medium and possible_medium, "none" -> nothing. Sorted. Throws UsageError for another level.
/// True if `--exclude-contaminants level` leaves out a miRNA flagged `flag`: likely -> likely_medium, possible ->
/// likely_medium and possible_medium, none -> nothing.
bool excluded_at_level(const std::string& flag, const std::string& level);
std::vector<std::string> contaminants_to_exclude(const std::map<std::string, std::string>& flags,
                                                 const std::string& level);

/// Removes `excluded` miRNAs from the cargo (their reads still count in every other miRNA's fraction: a
/// medium miRNA is left out, not redistributed). Returns those that were in the cargo. Pure.
std::vector<std::string> exclude_from_cargo(Abundance& ab, const std::vector<std::string>& excluded);

/// Computes the abundance over the given sample columns; min_cpm applies to the CPM of the normalisation (TMM-CPM
/// with `factors`). A sample with zero miRNA reads is left out (listed in `empty`); none left, or a sample whose
/// counts sum past the largest double (overflow), is an Error. `factors` (nullptr = cpm) must hold every selected
/// sample with a lib_size equal to its column sum (else Error naming the factors file and the sample: they belong to
/// other counts; rerun `exomir merge`).
Abundance compute_abundance(const CountsTable& counts, const std::vector<std::size_t>& sample_cols, double min_cpm,
                            const NormFactors* factors = nullptr);

}  // namespace exomir
