// cmd_reference.cpp: the `exomir reference` front end: check or describe a reference bundle (writes no file).
#include <cstdio>
#include <filesystem>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/reference/cmd_reference.hpp"
#include "exomir/reference/cmd_reference_fetch.hpp"
#include "exomir/reference/curated.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {
namespace {

std::vector<std::string> validate(const ReferenceArgs& o) {
    std::vector<std::string> problems;
    if (!o.format.empty() && o.action != "describe") problems.push_back("--format applies to 'describe' only");
    if (o.ref.mature.empty() != o.ref.hairpin.empty() && o.reference_dir.empty())
        problems.push_back("--mature and --hairpin go together (or pass --reference DIR)");
    return problems;
}

/// The three curated tables of a bundle (a path is empty when its file is missing).
struct CuratedPaths {
    std::string modules, gmt, interactions;
};

CuratedPaths curated_paths(const std::string& dir, std::vector<std::string>& missing) {
    const auto path = [&](const char* name) {
        const std::string p = (std::filesystem::path(dir) / name).string();
        if (file_exists(p)) return p;
        missing.push_back(
            fmt::format("{}: file not found; a reference bundle needs modules.tsv, modules.gmt and "
                        "interactions.tsv (pass --curated-dir DIR)",
                        p));
        return std::string();
    };
    return {path("modules.tsv"), path("modules.gmt"), path("interactions.tsv")};
}

std::string loaded_summary(const MirnaReference& ref) {
    return fmt::format("{}: {} matures, {} hairpins", ref.species, ref.matures.size(), ref.hairpins.size());
}

int run_check(const MirnaReference& ref, const CuratedPaths& p, std::vector<std::string> problems) {
    std::size_t n_modules = 0, n_interactions = 0;
    if (!p.modules.empty()) {
        const TextTable modules = read_text_table(p.modules);
        const auto more = check_modules(modules);
        problems.insert(problems.end(), more.begin(), more.end());
        n_modules = summarise_modules(modules).size();
        if (!p.gmt.empty()) {
            const auto gmt = check_modules_gmt(read_text_table(p.gmt), modules);
            problems.insert(problems.end(), gmt.begin(), gmt.end());
        }
    }
    if (!p.interactions.empty()) {
        const TextTable interactions = read_text_table(p.interactions);
        const auto more = check_interactions(interactions, ref);
        problems.insert(problems.end(), more.begin(), more.end());
        n_interactions = interactions.rows.empty() ? 0 : interactions.rows.size() - 1;
    }
    if (!problems.empty()) {
        for (const auto& pr : problems) fmt::print(stderr, "{}\n", pr);
        throw Error(
            fmt::format("{} problem{} in the reference bundle (listed above); fix them and run "
                        "'exomir reference check' again",
                        problems.size(), problems.size() == 1 ? "" : "s"));
    }
    fmt::print("ok: {}; {} modules, {} interactions\n", loaded_summary(ref), n_modules, n_interactions);
    return 0;
}

SourceFile source_file(const std::string& role, const std::string& path) {
    return {role, path, file_size(path), file_md5(path)};
}

int run_describe(const MirnaReference& ref, const CuratedPaths& p, const std::string& format) {
    ReferenceDescription d{ref.species,
                           ref.matures.size(),
                           ref.hairpins.size(),
                           ref.n_matures_unplaced,
                           {source_file("mature", ref.mature_path), source_file("hairpin", ref.hairpin_path)},
                           {},
                           {},
                           0};
    const TextTable modules = read_text_table(p.modules);
    const TextTable interactions = read_text_table(p.interactions);
    d.files.push_back(source_file("modules", p.modules));
    d.files.push_back(source_file("modules_gmt", p.gmt));
    d.files.push_back(source_file("interactions", p.interactions));
    d.modules = summarise_modules(modules);
    d.effects = count_effects(interactions);
    for (const auto& [effect, n] : d.effects) d.n_interactions += n;
    fmt::print("{}", format_description(d, format.empty() ? "text" : format));
    if (std::fflush(stdout) != 0 || std::ferror(stdout))
        throw Error("cannot write to stdout (disk full or closed pipe?)");
    return 0;
}

}  // namespace

int run_reference(const ReferenceArgs& o) {
    const LogAs log_as("reference");
    if (const auto problems = validate(o); !problems.empty())
        throw UsageError(fmt::format("{} (see 'exomir reference --help')", fmt::join(problems, "; ")));

    std::vector<std::string> missing;
    const CuratedPaths paths = curated_paths(o.curated_dir.empty() ? curated_reference_dir() : o.curated_dir, missing);
    if (o.action == "describe" && !missing.empty()) throw Error(missing.front());
    const MirnaReference ref = load_mirna_reference(resolve_reference_paths(o.reference_dir, o.ref));
    log_info(fmt::format("loaded {} ({}, {})", loaded_summary(ref), ref.mature_path, ref.hairpin_path));
    return o.action == "check" ? run_check(ref, paths, std::move(missing)) : run_describe(ref, paths, o.format);
}

int cmd_reference(int argc, char** argv) {
    if (argc >= 2 && std::string_view(argv[1]) == "fetch") return cmd_reference_fetch(argc - 1, argv + 1);
    CLI::App app{
        "check or describe a reference bundle: miRBase mature/hairpin FASTA + the curated tables\n"
        "(exomir reference fetch|build --help: download the genome-scale sources, build a bundle from them)\n\n"
        "example: exomir reference check\n"
        "         exomir reference describe --reference mirbase/ --curated-dir my_ref/ --format json",
        "exomir reference"};
    ReferenceArgs o;
    CommonOptions common;
    app.add_option("action", o.action, "check (list every problem, exit 1 if any) or describe (print contents)")
        ->required()
        ->check(CLI::IsMember({"check", "describe"}));
    app.add_option("--reference", o.reference_dir, "folder with mature.fa and hairpin.fa (plain or .gz)");
    app.add_option("--mature", o.ref.mature, "miRBase mature.fa(.gz) [optimir miRBase 22]");
    app.add_option("--hairpin", o.ref.hairpin, "miRBase hairpin.fa(.gz) [optimir miRBase 22]");
    app.add_option("--species", o.ref.species, "miRBase species prefix")->capture_default_str();
    app.add_option("--curated-dir", o.curated_dir,
                   "folder with modules.tsv, modules.gmt, interactions.tsv [reference/ or $EXOMIR_REFERENCE_DIR]");
    app.add_option("--format", o.format, "describe output: text, tsv or json [text]")
        ->check(CLI::IsMember({"text", "tsv", "json"}));
    add_common_options(app, common);
    return parse_and_run(app, common, argc, argv, [&] { return run_reference(o); });
}

}  // namespace exomir
