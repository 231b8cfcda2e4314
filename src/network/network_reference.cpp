// network_reference.cpp: the files of a reference bundle (`network --reference DIR`) that network reads.
#include "exomir/network/network_reference.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {

void use_reference_dir(NetworkArgs& opt) {
    namespace fs = std::filesystem;
    const std::string& dir = opt.reference_dir;
    if (!dir.empty()) {
        if (!dir_exists(dir))
            throw Error(
                fmt::format("{}: --reference is not a directory; pass a bundle of 'exomir reference build'", dir));
        if (opt.targets.empty() && file_exists(dir + "/targets.tsv")) opt.targets = dir + "/targets.tsv";
        if (opt.ppi.empty() && file_exists(dir + "/ppi.tsv")) opt.ppi = dir + "/ppi.tsv";
        opt.reference_gmt.clear();
        if (dir_exists(dir + "/gmt"))
            for (const auto& e : fs::directory_iterator(dir + "/gmt"))
                if (e.path().extension() == ".gmt") opt.reference_gmt.push_back(e.path().string());
        std::sort(opt.reference_gmt.begin(), opt.reference_gmt.end());  // a fixed order: same bytes every run
    }
    if (opt.modules.empty()) opt.modules = reference_file(dir, "modules.tsv");
}

}  // namespace exomir
