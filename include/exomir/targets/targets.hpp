// targets.hpp: the seed-keyed miRNA -> target gene table: evidence from all sources, merged and weighted.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "exomir/reference/gene_ids.hpp"
#include "exomir/reference/mirna_names.hpp"
#include "exomir/reference/mirna_ref.hpp"
#include "exomir/targets/seed_scan.hpp"

namespace exomir {

/// Where a target pair came from; the order is the sorted order of the `sources` column.
enum class Source : std::uint8_t { curated, gmt, mirtarbase_strong, mirtarbase_weak, scan, targetscan, tsv, validated };
inline constexpr int k_n_sources = 8;
const char* source_name(Source s);

/// Best validation class of a pair (ordered: strong > weak > predicted).
enum class EvidenceClass : std::uint8_t { predicted = 0, weak = 1, strong = 2 };
const char* evidence_name(EvidenceClass e);
/// Parses strong|weak|predicted (case-insensitive); false if not one of them.
bool parse_evidence(std::string_view text, EvidenceClass& out);

/// Per-source fractional repression (weight in [0,1]) when the source gives no score of its own.
/// Scores: TargetScan context++ score s -> 1 - 2^s (clipped to [0,1]); sites of a pair combine as
/// 1 - prod(1 - e_site) (seed_scan.hpp). Validated classes are priors, not measurements: a
/// reporter/western/qPCR-validated interaction (strong) typically shows ~30-50% repression of the
/// reporter; high-throughput (weak) support is taken as half of that.
struct WeightModel {
    double predicted_pair = 0.1056;  ///< a predicted pair without score or site types: one 7mer-m8 site (1 - 2^-0.161)
    double strong = 0.40;            ///< validated, strong support (Functional MTI, reporter assay)
    double weak = 0.20;              ///< validated, weak support (high-throughput, "(Weak)")
    /// Validated with unknown support class (a --validated TSV without an evidence column, e.g. the
    /// miRTarBase/TarBase/miRWalk union): mostly high-throughput binding evidence, which shows a site is
    /// bound, not how much it represses; ranked below explicitly weak evidence and at about one 7mer-m8.
    double validated_unclassified = 0.10;
};

/// One piece of evidence. Keyed by a mature (name-specific sources) or by a seed (TargetScan and the
/// seed scan are seed-family predictions: they hold for every miRNA and isomiR with that seed).
/// Genes and seeds are indices into the pools of the owning SourceTable (compact for millions of rows).
struct TargetEvidence {
    std::int32_t mature = -1;  ///< index into MirnaReference::matures, or -1 when keyed by seed
    std::uint32_t seed = 0;    ///< index into SourceTable::seeds when mature < 0
    std::uint32_t gene = 0;    ///< index into SourceTable::genes (upper-case symbol after --gene-alias)
    Source source = Source::tsv;
    EvidenceClass evidence = EvidenceClass::predicted;
    std::uint32_t n_sites = 0;  ///< untyped site count when only that is known (0 = unknown)
    SiteCounts sites{};         ///< typed site counts (all zero = unknown)
    double weight = 0.0;        ///< fractional repression in [0,1]
};

/// A name of a source table that did not resolve to a miRBase 22 miRNA.
struct UnresolvedName {
    std::string name;
    std::string reason;
    std::uint64_t rows = 0;
};

/// What one source file gave: for targets.tsv.run.json.
struct SourceReport {
    std::string path, format, version;
    std::uint64_t rows_read = 0, rows_used = 0, rows_dropped = 0;
    std::map<std::string, std::uint64_t> dropped;  ///< reason -> rows
    std::vector<UnresolvedName> unresolved;        ///< sorted by name
    nlohmann::json gene_ids;                       ///< GeneIdTally::json() of its genes (null without org.Hs.eg.db)
    void drop(const std::string& reason, std::uint64_t n = 1) { rows_dropped += n, dropped[reason] += n; }
};

/// The evidence and report of one loaded source, with its gene and seed pools.
struct SourceTable {
    std::vector<TargetEvidence> rows;
    std::vector<std::string> genes, seeds;
    SourceReport report;
    /// Index of `gene` / `seed` in its pool, adding it when new.
    std::uint32_t gene_id(const std::string& gene);
    std::uint32_t seed_id(const std::string& seed);

