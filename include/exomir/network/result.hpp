// result.hpp: the network bundle, the compact TSV form of a Network that `rank` and `explore` load (docs/formats.md).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "exomir/network/graph.hpp"

namespace exomir {

/// The bundle files as (file name, content) pairs, in the order written: bundle.mirnas.tsv, bundle.genes.tsv,
/// bundle.targets.tsv, bundle.modules.tsv, bundle.members.tsv, bundle.ppi.tsv. Doubles are printed in the
/// shortest form that reads back to the same value, so read_bundle(write) == the network.
std::vector<std::pair<std::string, std::string>> bundle_files(const Network& net);

/// Loads a bundle written by `exomir network -o dir`. Throws Error naming file:line for a missing file,
/// a wrong header, a bad index or number. The result equals the Network that was written (counts excepted).
Network read_bundle(const std::string& dir);

}  // namespace exomir
