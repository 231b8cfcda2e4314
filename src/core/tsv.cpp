// tsv.cpp: TsvHeader (names, repeats, lookups) and TsvReader (header + rows with field-count checks).
#include "exomir/core/tsv.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "exomir/core/error.hpp"

namespace exomir {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

std::string with_fix(std::string message, std::string_view fix) {
    if (!fix.empty()) message += fmt::format("; {}", fix);
    return message;
}

}  // namespace

TsvHeader::TsvHeader(std::string_view line, std::string path, Repeats repeats) : path_(std::move(path)) {
    if (line.starts_with(k_bom)) line.remove_prefix(k_bom.size());
    for (const auto f : split_tabs(line)) names_.emplace_back(trim_ws(f));
    check(repeats);
}

TsvHeader::TsvHeader(std::vector<std::string> names, std::string path, Repeats repeats)
    : path_(std::move(path)), names_(std::move(names)) {
    if (!names_.empty() && names_[0].starts_with(k_bom)) names_[0].erase(0, k_bom.size());
    for (auto& n : names_) n = std::string(trim_ws(n));
    check(repeats);
}

void TsvHeader::check(Repeats repeats) const {
    if (repeats == Repeats::allow) return;
    if (const auto r = repeated(); !r.empty())
        throw Error(
            fmt::format("{}:1: column '{}' appears twice in the header; rename or remove one", path_, r.front()));
}

std::vector<std::string> TsvHeader::repeated() const {
    std::vector<std::string> out;
    for (auto it = names_.begin(); it != names_.end(); ++it)
        if (!it->empty() && std::find(names_.begin(), it, *it) != it &&
            std::find(out.begin(), out.end(), *it) == out.end())
            out.push_back(*it);
    return out;
}

int TsvHeader::find(std::string_view name) const {
    const auto it = std::find(names_.begin(), names_.end(), name);
    return it == names_.end() ? -1 : static_cast<int>(it - names_.begin());
}

int TsvHeader::find_any(std::initializer_list<std::string_view> candidates,
                        std::string (*key)(std::string_view)) const {
    for (const auto c : candidates)
        for (std::size_t i = 0; i < names_.size(); ++i)
            if (key(names_[i]) == c) return static_cast<int>(i);
    return -1;
}

std::size_t TsvHeader::require(std::string_view name, std::string_view fix) const {
    const int i = find(name);
    if (i < 0)
        throw Error(
            fmt::format("{}:1: missing column '{}' (header has: {}); {}", path_, name, fmt::join(names_, ", "), fix));
    return static_cast<std::size_t>(i);
}

std::vector<std::size_t> TsvHeader::require(std::initializer_list<std::string_view> names, std::string_view fix) const {
    std::vector<std::size_t> out;
    for (const auto n : names) out.push_back(require(n, fix));
    return out;
}

TsvReader::TsvReader(const std::string& path, std::string_view what, std::string fix)
    : in_(path), fix_(std::move(fix)) {
    if (!in_.next(line_)) throw Error(with_fix(fmt::format("{}: empty file; expected {}", path, what), fix_));
    header_ = TsvHeader(line_, path);
}

std::size_t TsvReader::require(std::string_view name) const {
    return header_.require(name, fix_.empty() ? std::string_view("fix the header") : std::string_view(fix_));
}

bool TsvReader::next_line() {
    while (in_.next(line_))
        if (!trim_ws(line_).empty()) return true;
    return false;
}

bool TsvReader::next(std::vector<std::string_view>& fields) {
    if (!next_line()) return false;
    fields = split_tabs(line_);
    if (fields.size() != header_.size())
        throw Error(with_fix(fmt::format("{}{} fields but the header has {}; every row needs one value per column",
                                         in_.where(), fields.size(), header_.size()),
                             fix_));
    return true;
}

bool TsvReader::next_at_least(std::vector<std::string_view>& fields, std::size_t min_fields) {
    if (!next_line()) return false;
    fields = split_tabs(line_);
    if (fields.size() < min_fields)
        throw Error(with_fix(
            fmt::format("{}expected at least {} columns, got {}", in_.where(), min_fields, fields.size()), fix_));
    return true;
}

}  // namespace exomir
