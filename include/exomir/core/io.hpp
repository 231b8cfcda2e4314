// io.hpp: line-oriented reading of plain or gzip text, atomic output files, TSV helpers.
#pragma once

#include <cstdint>
#include <cstdio>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exomir {

/// Reads a text file line by line, transparently decompressing gzip/BGZF (via htslib).
/// Strips the trailing '\n' and a Windows '\r', and a UTF-8 byte-order mark on line 1. Tracks the 1-based line number for errors.
class LineReader {
  public:
    /// Opens `path` ("-" = stdin). Throws Error if the file cannot be opened.
    explicit LineReader(const std::string& path);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    /// Reads the next line into `line`. @return true on success, false at end of file.
    /// Throws Error on a read or decompression error (e.g. truncated gzip).
    bool next(std::string& line);
    /// 1-based number of the line last returned by next(); 0 before the first.
    std::uint64_t line_no() const noexcept { return line_no_; }
    const std::string& path() const noexcept { return path_; }
    /// "path:line: " prefix for error messages about the current line.
    std::string where() const;

  private:
    std::string path_;
    void* fp_ = nullptr;  // BGZF*, kept opaque so htslib stays out of this header
    std::uint64_t line_no_ = 0;
    std::string buf_;
};

/// An output file written to `<path>.tmp.<pid>` and renamed onto `path` by commit().
/// The destructor removes an uncommitted temp file, so a failed run leaves no partial output.
/// While uncommitted, the temp path is registered with the SIGINT/SIGTERM handler (signals.hpp),
/// so an interrupted run leaves no partial output either.
class AtomicFile {
  public:
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    AtomicFile(AtomicFile&& other) noexcept;

    /// Appends bytes. Throws Error on a write failure (disk full, ...).
    void write(std::string_view s);
    /// Flushes, checks, closes and renames the temp file onto the final path. Throws Error on failure,
    /// and UsageError if the final path is one of the run's inputs (safety.hpp).
    void commit();
    /// The first half of commit(): flush, fsync and close the temp file. Throws Error on failure.
    void finish();
    /// The second half of commit(): rename the finished temp file onto the final path.
    void publish();
    const std::string& path() const noexcept { return path_; }
    const std::string& tmp_path() const noexcept { return tmp_path_; }

  private:
    std::string path_;
    std::string tmp_path_;
    std::FILE* fp_ = nullptr;
    bool committed_ = false;
    int signal_slot_ = -1;  // slot in the signal handler's temp-path registry
};

/// A set of AtomicFiles committed together only after all of them were written.
class OutputSet {
  public:
    /// Opens a new atomic output at `path`; the returned reference stays valid.
    AtomicFile& open(const std::string& path);
    /// Commits every file: refuses (UsageError) if any output is an input; flushes and fsyncs every temp file
    /// first; renames only when all of them are complete, with SIGINT/SIGTERM held; if a rename still fails, the
    /// files already renamed are put back (hard-linked backups), so either every output is new or none is.
    void commit_all();

  private:
    std::deque<AtomicFile> files_;
};

/// Removes a UTF-8 byte-order mark (EF BB BF, written by Excel) from the start of `text`.
void strip_bom(std::string& text);

/// Splits `line` on tabs into views (no copies). Empty fields are kept.
std::vector<std::string_view> split_tabs(std::string_view line);
/// Splits on an arbitrary single character.
std::vector<std::string_view> split(std::string_view s, char sep);
/// Trims ASCII whitespace on both ends.
std::string_view trim_ws(std::string_view s);
/// ASCII lower-case / upper-case copies (names, symbols and header keys; no locale).
std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);

/// Parses a double; throws Error("<where>column <name>: '<text>' is not a number") on failure.
double parse_double(std::string_view text, std::string_view where, std::string_view column);
/// Parses a non-negative integer; throws Error like parse_double.
std::uint64_t parse_uint(std::string_view text, std::string_view where, std::string_view column);

/// Fixed-precision float formatting used in every TSV ("%.{digits}f", "-0" printed as "0").
std::string fmt_fixed(double x, int digits);
/// Compact general formatting for p-values and scores ("%.{digits}g").
std::string fmt_general(double x, int digits = 6);

/// Creates directory `dir` (and parents). Throws Error naming the directory on failure.
void make_dirs(const std::string& dir);
/// True if `path` exists and is a regular file.
bool file_exists(const std::string& path);
/// True if `path` exists and is a directory.
bool dir_exists(const std::string& path);
/// True if anything exists at `path` (a file, a directory, a device...), or if the file system cannot say (e.g. a
/// folder it may not read): the open that follows then names the cause. False for a name too long to look up.
bool path_exists(const std::string& path);
/// Size of a file in bytes, or -1 if it cannot be read.
std::int64_t file_size(const std::string& path);
/// The whole content of the regular file `path` (bytes as stored, no decompression), recorded as an input of this
/// run (note_input, safety.hpp) so that no output may replace it. Every whole-file reader (JSON, mapped bundles)
/// goes through this or LineReader. @return nullopt if it is not a readable regular file; throws Error on a read
/// error after opening.
std::optional<std::string> read_input_file(const std::string& path);

/// A read-only memory map of a whole input file (noted with note_input like read_input_file), for readers of large
/// tables that parse in place (the network bundle, targets.tsv rows found by memmem).
class MappedFile {
  public:
    /// Throws Error "<path>: cannot open; <hint>" if the file cannot be opened, or if it cannot be mapped.
    explicit MappedFile(const std::string& path, const std::string& hint = "");
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view text() const { return {data_ ? data_ : "", size_}; }

  private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace exomir
