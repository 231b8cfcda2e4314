// cmd_reference_fetch.cpp: the `exomir reference fetch` front end (download the genome-scale sources).
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/reference/cmd_reference_fetch.hpp"
#include "exomir/reference/fetch.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {

int cmd_reference_fetch(int argc, char** argv) {
    CLI::App app{
        "download the genome-scale reference sources (reference/sources.tsv) into DIR: resumable, retried,\n"
        "sha256-checked (or recorded), archives unpacked; DIR/fetch.json records version, URL, date and sha256\n\n"
        "example: exomir reference fetch -o refdata/\n"
        "         exomir reference fetch --sources mirbase,targetscan --mirror file:///srv/mirror -o refdata/",
        "reference fetch"};
    FetchOptions o;
    CommonOptions common;
    std::string sources_csv, table;
    app.add_option("-o,--out", o.out_dir, "download folder (DIR/<source>/<file>, DIR/fetch.json)")->required();
    app.add_option("--sources", sources_csv, "comma-separated source names [every non-optional source]");
    app.add_option("--sources-table", table, "sources table [sources.tsv of the reference folder]");
    app.add_option("--mirror", o.mirror,
                   "fetch PREFIX/<host>/<upstream path> instead (file://, http(s):// or a folder) [$EXOMIR_MIRROR]");
    app.add_option("--retries", o.retries, "retries of a transient failure")
        ->capture_default_str()
        ->check(CLI::Range(0, 100));
    app.add_option("--retry-wait", o.retry_wait, "seconds before the first retry (doubles each time)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 3600.0));
    add_common_options(app, common);
    if (const int rc = parse_command_line(app, argc, argv); rc >= 0) return rc;
    const auto threads = apply_threads(common, "reference fetch");
    o.progress = !common.quiet;
    if (o.mirror.empty())
        if (const char* env = std::getenv("EXOMIR_MIRROR")) o.mirror = env;
    if (table.empty()) table = curated_reference_dir() + "/sources.tsv";
    std::vector<std::string> names;
    for (auto n : split(sources_csv, ','))
        if (!trim_ws(n).empty()) names.emplace_back(trim_ws(n));
    const auto sources = select_sources(load_sources(table), names);
    const auto fetched = fetch_sources(sources, o);
    log_info(fmt::format("{} file{} fetched into {} ({} source{}; see {}/fetch.json)", fetched.size(),
                         fetched.size() == 1 ? "" : "s", o.out_dir, sources.size(), sources.size() == 1 ? "" : "s",
                         o.out_dir));
    return 0;
}

}  // namespace exomir
