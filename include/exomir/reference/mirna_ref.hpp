// mirna_ref.hpp: the miRBase-style miRNA reference (mature + hairpin) shared by quant and targets.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace exomir {

/// A mature miRNA entry of mature.fa (one per MIMAT accession).
struct Mature {
    std::string name;       ///< e.g. hsa-miR-21-5p
    std::string accession;  ///< e.g. MIMAT0000076
    std::string seq;        ///< upper-case DNA letters
};

/// Where a mature sequence lies in a hairpin: 0-based, half-open [start, end).
struct MatureLocus {
    std::uint32_t mature = 0;  ///< index into MirnaReference::matures
    std::uint32_t start = 0;
    std::uint32_t end = 0;
};

/// A precursor hairpin of hairpin.fa with the matures located in it.
struct Hairpin {
    std::string name;                  ///< e.g. hsa-mir-21
    std::string accession;             ///< e.g. MI0000077
    std::string seq;                   ///< upper-case DNA letters
    std::vector<MatureLocus> matures;  ///< sorted by start
};

/// Paths of a reference. Empty paths mean "use the default" (see resolve_reference_paths).
struct ReferencePaths {
    std::string mature;           ///< mature.fa(.gz)
    std::string hairpin;          ///< hairpin.fa(.gz)
    std::string gff3;             ///< optional miRBase GFF3 (coordinates); unused when empty
    std::string species = "hsa";  ///< miRBase species prefix; entries of other species are dropped
    std::string description;      ///< filled by resolve_reference_paths (where the files came from)
};

/// Directory of the miRBase 22 human FASTA files installed by the Debian package `optimir`.
inline constexpr const char* k_optimir_fasta_dir = "/usr/lib/python3/dist-packages/optimir/resources/fasta";

/// Where an installed or built exomir looks for its shipped reference, from the running binary's own path
/// (/proc/self/exe): <bin>/../share/exomir/reference (installed: /usr/bin -> /usr/share/exomir/reference), then
/// <bin>/share/exomir/reference (the build tree, where CMake links it to the checkout's reference/).
/// Empty when /proc/self/exe cannot be read.
std::vector<std::string> shipped_reference_candidates();

/// Directory of the reference shipped with exomir (modules.tsv, interactions.tsv, other_rna/, sources.tsv):
/// $EXOMIR_REFERENCE_DIR if set (Error when it is not a directory), else the first of
/// shipped_reference_candidates() holding modules.tsv. No source path is compiled in. Throws Error naming every
/// folder searched when none is found.
std::string curated_reference_dir();

/// `name` (e.g. "modules.tsv", "other_rna/human_other_rna.fa.gz") inside the user's `--reference DIR` when it is
/// there (a bundle of `exomir reference build` holds modules.tsv, interactions.tsv, targets.tsv, ppi.tsv, gmt/),
/// else inside curated_reference_dir(). The path may not exist; throws what curated_reference_dir() throws.
std::string reference_file(const std::string& reference_dir, const std::string& name);

/// Fills mature/hairpin from `--reference DIR` (looks for mature.fa[.gz], hairpin.fa[.gz], or the
/// optimir file names) or, when both are empty and no dir is given, the optimir miRBase 22 files.
/// Throws Error if a file is missing, naming it and how to fix it.
ReferencePaths resolve_reference_paths(const std::string& reference_dir, ReferencePaths given);

/// The loaded reference of one species.
struct MirnaReference {
    std::vector<Mature> matures;    ///< sorted by name
    std::vector<Hairpin> hairpins;  ///< sorted by name
    std::string species;
    std::string mature_path, hairpin_path;
    std::size_t n_matures_unplaced = 0;  ///< matures found in no hairpin (still usable for targets)

    /// Index of a mature by exact name or accession; -1 if absent.
    std::int64_t find_mature(const std::string& name_or_accession) const;

  private:
    std::unordered_map<std::string, std::uint32_t> index_;
    friend MirnaReference load_mirna_reference(const ReferencePaths& paths);
};

/// Loads mature + hairpin FASTA, keeps `paths.species` entries, and places each mature in every
/// hairpin that contains its exact sequence. Throws Error for: missing files, duplicate names,
/// empty sequences, no entry of the species ("unknown species 'xyz': none of the N entries ...").
MirnaReference load_mirna_reference(const ReferencePaths& paths);

}  // namespace exomir
