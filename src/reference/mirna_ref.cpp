// mirna_ref.cpp: loading miRBase mature/hairpin FASTA and placing matures on hairpins.
#include "exomir/reference/mirna_ref.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/error.hpp"
#include "exomir/core/fasta.hpp"
#include "exomir/core/io.hpp"

namespace exomir {
namespace {

std::string first_existing(const std::string& dir, std::initializer_list<const char*> names) {
    for (const char* n : names) {
        const std::string p = (std::filesystem::path(dir) / n).string();
        if (file_exists(p)) return p;
    }
    return {};
}

// Keeps records of one species (name prefix "hsa-"), checks names are unique.
std::vector<FastaRecord> species_records(const std::string& path, const std::string& species, std::size_t& n_total) {
    // Letters are checked after the species filter: other species in all-species miRBase files
    // carry IUPAC codes that must not stop a human run.
    std::vector<FastaRecord> all = read_fasta(path, false);
    n_total = all.size();
    std::vector<FastaRecord> kept;
    const std::string prefix = species + "-";
    for (auto& r : all) {
        if (!species.empty() && r.id.rfind(prefix, 0) != 0) continue;
        if (!normalise_nucleotides(r.seq))
            throw Error(
                fmt::format("{}:{}: record '{}' has letters other than ACGTUN; fix the sequence", path, r.line, r.id));
        kept.push_back(std::move(r));
    }
    std::unordered_set<std::string> seen;
    for (const auto& r : kept)
        if (!seen.insert(r.id).second)
            throw Error(
                fmt::format("{}:{}: duplicate name '{}'; every record needs a unique name", path, r.line, r.id));
    return kept;
}

std::string accession_of(const FastaRecord& r) {
    const std::size_t sp = r.description.find_first_of(" \t");
    return r.description.substr(0, sp);
}

}  // namespace

std::vector<std::string> shipped_reference_candidates() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    const std::filesystem::path bin = exe.parent_path();
    return {(bin / EXOMIR_BIN_TO_REFERENCE).lexically_normal().string(),  // CMake: ../share/exomir/reference
            (bin / "share" / "exomir" / "reference").lexically_normal().string()};
}

std::string curated_reference_dir() {
    if (const char* env = std::getenv("EXOMIR_REFERENCE_DIR"); env && *env) {
        if (!dir_exists(env))
            throw Error(
                fmt::format("{}: EXOMIR_REFERENCE_DIR is not a directory; unset it or point it to a "
                            "folder with modules.tsv and interactions.tsv",
                            env));
        return env;
    }
    const std::vector<std::string> candidates = shipped_reference_candidates();
    for (const auto& c : candidates)
        if (file_exists(c + "/modules.tsv")) return c;
    throw Error(
        fmt::format("exomir's reference folder not found (no modules.tsv in {}); reinstall exomir or set "
                    "EXOMIR_REFERENCE_DIR to its share/exomir/reference folder",
                    candidates.empty() ? std::string("(/proc/self/exe unreadable)")
                                       : fmt::format("{}", fmt::join(candidates, ", "))));
}

std::string reference_file(const std::string& reference_dir, const std::string& name) {
    if (!reference_dir.empty()) {
        const std::string p = (std::filesystem::path(reference_dir) / name).string();
        if (path_exists(p)) return p;
    }
    return (std::filesystem::path(curated_reference_dir()) / name).string();
}

ReferencePaths resolve_reference_paths(const std::string& reference_dir, ReferencePaths given) {
    if (!reference_dir.empty()) {
        if (!dir_exists(reference_dir))
            throw Error(fmt::format("{}: reference directory not found; pass a folder with mature.fa and hairpin.fa",
                                    reference_dir));
        if (given.mature.empty())
            given.mature = first_existing(reference_dir,
                                          {"mature.fa", "mature.fa.gz", "hsa_matures_miRBase_v22.fa", "mature_hsa.fa"});
        if (given.hairpin.empty())
            given.hairpin = first_existing(
                reference_dir, {"hairpin.fa", "hairpin.fa.gz", "hsa_hairpins_miRBase_v22.fa", "hairpin_hsa.fa"});
        if (given.mature.empty() || given.hairpin.empty())
            throw Error(
                fmt::format("{}: no mature.fa/hairpin.fa (plain or .gz) in this directory; pass --mature and "
                            "--hairpin explicitly",
                            reference_dir));
        given.description = fmt::format("reference directory {}", reference_dir);
    } else if (given.mature.empty() && given.hairpin.empty()) {
        given.mature = std::string(k_optimir_fasta_dir) + "/hsa_matures_miRBase_v22.fa";
        given.hairpin = std::string(k_optimir_fasta_dir) + "/hsa_hairpins_miRBase_v22.fa";
        if (!file_exists(given.mature) || !file_exists(given.hairpin))
            throw Error(
                fmt::format("{}: default miRBase 22 reference not found; install the Debian package 'optimir' "
                            "(make deps) or pass --reference DIR / --mature and --hairpin",
                            given.mature));
        given.description = "human miRBase 22 from the Debian package optimir";
    } else if (given.mature.empty() || given.hairpin.empty()) {
        throw UsageError("--mature and --hairpin must be given together");
    } else {
        given.description = "user-supplied FASTA";
    }
    for (const std::string* p : {&given.mature, &given.hairpin})
        if (!file_exists(*p)) throw Error(fmt::format("{}: no such file; check the path", *p));
    return given;
}

