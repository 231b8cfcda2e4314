// fetch.cpp: sources.tsv and `exomir reference fetch`: libcurl downloads with resume, retry, progress and
// sha256 (libcrypto), then .gz (zlib) / .zip (libzip) unpacking. Design notes: docs/reference_fetch.md.
#include "exomir/reference/fetch.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"

namespace exomir {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> k_sources_header = {"source",  "version",  "urls",    "sha256",
                                                   "licence", "citation", "optional"};

std::vector<std::string> split_words(std::string_view s) {
    std::vector<std::string> out;
    for (auto w : split(s, ' '))
        if (!w.empty()) out.emplace_back(w);
    return out;
}

bool is_hex_digest(const std::string& s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string human_bytes(double b) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (b >= 1024.0 && u < 4) b /= 1024.0, ++u;
    return u == 0 ? fmt::format("{:.0f} B", b) : fmt::format("{:.1f} {}", b, units[u]);
}

std::string human_seconds(double s) {
    if (!std::isfinite(s) || s < 0) return "--:--";
    const auto n = static_cast<long>(s + 0.5);
    return n >= 3600 ? fmt::format("{}:{:02}:{:02}", n / 3600, n / 60 % 60, n % 60)
                     : fmt::format("{}:{:02}", n / 60, n % 60);
}

/// The progress line on stderr (a terminal only): bytes, rate and ETA, redrawn at most 4 times a second.
struct Progress {
    std::string label;
    bool enabled = false;
    curl_off_t offset = 0;  ///< bytes already on disk when this attempt started (resume)
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now(), last{};
    bool drawn = false;

    void draw(curl_off_t total, curl_off_t now, bool force) {
        if (!enabled) return;
        const auto t = std::chrono::steady_clock::now();
        if (!force && t - last < std::chrono::milliseconds(250)) return;
        last = t;
        const double secs = std::chrono::duration<double>(t - start).count();
        const double rate = secs > 0 ? static_cast<double>(now) / secs : 0.0;
        const double have = static_cast<double>(offset + now);
        std::string line;
        if (total > 0) {
            const double all = static_cast<double>(offset + total);
            line = fmt::format("{}  {} / {} ({:.0f}%)  {}/s  ETA {}", label, human_bytes(have), human_bytes(all),
                               100.0 * have / all, human_bytes(rate),
                               rate > 0 ? human_seconds((all - have) / rate) : "--:--");
        } else {
            line = fmt::format("{}  {}  {}/s", label, human_bytes(have), human_bytes(rate));
        }
        std::fprintf(stderr, "\r%-78s", line.c_str());
        std::fflush(stderr);
        drawn = true;
    }
    void finish() {
        if (drawn) std::fputc('\n', stderr);
        drawn = false;
    }
};

int progress_cb(void* p, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
    static_cast<Progress*>(p)->draw(dltotal, dlnow, false);
    return 0;
}

struct Sink {
    std::FILE* fp = nullptr;
    bool failed = false;
};

size_t write_cb(char* data, size_t size, size_t n, void* p) {
    auto* s = static_cast<Sink*>(p);
    const size_t bytes = size * n;
    // Flushed at once: what reached the disk is what a rerun resumes from after a kill or SIGINT.
    if (std::fwrite(data, 1, bytes, s->fp) != bytes || std::fflush(s->fp) != 0) {
        s->failed = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    return bytes;
}

struct CurlGlobal {
    CurlGlobal() {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("cannot initialise libcurl");
    }
    ~CurlGlobal() { curl_global_cleanup(); }
};

/// One attempt: append to `part` from its current size. Returns the curl code and the HTTP status.
struct Attempt {
    CURLcode rc = CURLE_OK;
    long http = 0;
    std::string message;
};

Attempt transfer(const std::string& url, const std::string& part, const FetchOptions& opt, Progress& progress) {
    const std::int64_t have = std::max<std::int64_t>(file_size(part), 0);
    Sink sink;
    sink.fp = std::fopen(part.c_str(), have > 0 ? "ab" : "wb");
    if (!sink.fp) throw Error(fmt::format("{}: cannot write (check the folder's permissions and free space)", part));
    std::unique_ptr<CURL, void (*)(CURL*)> h(curl_easy_init(), curl_easy_cleanup);
    if (!h) throw Error("cannot create a libcurl handle");
    char err[CURL_ERROR_SIZE] = {0};
    CURL* c = h.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "exomir/" EXOMIR_VERSION " (+reference fetch)");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, opt.connect_timeout);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, opt.stall_timeout);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(have));
    progress.offset = have;
    progress.start = std::chrono::steady_clock::now();
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress_cb);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &progress);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, progress.enabled ? 0L : 1L);
    Attempt a;
    a.rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.http);
    const bool close_failed = std::fclose(sink.fp) != 0;
    if (sink.failed || close_failed)
        throw Error(fmt::format("{}: write failed (disk full?); the partial download is kept for a rerun", part));
    a.message = err[0] ? err : curl_easy_strerror(a.rc);
    progress.draw(0, 0, false);
    return a;
}

