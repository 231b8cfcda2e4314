// io.cpp: LineReader over htslib BGZF (plain or gzip), AtomicFile, TSV and number helpers.
#include "exomir/core/io.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "exomir/core/error.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/core/signals.hpp"

namespace exomir {

LineReader::LineReader(const std::string& path) : path_(path) {
    if (path != "-" && !path_exists(path)) throw Error(fmt::format("{}: no such file; check the path", path));
    if (path != "-" && dir_exists(path)) throw Error(fmt::format("{}: is a directory, expected a file", path));
    BGZF* fp = path == "-" ? bgzf_dopen(STDIN_FILENO, "r") : bgzf_open(path.c_str(), "r");
    if (!fp) throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    fp_ = fp;
    note_input(path);
}

LineReader::~LineReader() {
    if (fp_) bgzf_close(static_cast<BGZF*>(fp_));
}

bool LineReader::next(std::string& line) {
    kstring_t ks = {0, 0, nullptr};
    const int ret = bgzf_getline(static_cast<BGZF*>(fp_), '\n', &ks);
    if (ret < -1) {
        free(ks.s);
        throw Error(fmt::format("{}:{}: read error (truncated or corrupt gzip?); re-download or re-compress the file",
                                path_, line_no_ + 1));
    }
    if (ret == -1) {
        free(ks.s);
        return false;
    }
    ++line_no_;
    line.assign(ks.s, ks.l);
    free(ks.s);
    if (line_no_ == 1) strip_bom(line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

void strip_bom(std::string& text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
}

std::string LineReader::where() const { return fmt::format("{}:{}: ", path_, line_no_); }

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    check_not_an_input(path_);
    tmp_path_ = fmt::format("{}.tmp.{}", path_, ::getpid());
    signal_slot_ = register_temp_path(tmp_path_);  // before the file exists: an interrupt removes it
    fp_ = std::fopen(tmp_path_.c_str(), "wb");
    if (!fp_) {
        const int err = errno;
        unregister_temp_path(signal_slot_);
        throw Error(fmt::format("{}: cannot create output: {}", tmp_path_, std::strerror(err)));
    }
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)),
      tmp_path_(std::move(other.tmp_path_)),
      fp_(other.fp_),
      committed_(other.committed_),
      signal_slot_(other.signal_slot_) {
    other.fp_ = nullptr;
    other.committed_ = true;
    other.signal_slot_ = -1;
}

AtomicFile::~AtomicFile() {
    if (fp_) std::fclose(fp_);
    if (!committed_ && !tmp_path_.empty()) std::remove(tmp_path_.c_str());
    unregister_temp_path(signal_slot_);
}

void AtomicFile::write(std::string_view s) {
    if (!fp_) throw Error(fmt::format("{}: write after commit", path_));
    if (!s.empty() && std::fwrite(s.data(), 1, s.size(), fp_) != s.size())
        throw Error(fmt::format("{}: write failed: {}", tmp_path_, std::strerror(errno)));
}

void AtomicFile::finish() {
    if (!fp_) return;
    bool ok = std::fflush(fp_) == 0 && !std::ferror(fp_);
    int err = errno;
    const bool closed = std::fclose(fp_) == 0;
    fp_ = nullptr;
    // fsync by path: some outputs (the BAM) are written by htslib into tmp_path() beside this FILE.
    if (const int fd = ::open(tmp_path_.c_str(), O_RDONLY); ok && fd >= 0) {
        ok = ::fsync(fd) == 0;
        err = errno;
        ::close(fd);
    } else if (fd >= 0) {
        ::close(fd);
    }
    if (!ok || !closed)
        throw Error(fmt::format("{}: write failed ({}); free space and run again", tmp_path_,
                                ok ? "cannot close" : std::strerror(err)));
}

void AtomicFile::publish() {
    if (committed_) return;
    if (fp_) throw Error(fmt::format("{}: rename before finish", path_));
    if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0)
        throw Error(fmt::format("{}: cannot rename into place: {}", path_, std::strerror(errno)));
    committed_ = true;
    unregister_temp_path(signal_slot_);
    signal_slot_ = -1;
}

void AtomicFile::commit() {
    check_not_an_input(path_);
    finish();
    publish();
}

AtomicFile& OutputSet::open(const std::string& path) {
    files_.emplace_back(path);  // a deque never moves its elements: handed-out references stay valid
    return files_.back();
}

