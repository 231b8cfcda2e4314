// mirgff3.hpp: the one reader of the isomiR mirGFF3 files quant writes (the writer is format_isomir_gff3 in
// quant.hpp); targets reads it for 5' isomiR seeds, report for the isomiR mix of each sample.
#pragma once

#include <string>
#include <string_view>

#include "exomir/core/io.hpp"

namespace exomir {

/// One data line of a mirGFF3 file (Desvignes et al. 2020, Bioinformatics 36:698): the views point into the
/// reader's current line and are valid until the next call of MirGffReader::next.
struct MirGffRecord {
    std::string_view seqid;       ///< column 1: the precursor (hairpin) name
    std::string_view type;        ///< column 3: ref_miRNA or isomiR
    std::string_view attributes;  ///< column 9: `Key=Value; Key=Value; ...`

    /// The value of attribute `key`, trimmed; "" if absent. Accepts `Key=Value` (mirGFF3 1.x, quant) and the
    /// `Key Value` form of older mirtop files.
    std::string_view attribute(std::string_view key) const;
};

/// Reads a mirGFF3 file (plain or gzip) line by line; `#` lines and empty lines are skipped.
class MirGffReader {
  public:
    /// Opens `path` (an input of the run, see safety.hpp). `fix` ends every error message: how to get a good file.
    MirGffReader(const std::string& path, std::string fix);
    /// The next data line. @return false at the end. Throws Error "FILE:LINE: expected 9 tab-separated mirGFF3
    /// columns, got N; <fix>" for a short line.
    bool next(MirGffRecord& rec);
    /// Sum of the comma-separated `Expression` values of `rec` (one per sample; 0 if absent). Throws Error
    /// naming FILE:LINE for a value that is not a finite number.
    double expression(const MirGffRecord& rec) const;
    /// "FILE:LINE: " of the current line, for the caller's own errors.
    std::string where() const { return in_.where(); }

  private:
    LineReader in_;
    std::string line_;
    std::string fix_;
};

}  // namespace exomir
