// cmd_reference_build.hpp: the `exomir reference build` front end, and the `exomir reference` entry of the command
// table. Both live in the targets stage: a bundle's targets.tsv is made by the targets loaders, and reference (below
// targets) must not include targets, so the dispatch to `build` is made here (allowed arrow targets -> reference).
#pragma once

namespace exomir {

/// `exomir reference build DIR [options]`: argv[0] is "build". @return the exit code.
int cmd_reference_build(int argc, char** argv);

/// `exomir reference ...`: `build` goes to cmd_reference_build; fetch, check and describe to cmd_reference.
/// @return the exit code.
int cmd_reference_command(int argc, char** argv);

}  // namespace exomir
