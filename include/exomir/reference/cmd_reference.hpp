// cmd_reference.hpp: `exomir reference` as a function (run_reference) and its command-line front end.
#pragma once

#include <string>

#include "exomir/reference/mirna_ref.hpp"

namespace exomir {

/// Everything `exomir reference` is asked to do.
struct ReferenceArgs {
    std::string action;         ///< check | describe (required)
    std::string reference_dir;  ///< folder with mature.fa + hairpin.fa; empty: --mature/--hairpin or optimir
    ReferencePaths ref;         ///< --mature, --hairpin, --species
    std::string curated_dir;    ///< empty: curated_reference_dir()
    std::string format;         ///< describe only; empty = text
};

/// Checks (every problem listed) or describes a reference bundle; writes no file.
/// @return the exit code: 1 when `check` found a problem, else 0.
int run_reference(const ReferenceArgs& args);

/// `exomir reference ARGS...`: parses argv into ReferenceArgs and calls run_reference.
int cmd_reference(int argc, char** argv);

}  // namespace exomir