  private:
    std::unordered_map<std::string, std::uint32_t> gene_index_, seed_index_;
};

/// Everything loaders need to turn names into keys. All members are read-only during loading.
struct LoadContext {
    const MirnaReference* ref = nullptr;
    const NameResolver* names = nullptr;
    std::unordered_map<std::string, std::string> family_seed;  ///< TargetScan family name -> seed (DNA)
    std::unordered_map<std::string, std::string> gene_alias;   ///< old symbol / ID -> symbol (upper-case)
    const GeneIds* gene_ids = nullptr;  ///< org.Hs.eg.db: genes to current symbols (after gene_alias); may be null
    std::string taxid = "9606";         ///< NCBI taxon of the reference species (TargetScan tables)
    std::string species_name = "Homo sapiens";  ///< species name in miRTarBase tables
    WeightModel model;
};

/// Maps a miRBase species prefix to its NCBI taxon and Latin name (hsa, mmu, rno, ...); unknown -> {"", ""}.
std::pair<std::string, std::string> species_taxon(const std::string& prefix);

// ---- loaders (src/target_sources.cpp). Each throws Error "FILE:LINE: ..." on a malformed row. ----

/// TargetScan miR_Family_Info (official: header with `miR family`, `Seed+m8`, `Species ID`; or the 3-column
/// headerless family/seed/species layout). Adds family -> seed for `ctx.taxid` rows to ctx.family_seed.
SourceReport load_targetscan_families(const std::string& path, LoadContext& ctx);

/// TargetScan tables, layout detected from the header: Predicted_Targets_Context_Scores (per site:
/// miRNA, gene, species, site type, `context++ score`), Summary_Counts (family or representative miRNA,
/// `Total context++ score`, site counts), or pair/site-count exports (`mirna*`/`mimat`, `gene_symbol`,
/// optional `n_sites`). Keyed by seed.
SourceTable load_targetscan(const std::string& path, const LoadContext& ctx);

/// miRTarBase tables (`miRNA`, `Target Gene`, `Species (miRNA)`, `Experiments`, `Support Type`; CSV or TSV):
/// "Functional MTI" -> mirtarbase_strong, "... (Weak)" -> mirtarbase_weak, Non-Functional rows dropped.
SourceTable load_mirtarbase(const std::string& path, const LoadContext& ctx);

/// Generic `mirna<TAB>gene[<TAB>weight[<TAB>evidence]]` (optional header starting with `mirna`). `source` is
/// Source::tsv (default evidence predicted) or Source::validated (default evidence weak).
SourceTable load_pair_tsv(const std::string& path, Source source, const LoadContext& ctx);

/// GMT where each set is a miRNA (MSigDB `MIR21_5P`, legacy `ACTGTGA_MIR27A_MIR27B` seed-site sets,
/// `a/b` member lists, TargetScan family names) and its genes are targets. Entrez IDs need --gene-alias.
SourceTable load_gmt(const std::string& path, const LoadContext& ctx);

/// The curated interactions (reference/interactions.tsv: mirna, gene, effect, assay, species, cell_type, pmid).
/// Reporter/western/qPCR assays -> strong, others weak.
SourceTable load_curated(const std::string& path, const LoadContext& ctx);

/// Renames the gene pool of `t` to current symbols (reference/gene_ids; ambiguous and unknown IDs stay as
/// they are) and records the tally in t.report.gene_ids. Rows of Entrez IDs the database does not know are dropped.
void normalise_genes(SourceTable& t, const GeneIds& ids);

/// `--gene-alias`: `old<TAB>new` rows (optional header); returns upper-cased map. Throws on a short row.
std::unordered_map<std::string, std::string> load_gene_alias(const std::string& path);

/// A 5' isomiR of a quantified sample: its own seed.
struct IsomirSeed {
    std::string name;  ///< `<mature>|iso_5p:<shift>`, e.g. hsa-miR-21-5p|iso_5p:+1
    std::uint32_t mature = 0;
    std::string seed;
    double reads = 0.0;  ///< summed Expression
};

/// Reads 5' isomiRs (Variant iso_5p != 0) from a mirGFF3 file (quant's `<sample>.isomir.gff3`); the seed
/// comes from the `Read` attribute (most-expressed read of each (Name, iso_5p)). Isomirs whose seed equals
/// the canonical seed are skipped. Throws Error naming file:line on a malformed record.
std::vector<IsomirSeed> load_isomir_seeds(const std::string& path, const LoadContext& ctx, SourceReport& report);

// ---- seed scan over 3'UTRs (src/targets.cpp) ----

/// Scan options of `--utr`.
struct UtrScanOptions {
    ScanOptions scan;
    SiteType min_site = SiteType::k7mer_a1;  ///< a (seed, gene) row needs at least one site this strong
};

/// Scans every UTR for every seed in one pass per UTR (tbb::parallel_for over UTRs; deterministic).
/// UTR ids are gene symbols (first header word, or a `gene=` tag); several UTRs of one gene -> the one
/// with the largest weight. Returns Source::scan evidence keyed by seed.
SourceTable scan_utrs(const std::string& fasta_path, const std::vector<std::string>& seeds, const UtrScanOptions& opt,
                      const LoadContext& ctx);

// ---- merge ----

/// One output miRNA: a mature of the reference or a 5' isomiR.
struct TargetMirna {
    std::string name, accession, seed;
    std::int64_t mature = -1;  ///< index into matures (also for isomiRs: their canonical mature)
    bool isomir = false;
};

/// One row of targets.tsv.
struct TargetRow {
    std::uint32_t mirna = 0;  ///< index into TargetTable::mirnas
    std::uint32_t gene = 0;   ///< index into TargetTable::genes
    double weight = 0.0;
    std::int64_t n_sites = -1;  ///< -1 = unknown (NA)
    std::uint8_t site_type_mask = 0;
    std::uint8_t source_mask = 0;
    EvidenceClass evidence = EvidenceClass::predicted;
};

struct TargetTable {
    std::vector<TargetMirna> mirnas;
    std::vector<std::string> genes;
    std::vector<TargetRow> rows;  ///< sorted by (mirna name, gene name)
};

/// Merges all evidence. Seed-keyed evidence applies to every mature and isomiR with that seed, mature-keyed
/// evidence to that mature only. Per (miRNA, gene): per-source weight = max over that source's rows; the
/// pair weight = max over sources (sources estimate the same repression and overlap, e.g. GroundT
/// contains miRTarBase, so they are not multiplied as independent events); evidence = best class; sites
/// from the scan if present, else from TargetScan. Pure and deterministic.
TargetTable merge_targets(const MirnaReference& ref, const std::vector<IsomirSeed>& isomirs,
                          const std::vector<const SourceTable*>& tables);

/// targets.tsv text (header + rows, formats.md) in consecutive chunks (parallel formatting, deterministic bytes).
std::vector<std::string> format_targets_chunks(const TargetTable& table);
/// The whole targets.tsv text (joined chunks).
std::string format_targets_tsv(const TargetTable& table);

/// The `sources`/`unresolved` part of targets.tsv.run.json.
nlohmann::json report_json(const SourceReport& report);

}  // namespace exomir