bool transient(const Attempt& a) {
    switch (a.rc) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_PARTIAL_FILE:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return true;
        case CURLE_HTTP_RETURNED_ERROR:
            return a.http == 408 || a.http == 429 || a.http >= 500;
        default:
            return false;
    }
}

/// The server or file cannot continue from our offset: start the file again.
bool restart_needed(const Attempt& a) {
    return a.rc == CURLE_RANGE_ERROR || a.rc == CURLE_BAD_DOWNLOAD_RESUME ||
           (a.rc == CURLE_HTTP_RETURNED_ERROR && a.http == 416);
}

std::string describe(const Attempt& a) {
    if (a.rc == CURLE_HTTP_RETURNED_ERROR) return fmt::format("HTTP {}", a.http);
    return a.message;
}

/// Downloads `from` onto `final_path` through `final_path`.part. Returns the sha256 of the file.
std::string download(const std::string& from, const std::string& final_path, const std::string& expected,
                     const FetchOptions& opt, const std::string& label) {
    const std::string part = final_path + ".part";
    Progress progress;
    progress.label = label;
    progress.enabled = opt.progress && isatty(STDERR_FILENO);
    int restarts = 0;
    for (int attempt = 0;; ++attempt) {
        const std::int64_t had = std::max<std::int64_t>(file_size(part), 0);
        if (had > 0) log_info(fmt::format("{}: resuming at byte {}", label, had));
        const Attempt a = transfer(from, part, opt, progress);
        progress.finish();
        if (a.rc == CURLE_OK) break;
        if (restart_needed(a) && restarts++ < 2) {
            log_info(fmt::format("{}: cannot resume ({}); starting again", label, describe(a)));
            fs::remove(part);
            --attempt;
            continue;
        }
        const bool kept = file_size(part) > 0;
        if (!kept) fs::remove(part);
        if (transient(a) && attempt < opt.retries) {
            const double wait = opt.retry_wait * std::pow(2.0, attempt);
            log_warn(
                fmt::format("{}: {}; retry {} of {} in {:.1f} s", from, describe(a), attempt + 1, opt.retries, wait));
            std::this_thread::sleep_for(std::chrono::duration<double>(wait));
            continue;
        }
        throw Error(fmt::format("{}: download failed: {}{}{}", from, describe(a),
                                transient(a) ? fmt::format(" (after {} retries)", attempt) : "",
                                kept ? fmt::format("; {} is kept, rerun the same command to resume", part) : ""));
    }
    const std::string sha = file_sha256(part);
    if (expected != "-" && sha != expected) {
        fs::remove(part);
        throw Error(
            fmt::format("{}: sha256 mismatch: sources.tsv says {}, the download has {}; the file was "
                        "removed (a changed upstream file needs a new sources.tsv row; a corrupt mirror "
                        "copy needs replacing)",
                        from, expected, sha));
    }
    std::error_code ec;
    fs::rename(part, final_path, ec);
    if (ec) throw Error(fmt::format("{}: cannot rename onto {}: {}", part, final_path, ec.message()));
    return sha;
}

