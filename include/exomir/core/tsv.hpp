// tsv.hpp: the one reader of tab-separated tables with a header line (columns by name, field-count checks).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "exomir/core/io.hpp"

namespace exomir {

/// The header line of a TSV: column names looked up by name. Names are trimmed of ASCII whitespace (so a
/// CRLF line end is harmless) and a leading UTF-8 byte-order mark is dropped. Empty names are kept as "".
class TsvHeader {
  public:
    /// What a name given twice means.
    enum class Repeats {
        error,  ///< throw "PATH:1: column 'x' appears twice in the header; rename or remove one"
        allow   ///< keep both (find() returns the first); the caller reports repeated()
    };
    TsvHeader() = default;
    /// Splits `line` on tabs. `path` names the file in error messages.
    TsvHeader(std::string_view line, std::string path, Repeats repeats = Repeats::error);
    /// Names already split (e.g. from a CSV line); trimmed and checked like a tab-separated line.
    TsvHeader(std::vector<std::string> names, std::string path, Repeats repeats = Repeats::error);

    /// Index of column `name`, or -1.
    int find(std::string_view name) const;
    /// Index of the first column whose key(name) equals one of `candidates` (tried in order), or -1.
    /// For foreign tables whose headers vary in case and punctuation ("Target Gene" vs "target_gene").
    int find_any(std::initializer_list<std::string_view> candidates, std::string (*key)(std::string_view)) const;
    /// Index of column `name`; throws "PATH:1: missing column 'name' (header has: a, b); FIX" if absent.
    std::size_t require(std::string_view name, std::string_view fix = "fix the header") const;
    /// require() for each name, in order.
    std::vector<std::size_t> require(std::initializer_list<std::string_view> names,
                                     std::string_view fix = "fix the header") const;
    /// Non-empty names that appear more than once (each once, in header order).
    std::vector<std::string> repeated() const;

    const std::vector<std::string>& names() const noexcept { return names_; }
    std::size_t size() const noexcept { return names_.size(); }
    bool empty() const noexcept { return names_.empty(); }
    const std::string& path() const noexcept { return path_; }

  private:
    void check(Repeats repeats) const;
    std::string path_;
    std::vector<std::string> names_;
};

/// A TSV file (plain or gzip) read row by row after its header line. Blank (whitespace-only) rows are skipped.
/// Errors name the file and line ("PATH:LINE: ...") and end with the caller's `fix`.
class TsvReader {
  public:
    /// Opens `path` and reads the header. An empty file throws "PATH: empty file; expected WHAT[; FIX]";
    /// a repeated column name throws (TsvHeader).
    explicit TsvReader(const std::string& path, std::string_view what = "a header line", std::string fix = {});

    const TsvHeader& header() const noexcept { return header_; }
    /// header().find(name).
    int find(std::string_view name) const { return header_.find(name); }
    /// header().require(name, FIX or "fix the header").
    std::size_t require(std::string_view name) const;

    /// Next non-blank row split on tabs (views into the reader's buffer, valid until the next call).
    /// Throws "PATH:LINE: N fields but the header has M; every row needs one value per column[; FIX]".
    bool next(std::vector<std::string_view>& fields);
    /// Like next(), for foreign tables whose rows may end early or run long: only at least `min_fields`
    /// fields are required ("PATH:LINE: expected at least K columns, got N").
    bool next_at_least(std::vector<std::string_view>& fields, std::size_t min_fields);

    /// "PATH:LINE: " of the row last returned.
    std::string where() const { return in_.where(); }
    std::uint64_t line_no() const noexcept { return in_.line_no(); }
    const std::string& path() const noexcept { return in_.path(); }

  private:
    bool next_line();
    LineReader in_;
    std::string fix_, line_;
    TsvHeader header_;
};

}  // namespace exomir
