// cmd_reference_fetch.hpp: the `exomir reference fetch` front end (download the genome-scale sources).
#pragma once

namespace exomir {

/// `exomir reference fetch [options]`: argv[0] is "fetch". cmd_reference dispatches to it.
/// @return the exit code.
int cmd_reference_fetch(int argc, char** argv);

}  // namespace exomir