MirnaReference load_mirna_reference(const ReferencePaths& paths) {
    MirnaReference ref;
    ref.species = paths.species;
    ref.mature_path = paths.mature;
    ref.hairpin_path = paths.hairpin;
    std::size_t n_mature_all = 0, n_hairpin_all = 0;
    auto mature_recs = species_records(paths.mature, paths.species, n_mature_all);
    auto hairpin_recs = species_records(paths.hairpin, paths.species, n_hairpin_all);
    if (mature_recs.empty())
        throw Error(
            fmt::format("{}: unknown species '{}': none of the {} entries starts with '{}-'; use a miRBase "
                        "prefix such as hsa or mmu",
                        paths.mature, paths.species, n_mature_all, paths.species));
    if (hairpin_recs.empty())
        throw Error(fmt::format("{}: unknown species '{}': none of the {} hairpins starts with '{}-'", paths.hairpin,
                                paths.species, n_hairpin_all, paths.species));

    for (auto& r : mature_recs) ref.matures.push_back({r.id, accession_of(r), std::move(r.seq)});
    for (auto& r : hairpin_recs) ref.hairpins.push_back({r.id, accession_of(r), std::move(r.seq), {}});
    std::sort(ref.matures.begin(), ref.matures.end(), [](const Mature& a, const Mature& b) { return a.name < b.name; });
    std::sort(ref.hairpins.begin(), ref.hairpins.end(),
              [](const Hairpin& a, const Hairpin& b) { return a.name < b.name; });

    for (std::uint32_t i = 0; i < ref.matures.size(); ++i) {
        ref.index_.emplace(ref.matures[i].name, i);
        if (!ref.matures[i].accession.empty()) ref.index_.emplace(ref.matures[i].accession, i);
    }

    // Place matures: index each mature's first 12-mer (a few thousand keys), slide over every hairpin once, verify
    // the rest. (Indexing every hairpin 12-mer instead cost ~150k small vectors: half of quant's start-up.)
    constexpr std::size_t k = 12;
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_prefix;
    for (std::uint32_t m = 0; m < ref.matures.size(); ++m)
        if (ref.matures[m].seq.size() >= k) by_prefix[std::string_view(ref.matures[m].seq).substr(0, k)].push_back(m);
    std::vector<bool> placed(ref.matures.size(), false);
    for (std::uint32_t h = 0; h < ref.hairpins.size(); ++h) {
        const std::string_view hs = ref.hairpins[h].seq;
        for (std::uint32_t p = 0; p + k <= hs.size(); ++p) {
            const auto it = by_prefix.find(hs.substr(p, k));
            if (it == by_prefix.end()) continue;
            for (const std::uint32_t m : it->second) {
                const std::string& seq = ref.matures[m].seq;
                if (hs.substr(p).starts_with(seq)) {
                    ref.hairpins[h].matures.push_back({m, p, static_cast<std::uint32_t>(p + seq.size())});
                    placed[m] = true;
                }
            }
        }
    }
    ref.n_matures_unplaced = static_cast<std::size_t>(std::count(placed.begin(), placed.end(), false));
    for (auto& h : ref.hairpins)
        std::sort(h.matures.begin(), h.matures.end(), [](const MatureLocus& a, const MatureLocus& b) {
            return a.start < b.start || (a.start == b.start && a.mature < b.mature);
        });
    return ref;
}

std::int64_t MirnaReference::find_mature(const std::string& name_or_accession) const {
    const auto it = index_.find(name_or_accession);
    return it == index_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

}  // namespace exomir