std::string strip_suffix(const std::string& s, std::string_view suffix) {
    return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0
               ? s.substr(0, s.size() - suffix.size())
               : s;
}

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

nlohmann::json to_json(const FetchedFile& f) {
    return {{"source", f.source},
            {"version", f.version},
            {"url", f.url},
            {"fetched_from", f.fetched_from},
            {"path", f.path},
            {"unpacked", f.unpacked},
            {"bytes", f.bytes},
            {"sha256", f.sha256},
            {"sha256_check", f.sha256_published ? "verified" : "recorded"},
            {"date", f.date}};
}

void write_manifest(const std::string& dir, const nlohmann::json& manifest) {
    AtomicFile out((fs::path(dir) / "fetch.json").string());
    out.write(manifest.dump(2) + "\n");
    out.commit();
}

}  // namespace

std::vector<SourceSpec> load_sources(const std::string& path) {
    LineReader in(path);
    std::string line;
    bool header = false;
    std::vector<SourceSpec> out;
    std::set<std::string> names;
    while (in.next(line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto f = split_tabs(line);
        if (!header) {
            std::vector<std::string> got(f.begin(), f.end());
            if (got != k_sources_header)
                throw Error(
                    fmt::format("{}header must be '{}' (tab-separated)", in.where(), fmt::join(k_sources_header, " ")));
            header = true;
            continue;
        }
        if (f.size() != k_sources_header.size())
            throw Error(fmt::format("{}{} columns, expected {} ({})", in.where(), f.size(), k_sources_header.size(),
                                    fmt::join(k_sources_header, " ")));
        SourceSpec s{std::string(f[0]), std::string(f[1]), split_words(f[2]), split_words(f[3]),
                     std::string(f[4]), std::string(f[5]), f[6] == "yes"};
        if (s.name.empty() || s.urls.empty())
            throw Error(fmt::format("{}column source and urls must not be empty", in.where()));
        if (f[6] != "yes" && f[6] != "no")
            throw Error(fmt::format("{}column optional: '{}' is not yes or no", in.where(), f[6]));
        if (s.sha256.size() != s.urls.size())
            throw Error(fmt::format("{}column sha256: {} entries for {} urls (use '-' for an unpublished checksum)",
                                    in.where(), s.sha256.size(), s.urls.size()));
        for (const auto& d : s.sha256)
            if (d != "-" && !is_hex_digest(d))
                throw Error(fmt::format("{}column sha256: '{}' is not 64 lower-case hex digits or '-'", in.where(), d));
        for (const auto& u : s.urls) url_file_name(u);  // validates
        if (!names.insert(s.name).second) throw Error(fmt::format("{}source '{}' is listed twice", in.where(), s.name));
        out.push_back(std::move(s));
    }
    if (!header) throw Error(fmt::format("{}: no header line; expected '{}'", path, fmt::join(k_sources_header, " ")));
    return out;
}

std::vector<SourceSpec> select_sources(const std::vector<SourceSpec>& all, const std::vector<std::string>& names) {
    if (names.empty()) {
        std::vector<SourceSpec> out;
        for (const auto& s : all)
            if (!s.optional) out.push_back(s);
        return out;
    }
    std::vector<SourceSpec> out;
    for (const auto& n : names) {
        const auto it = std::find_if(all.begin(), all.end(), [&](const SourceSpec& s) { return s.name == n; });
        if (it == all.end()) {
            std::vector<std::string> known;
            for (const auto& s : all) known.push_back(s.name);
            throw UsageError(fmt::format("--sources: unknown source '{}'; known: {}", n, fmt::join(known, ",")));
        }
        if (std::find_if(out.begin(), out.end(), [&](const SourceSpec& s) { return s.name == n; }) == out.end())
            out.push_back(*it);
    }
    return out;
}

std::string url_file_name(const std::string& url) {
    std::string u = url.substr(0, url.find_first_of("?#"));
    const auto slash = u.rfind('/');
    const std::string name = slash == std::string::npos ? u : u.substr(slash + 1);
    if (name.empty() || name == "." || name == ".." || u.find("://") == std::string::npos)
        throw Error(fmt::format("'{}' is not a URL of a file (scheme://host/path/file)", url));
    return name;
}

std::string mirror_url(const std::string& url, const std::string& prefix) {
    if (prefix.empty()) return url;
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) throw Error(fmt::format("'{}' is not a URL", url));
    const std::string host_path = url.substr(scheme + 3);  // host/path...
    std::string p = prefix;
    if (p.find("://") == std::string::npos) p = "file://" + fs::absolute(p).lexically_normal().string();
    while (!p.empty() && p.back() == '/') p.pop_back();
    return p + "/" + host_path;
}

