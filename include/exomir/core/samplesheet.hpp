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
};

/// A parsed sample sheet: samples in file order, condition columns in header order.
struct SampleSheetTable {
    std::vector<SheetSample> samples;
    std::vector<std::string> condition_columns;  ///< every column other than sample/fastq/kit/adapter
};

/// The result of parsing: the sheet (as far as it could be read) and every problem found.
struct SheetParse {
    SampleSheetTable sheet;
    std::vector<std::string> problems;  ///< "line N: what is wrong; how to fix", empty when the sheet is valid
};

/// Library kits accepted in the `kit` column (the presets of `exomir quant --kit`).
const std::vector<std::string>& known_kits();

/// Parses sample-sheet text (TSV with a header; blank lines and CRLF allowed). Pure: no I/O, never throws
/// on bad text, so it can be fuzzed. Relative fastq paths are joined to `base_dir` ("" keeps them as is).
/// Problems reported (all of them): missing `sample`/`fastq`/`kit`-or-`adapter` columns, duplicate or empty
/// column names, rows with a wrong field count, empty or invalid or duplicate sample names, no fastq,
/// unknown kits, a row with neither kit nor adapter, adapters with letters other than ACGTN (except `none`), empty sheet.
SheetParse parse_samplesheet(std::string_view text, const std::string& base_dir);

/// The first condition column that splits the samples into >= 2 groups of >= 2 samples each (what the
/// bootstrap comparison of `exomir rank --group-by` needs), or "" if there is none.
std::string comparison_column(const SampleSheetTable& sheet);

/// Fastq paths of `sheet` that are not readable regular files, as problems naming the sample.
std::vector<std::string> missing_fastq(const SampleSheetTable& sheet);

/// Reads, parses and checks the sheet at `path` (fastq relative to the sheet's folder; their existence is
/// checked only if `check_files`, `exomir report` reads results, not reads). Throws one Error
/// listing every problem (parse problems and missing files) on one line, "path: N problems in the sample
/// sheet: line 3: ...; line 4: ...".
SampleSheetTable load_samplesheet(const std::string& path, bool check_files = true);

}  // namespace exomir
