// network_reference.hpp: the files of a reference bundle (`network --reference DIR`) that network reads.
#pragma once

#include "exomir/network/cmd_network.hpp"

namespace exomir {

/// Fills what `--reference DIR` provides and no option names: targets (DIR/targets.tsv), ppi (DIR/ppi.tsv),
/// reference_gmt (DIR/gmt/*.gmt, sorted) and modules (reference_file(DIR, "modules.tsv")). Idempotent; run_network
/// calls it, and `exomir run` to list the step's inputs. Throws Error when DIR is not a directory.
void use_reference_dir(NetworkArgs& args);

}  // namespace exomir