std::string file_sha256(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fmt::format("{}: cannot read", path));
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw Error("libcrypto: sha256 unavailable");
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) throw Error(fmt::format("{}: read error", path));
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx.get(), md, &n);
    std::string hex;
    for (unsigned int i = 0; i < n; ++i) hex += fmt::format("{:02x}", md[i]);
    return hex;
}

std::vector<std::string> unpack_archive(const std::string& path, const std::string& dir) {
    const std::string base = fs::path(path).filename().string();
    if (ends_with(base, ".gz")) {
        const std::string name = strip_suffix(base, ".gz");
        gzFile gz = gzopen(path.c_str(), "rb");
        if (!gz) throw Error(fmt::format("{}: cannot open for unpacking", path));
        AtomicFile out((fs::path(dir) / name).string());
        std::vector<char> buf(1 << 20);
        int n = 0;
        while ((n = gzread(gz, buf.data(), static_cast<unsigned>(buf.size()))) > 0)
            out.write(std::string_view(buf.data(), static_cast<size_t>(n)));
        int errnum = Z_OK;
        const std::string msg = n < 0 ? gzerror(gz, &errnum) : "";
        const int rc = gzclose_r(gz);
        if (n < 0 || rc != Z_OK)
            throw Error(fmt::format("{}: not a complete gzip file ({}); delete it and fetch again", path,
                                    msg.empty() ? "truncated" : msg));
        out.commit();
        return {name};
    }
    if (!ends_with(base, ".zip")) return {};
    int err = 0;
    std::unique_ptr<zip_t, void (*)(zip_t*)> z(zip_open(path.c_str(), ZIP_RDONLY, &err), zip_discard);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        const std::string msg = zip_error_strerror(&ze);
        zip_error_fini(&ze);
        throw Error(fmt::format("{}: not a readable zip archive ({}); delete it and fetch again", path, msg));
    }
    std::vector<std::string> names;
    OutputSet outputs;
    const zip_int64_t n = zip_get_num_entries(z.get(), 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        const char* raw = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), 0);
        const std::string member = raw ? raw : "";
        if (member.empty() || member.back() == '/' || member.rfind("__MACOSX/", 0) == 0) continue;
        const std::string name = fs::path(member).filename().string();
        if (name.empty() || name[0] == '.' || std::find(names.begin(), names.end(), name) != names.end()) continue;
        std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> zf(zip_fopen_index(z.get(), static_cast<zip_uint64_t>(i), 0),
                                                             zip_fclose);
        if (!zf) throw Error(fmt::format("{}: cannot read member '{}': {}", path, member, zip_strerror(z.get())));
        AtomicFile& out = outputs.open((fs::path(dir) / name).string());
        std::vector<char> buf(1 << 20);
        zip_int64_t got = 0;
        while ((got = zip_fread(zf.get(), buf.data(), buf.size())) > 0)
            out.write(std::string_view(buf.data(), static_cast<size_t>(got)));
        if (got < 0)
            throw Error(fmt::format("{}: member '{}' is corrupt ({}); delete the archive and fetch again", path, member,
                                    zip_file_strerror(zf.get())));
        names.push_back(name);
    }
    if (names.empty()) throw Error(fmt::format("{}: the zip archive holds no file", path));
    outputs.commit_all();
    return names;
}

