// fetch.hpp: the genome-scale reference sources (reference/sources.tsv) and their download (`exomir reference fetch`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace exomir {

/// One row of sources.tsv: a named upstream source and its files.
struct SourceSpec {
    std::string name;                 ///< e.g. targetscan
    std::string version;              ///< e.g. 8.0
    std::vector<std::string> urls;    ///< upstream URLs
    std::vector<std::string> sha256;  ///< aligned with urls; "-" = not published by the provider
    std::string licence, citation;
    bool optional = false;  ///< fetched only when named with --sources
};

/// Reads sources.tsv (header `source version urls sha256 licence citation optional`; '#' comments).
/// Throws Error "FILE:LINE: ..." on a malformed row (wrong column count, sha256 list not aligned, bad digest).
std::vector<SourceSpec> load_sources(const std::string& path);

/// The sources to fetch: every non-optional source, or exactly the named ones (an unknown name is an
/// Error listing the known names).
std::vector<SourceSpec> select_sources(const std::vector<SourceSpec>& all, const std::vector<std::string>& names);

/// Where `url` is fetched from under a mirror: PREFIX/<host>/<path of url>. PREFIX is a file:// or
/// http(s):// URL, or a local directory (turned into file://). An empty prefix returns `url` unchanged.
std::string mirror_url(const std::string& url, const std::string& prefix);

/// The local file name of an upstream URL (last path component, query stripped). Throws Error if empty.
std::string url_file_name(const std::string& url);

struct FetchOptions {
    std::string out_dir;        ///< DIR: files go to DIR/<source>/, the manifest to DIR/fetch.json
    std::string mirror;         ///< --mirror / $EXOMIR_MIRROR; empty = upstream
    int retries = 3;            ///< retries of a transient failure (connection, timeout, 5xx, cut body)
    double retry_wait = 2.0;    ///< seconds before the first retry; doubles on each further retry
    long connect_timeout = 30;  ///< seconds
    long stall_timeout = 120;   ///< abort a transfer that receives nothing for this many seconds
    bool progress = true;       ///< progress line on stderr (only when stderr is a terminal)
};

/// What fetch recorded about one downloaded file (one entry of fetch.json "files").
struct FetchedFile {
    std::string source, version, url, fetched_from;
    std::string path;                   ///< downloaded file, relative to out_dir (e.g. mirbase/mature.fa.gz)
    std::vector<std::string> unpacked;  ///< unpacked files, relative to out_dir
    std::uint64_t bytes = 0;
    std::string sha256;
    bool sha256_published = false;  ///< verified against sources.tsv (else recorded)
    std::string date;               ///< UTC, ISO 8601
};

/// Downloads every URL of `sources` into opt.out_dir: `<file>.part` first (resumed with an HTTP Range
/// request after an interruption), retried with backoff, sha256 verified (or recorded), renamed onto the
/// final name, then .gz/.zip unpacked. A file already present with the sha256 of fetch.json is skipped.
/// fetch.json is rewritten after each file. Throws Error naming the URL on a failure; the .part file is
/// kept for a rerun unless its checksum was wrong.
std::vector<FetchedFile> fetch_sources(const std::vector<SourceSpec>& sources, const FetchOptions& opt);

/// fetch.json of `dir` (empty object if absent). Throws Error on a malformed file.
nlohmann::json load_fetch_manifest(const std::string& dir);

/// sha256 of a file as lower-case hex (OpenSSL libcrypto). Throws Error if unreadable.
std::string file_sha256(const std::string& path);

/// Unpacks `path` (.gz with zlib, .zip with libzip) into `dir`; returns the written file names (in dir).
/// Other files: returns {}. Members are written through AtomicFile; zip member paths are flattened to
/// their base name (directories and __MACOSX/ entries skipped). Throws Error naming the archive.
std::vector<std::string> unpack_archive(const std::string& path, const std::string& dir);

}  // namespace exomir
