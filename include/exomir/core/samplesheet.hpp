// samplesheet.hpp: the sample sheet of `exomir run` and the workflow (sample, fastq, kit/adapter, conditions).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace exomir {

/// One row of the sample sheet.
struct SheetSample {
    std::string name;                               ///< `sample` column: [A-Za-z0-9_.-]+, unique
    std::vector<std::string> fastq;                 ///< `fastq` column split on ';', resolved against base_dir
    std::string kit;                                ///< `kit` column (truseq, nebnext, qiaseq, nextflex, auto) or ""
    std::string adapter;                            ///< `adapter` column (ACGTN, or `none` for trimmed reads) or ""
    std::map<std::string, std::string> conditions;  ///< condition column -> value
    /// `type` column (docs/contamination.md): "sample" (default: an MSC-exosome library, part of the cargo),
    /// "blank" (medium-only or EV-depleted-FBS control processed like the samples: merge --blank) or
    /// "negative" (extraction/library blank: merge --negative). Blanks and negatives are never cargo.
    std::string type = "sample";
    bool is_sample() const noexcept { return type == "sample"; }
};

/// The values of the `type` column: sample, blank, negative.
const std::vector<std::string>& sample_types();

/// A parsed sample sheet: samples in file order, condition columns in header order.
struct SampleSheetTable {
    std::vector<SheetSample> samples;
    std::vector<std::string> condition_columns;  ///< every column other than sample/fastq/kit/adapter/type
    /// The names of the samples whose type is `type` ("sample", "blank", "negative"), in file order.
    std::vector<std::string> names_of_type(std::string_view type) const;
};

/// The result of parsing: the sheet (as far as it could be read) and every problem found.
struct SheetParse {
    SampleSheetTable sheet;
    std::vector<std::string> problems;  ///< "line N: what is wrong; how to fix", empty when the sheet is valid
};

/// What a command needs from the sample sheet (the one sample-sheet type of run, network, rank and report).
struct SheetNeeds {
    /// true (exomir run, the workflow): the `fastq` and `kit`-or-`adapter` columns are required, every row
    /// names its reads and load_samplesheet checks the files exist. false (network, rank, report): only `sample`
    /// is required; fastq, kit and adapter are read (and checked) when present.
    bool reads = true;
    /// Names accepted in the `kit` column: quant's known_kits() (quant/kits.hpp, which core cannot include).
    /// Empty: kit names are not checked (a command that does not run quant).
    std::vector<std::string> kits;

    /// exomir run: reads required, kit names checked against `kits`.
    static SheetNeeds with_reads(std::vector<std::string> kits) { return {true, std::move(kits)}; }
    /// network, rank, report: results, not reads.
    static SheetNeeds without_reads() { return {false, {}}; }
};

/// Parses sample-sheet text (TSV with a header; blank lines, CRLF and a UTF-8 BOM allowed). Pure: no I/O, never
/// throws on bad text, so it can be fuzzed. Relative fastq paths are joined to `base_dir` ("" keeps them as is).
/// Problems reported (all of them): missing `sample` (and with needs.reads `fastq`/`kit`-or-`adapter`) columns,
/// duplicate or empty column names, rows with a wrong field count, empty or invalid or duplicate sample names,
/// no fastq or neither kit nor adapter (needs.reads), kits not in needs.kits, adapters with letters other than
/// ACGTN (except `none`), a `type` other than sample/blank/negative, empty sheet.
SheetParse parse_samplesheet(std::string_view text, const std::string& base_dir, const SheetNeeds& needs = {});

/// The first condition column that splits the samples (type `sample` only; blanks are no group) into >= 2 groups of >= 2 samples each (what the
/// bootstrap comparison of `exomir rank --group-by` needs), or "" if there is none.
std::string comparison_column(const SampleSheetTable& sheet);

/// Fastq paths of `sheet` that are not readable regular files, as problems naming the sample.
std::vector<std::string> missing_fastq(const SampleSheetTable& sheet);

/// Reads, parses and checks the sheet at `path` (fastq relative to the sheet's folder; their existence is
/// checked only if needs.reads). Throws one Error listing every problem (parse problems and missing files)
/// on one line, "path: N problems in the sample sheet: line 3: ...; line 4: ...".
SampleSheetTable load_samplesheet(const std::string& path, const SheetNeeds& needs);

}  // namespace exomir