nlohmann::json load_fetch_manifest(const std::string& dir) {
    const std::string path = (fs::path(dir) / "fetch.json").string();
    if (!file_exists(path)) return nlohmann::json::object();
    std::ifstream in(path);
    try {
        nlohmann::json j = nlohmann::json::parse(in);
        if (!j.is_object()) throw Error(fmt::format("{}: not a JSON object; delete it and fetch again", path));
        return j;
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: malformed JSON ({}); delete it and fetch again", path, e.what()));
    }
}

std::vector<FetchedFile> fetch_sources(const std::vector<SourceSpec>& sources, const FetchOptions& opt) {
    CurlGlobal curl;
    make_dirs(opt.out_dir);
    nlohmann::json manifest = load_fetch_manifest(opt.out_dir);
    if (!manifest.contains("files")) manifest["files"] = nlohmann::json::array();
    if (!manifest.contains("sources")) manifest["sources"] = nlohmann::json::object();
    std::vector<FetchedFile> done;
    for (const auto& s : sources) {
        const std::string sdir = (fs::path(opt.out_dir) / s.name).string();
        make_dirs(sdir);
        manifest["sources"][s.name] = {{"version", s.version}, {"licence", s.licence}, {"citation", s.citation}};
        for (size_t i = 0; i < s.urls.size(); ++i) {
            const std::string& url = s.urls[i];
            const std::string name = url_file_name(url);
            const std::string final_path = (fs::path(sdir) / name).string();
            const std::string rel = s.name + "/" + name;
            auto& files = manifest["files"];
            const auto old = std::find_if(files.begin(), files.end(), [&](const nlohmann::json& f) {
                return f.value("path", "") == rel && f.value("url", "") == url;
            });
            if (old != files.end() && file_exists(final_path) &&
                (s.sha256[i] == "-" || s.sha256[i] == old->value("sha256", "")) &&
                file_sha256(final_path) == old->value("sha256", "")) {
                log_info(fmt::format("{}: already fetched (sha256 {})", rel, old->value("sha256", "")));
                continue;
            }
            FetchedFile f;
            f.source = s.name, f.version = s.version, f.url = url, f.path = rel;
            f.fetched_from = mirror_url(url, opt.mirror);
            log_info(fmt::format("fetching {} {} from {}", s.name, name, f.fetched_from));
            f.sha256 = download(f.fetched_from, final_path, s.sha256[i], opt, rel);
            f.sha256_published = s.sha256[i] != "-";
            f.bytes = static_cast<std::uint64_t>(file_size(final_path));
            f.date = utc_now();
            for (const auto& u : unpack_archive(final_path, sdir)) f.unpacked.push_back(s.name + "/" + u);
            log_info(fmt::format("{}: {} bytes, sha256 {} ({}){}", rel, f.bytes, f.sha256,
                                 f.sha256_published ? "verified" : "recorded",
                                 f.unpacked.empty() ? "" : fmt::format("; unpacked {}", fmt::join(f.unpacked, ", "))));
            if (old != files.end()) files.erase(old);
            files.push_back(to_json(f));
            write_manifest(opt.out_dir, manifest);
            done.push_back(std::move(f));
        }
    }
    write_manifest(opt.out_dir, manifest);
    return done;
}

}  // namespace exomir
