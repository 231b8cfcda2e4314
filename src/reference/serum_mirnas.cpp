// serum_mirnas.cpp: reader of the known culture-medium (FBS) miRNA table.
#include "exomir/reference/serum_mirnas.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/tsv.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {
namespace {

bool valid_citation(std::string_view c) {
    if (c.rfind("PMID:", 0) == 0)
        return c.size() > 5 &&
               std::all_of(c.begin() + 5, c.end(), [](char x) { return std::isdigit(static_cast<unsigned char>(x)); });
    return c.rfind("doi:10.", 0) == 0 && c.find('/') != std::string_view::npos;
}

}  // namespace

std::vector<SerumMirna> read_serum_mirnas(const std::string& path) {
    const std::string fix = "one row per miRNA and citation: mirna, evidence, citation (PMID:N or doi:10.x/y)";
    TsvReader in(path, "the header mirna, evidence, citation", fix);
    const auto cols = in.header().require({"mirna", "evidence", "citation"}, fix);
    std::vector<SerumMirna> out;
    std::vector<std::string_view> f;
    while (in.next(f)) {
        const std::string_view mirna = f[cols[0]], evidence = f[cols[1]], citation = f[cols[2]];
        if (mirna.empty() || evidence.empty())
            throw Error(fmt::format("{}empty mirna or evidence; {}", in.where(), fix));
        if (!valid_citation(citation))
            throw Error(fmt::format("{}citation '{}' is not PMID:N or doi:10.x/y; {}", in.where(), citation, fix));
        auto it = std::find_if(out.begin(), out.end(), [&](const SerumMirna& s) { return s.mirna == mirna; });
        if (it == out.end()) it = out.insert(out.end(), SerumMirna{std::string(mirna), {}, {}});
        it->evidence.emplace_back(evidence);
        it->citations.emplace_back(citation);
    }
    return out;
}

std::string default_serum_mirnas_path() { return curated_reference_dir() + "/serum_mirnas.tsv"; }

}  // namespace exomir
