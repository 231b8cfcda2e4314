// safety.cpp: sample-name rule, input registry and output-over-input guard, duplicate-file check.
#include "exomir/core/safety.hpp"

#include <sys/stat.h>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/escape.hpp"

namespace exomir {

namespace {

struct InputFile {
    std::string path, real;
    dev_t dev = 0;
    ino_t ino = 0;
};

std::mutex g_inputs_mutex;
std::vector<InputFile> g_inputs;

std::string real_path(const std::string& path) {
    std::error_code ec;
    const auto p = std::filesystem::canonical(path, ec);
    return ec ? std::string() : p.string();
}

}  // namespace

bool valid_sample_name(std::string_view s) {
    return !s.empty() && s.size() <= 128 && s.front() != '.' && s.front() != '-' &&
           std::all_of(s.begin(), s.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
           });
}

std::string_view sample_name_rule() {
    return "use 1-128 letters, digits, '_', '-' or '.', not starting with '.' or '-'";
}

std::string sample_name_problem(std::string_view name) {
    return fmt::format("sample name {} is not allowed: {}", shown(name), sample_name_rule());
}

void note_input(const std::string& path) {
    if (path.empty() || is_stream(path)) return;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return;
    const std::lock_guard lock(g_inputs_mutex);
    for (const auto& in : g_inputs)
        if (in.dev == st.st_dev && in.ino == st.st_ino) return;
    g_inputs.push_back({path, real_path(path), st.st_dev, st.st_ino});
}

void check_not_an_input(const std::string& output) {
    struct stat st {};
    if (::stat(output.c_str(), &st) != 0) return;  // a new file cannot be an input
    const std::string real = real_path(output);
    const std::lock_guard lock(g_inputs_mutex);
    for (const auto& in : g_inputs)
        if ((in.dev == st.st_dev && in.ino == st.st_ino) || (!real.empty() && real == in.real))
            throw UsageError(fmt::format(
                "output {} is the input {}; writing it would destroy the input: choose another output path or folder",
                output, in.path));
}

void clear_inputs() {
    const std::lock_guard lock(g_inputs_mutex);
    g_inputs.clear();
}

bool is_stream(const std::string& path) {
    if (path == "-" || path == "/dev/stdin") return true;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    return !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

void check_distinct_files(const std::vector<std::string>& paths, std::string_view allow_option) {
    std::vector<std::pair<std::pair<dev_t, ino_t>, std::size_t>> seen;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        struct stat st {};
        if (paths[i] == "-" || ::stat(paths[i].c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        for (const auto& [key, j] : seen)
            if (key == std::make_pair(st.st_dev, st.st_ino))
                throw UsageError(
                    fmt::format("{} and {} are the same file: its reads would be counted twice; give each "
                                "lane once (or {} if that is really meant)",
                                paths[j], paths[i], allow_option));
        seen.emplace_back(std::make_pair(st.st_dev, st.st_ino), i);
    }
}

}  // namespace exomir