void OutputSet::commit_all() {
    for (const auto& f : files_) check_not_an_input(f.path());
    for (auto& f : files_) f.finish();  // every temp file complete and on disk before the first rename
    const CommitGuard hold_signals;
    // Hard-linked backups of the files being replaced, so that a failed rename restores the old set.
    std::vector<std::string> backups(files_.size());
    for (std::size_t i = 0; i < files_.size(); ++i) {
        const std::string backup = fmt::format("{}.old.{}", files_[i].path(), ::getpid());
        if (::link(files_[i].path().c_str(), backup.c_str()) == 0) backups[i] = backup;
    }
    const auto drop_backups = [&] {
        for (const auto& b : backups)
            if (!b.empty()) ::unlink(b.c_str());
    };
    std::size_t done = 0;
    try {
        for (; done < files_.size(); ++done) files_[done].publish();
    } catch (...) {
        for (std::size_t i = 0; i < done; ++i) {  // put back what was there before
            if (!backups[i].empty())
                std::rename(backups[i].c_str(), files_[i].path().c_str());
            else
                ::unlink(files_[i].path().c_str());
            backups[i].clear();
        }
        drop_backups();
        throw;
    }
    drop_backups();
    std::vector<std::string> dirs;  // make the renames themselves durable
    for (const auto& f : files_) {
        std::string dir = std::filesystem::path(f.path()).parent_path().string();
        if (dir.empty()) dir = ".";
        if (std::find(dirs.begin(), dirs.end(), dir) != dirs.end()) continue;
        dirs.push_back(dir);
        if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
    }
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::vector<std::string_view> split_tabs(std::string_view line) { return split(line, '\t'); }

std::string_view trim_ws(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string ascii_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

double parse_double(std::string_view text, std::string_view where, std::string_view column) {
    const std::string_view t = trim_ws(text);
    double x = 0;
    const auto res = std::from_chars(t.data(), t.data() + t.size(), x);
    if (t.empty() || res.ec != std::errc() || res.ptr != t.data() + t.size() || !std::isfinite(x))
        throw Error(fmt::format("{}column {}: '{}' is not a number; fix or remove the row", where, column, text));
    return x;
}

std::uint64_t parse_uint(std::string_view text, std::string_view where, std::string_view column) {
    const std::string_view t = trim_ws(text);
    std::uint64_t x = 0;
    const auto res = std::from_chars(t.data(), t.data() + t.size(), x);
    if (t.empty() || res.ec != std::errc() || res.ptr != t.data() + t.size())
        throw Error(
            fmt::format("{}column {}: '{}' is not a non-negative integer; fix or remove the row", where, column, text));
    return x;
}

std::string fmt_fixed(double x, int digits) {
    std::string s = fmt::format("{:.{}f}", x, digits);
    if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    return s;
}

std::string fmt_general(double x, int digits) {
    if (x == 0) return "0";
    return fmt::format("{:.{}g}", x, digits);
}

void make_dirs(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("{}: cannot create output directory: {}", dir, ec.message()));
}

bool file_exists(const std::string& path) {
    std::error_code ec;  // a name too long, or a component that is no folder, is simply not an existing file
    return std::filesystem::is_regular_file(path, ec);
}

// Like file_exists, these ask with an error_code: a path the file system cannot even look up is not there, where
// the throwing overloads would let a filesystem_error escape with no file, record or fix named.
bool dir_exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_directory(path, ec);
}

bool path_exists(const std::string& path) {
    std::error_code ec;
    const bool found = std::filesystem::exists(path, ec);
    // A path that cannot be looked up at all is not there; any other failure (a folder it may not read) is left to
    // the open that follows, whose error names the real cause.
    if (ec && ec != std::errc::filename_too_long && ec != std::errc::not_a_directory &&
        ec != std::errc::no_such_file_or_directory)
        return true;
    return found;
}

std::optional<std::string> read_input_file(const std::string& path) {
    if (!file_exists(path)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    note_input(path);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error(fmt::format("{}: read error; check the file and the disk", path));
    return std::move(text).str();
}

std::int64_t file_size(const std::string& path) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path, ec);
    return ec ? -1 : static_cast<std::int64_t>(n);
}

MappedFile::MappedFile(const std::string& path, const std::string& hint) {
    const int fd = open(path.c_str(), O_RDONLY);
    if (fd < 0) throw Error(fmt::format("{}: cannot open{}{}", path, hint.empty() ? "" : "; ", hint));
    note_input(path);
    struct stat st {};
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        size_ = static_cast<std::size_t>(st.st_size);
        void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        data_ = p == MAP_FAILED ? nullptr : static_cast<const char*>(p);
    }
    close(fd);
    if (size_ > 0 && !data_) throw Error(fmt::format("{}: cannot map", path));
}

MappedFile::~MappedFile() {
    if (data_) munmap(const_cast<char*>(data_), size_);
}

}  // namespace exomir
