// run_layout.cpp: the results folder's layout (quant/, counts/, targets/, net/, rank/, report.html).
#include "exomir/core/run_layout.hpp"

#include <filesystem>

namespace exomir {

namespace {

std::string join(const std::string& dir, const std::string& name) {
    return (std::filesystem::path(dir) / name).lexically_normal().string();
}

}  // namespace

RunLayout::RunLayout(const std::string& out)
    : out_dir(out),
      quant_dir(join(out, "quant")),
      counts_dir(join(out, "counts")),
      targets_tsv(join(out, "targets/targets.tsv")),
      net_dir(join(out, "net")),
      rank_dir(join(out, "rank")),
      report_html(join(out, "report.html")) {}

}  // namespace exomir
