// mirgff3.cpp: the mirGFF3 reader (columns, attributes, Expression) shared by targets and report.
#include "exomir/quant/mirgff3.hpp"

#include <fmt/format.h>

#include "exomir/core/error.hpp"

namespace exomir {

std::string_view MirGffRecord::attribute(std::string_view key) const {
    for (auto part : split(attributes, ';')) {
        part = trim_ws(part);
        if (part.size() > key.size() && part.substr(0, key.size()) == key &&
            (part[key.size()] == '=' || part[key.size()] == ' '))
            return trim_ws(part.substr(key.size() + 1));
    }
    return {};
}

MirGffReader::MirGffReader(const std::string& path, std::string fix) : in_(path), fix_(std::move(fix)) {}

bool MirGffReader::next(MirGffRecord& rec) {
    while (in_.next(line_)) {
        if (line_.empty() || line_[0] == '#') continue;
        const auto f = split_tabs(line_);
        if (f.size() < 9)
            throw Error(
                fmt::format("{}expected 9 tab-separated mirGFF3 columns, got {}; {}", in_.where(), f.size(), fix_));
        rec.seqid = f[0];
        rec.type = f[2];
        rec.attributes = f[8];
        return true;
    }
    return false;
}

double MirGffReader::expression(const MirGffRecord& rec) const {
    double sum = 0.0;
    for (auto e : split(rec.attribute("Expression"), ','))
        if (!trim_ws(e).empty()) sum += parse_double(trim_ws(e), in_.where(), "Expression");
    return sum;
}

}  // namespace exomir
