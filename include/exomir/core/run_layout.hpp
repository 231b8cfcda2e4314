// run_layout.hpp: where the outputs of a run live in its results folder; `exomir run` writes them there and
// `exomir report` reads them from there (the Snakemake workflow uses the same layout).
#pragma once

#include <string>

namespace exomir {

/// The results folder's layout, as paths joined to `out` and normalised (lexically, no file-system access).
struct RunLayout {
    std::string out_dir, quant_dir, counts_dir, targets_tsv, net_dir, rank_dir, report_html;
    explicit RunLayout(const std::string& out);
};

}  // namespace exomir
