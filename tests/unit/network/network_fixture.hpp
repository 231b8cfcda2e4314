// network_fixture.hpp: the small network of tests/data/network_* that the network unit tests build on.
#pragma once

#include <string>

#include "exomir/network/graph.hpp"
#include "exomir/network/network_input.hpp"

namespace exomir::test {

/// The inputs of the fixture network: network_counts.tsv (all samples, or only `sample`; min CPM 10),
/// network_targets.tsv, network_modules.tsv, network_extra.gmt and network_ppi.tsv.
inline NetworkInputs network_fixture_inputs(const std::string& sample = "") {
    const std::string data = EXOMIR_SOURCE_DIR "/tests/data/";
    NetworkInputs in;
    const auto counts = read_counts(data + "network_counts.tsv");
    in.abundance = compute_abundance(counts, select_samples(counts, nullptr, {sample, "", "", {}}), 10);
    in.targets = read_targets(data + "network_targets.tsv");
    in.modules = read_modules(data + "network_modules.tsv");
    in.gene_sets = read_gmt(data + "network_extra.gmt");
    in.ppi = read_ppi(data + "network_ppi.tsv");
    return in;
}

/// build_network(network_fixture_inputs(sample)).
inline Network network_fixture(const std::string& sample = "") { return build_network(network_fixture_inputs(sample)); }

}  // namespace exomir::test
