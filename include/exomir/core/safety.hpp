// safety.hpp: the one rule for sample names, and the guard that keeps outputs off the user's inputs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace exomir {

/// The one sample-name rule, used by the sample sheet, `quant --sample`, merge and network tables:
/// 1-128 characters of A-Z a-z 0-9 '_' '-' '.', not starting with '.' or '-'. Such a name is safe as a file name,
/// a TSV header field, a mirGFF3 COLDATA value and in HTML/DOT/JSON.
bool valid_sample_name(std::string_view name);
/// The rule in words, for error messages.
std::string_view sample_name_rule();
/// "sample name 'S1\nS2' is not allowed: <rule>", the name shown with its control characters escaped.
std::string sample_name_problem(std::string_view name);

/// Records `path` as an input of this run (readers call it when they open a file). Streams ("-", pipes) are ignored.
void note_input(const std::string& path);
/// Throws UsageError (exit 2) if `output` is an existing file that is one of the recorded inputs: same realpath or
/// same device and inode (hard links, symlinks). Called by AtomicFile before it creates a temp file and again before
/// OutputSet renames anything, so a refused run touches nothing.
void check_not_an_input(const std::string& output);
/// Forgets every recorded input (tests; a command runs in its own process).
void clear_inputs();

/// True for "-", /dev/stdin and anything that is not a regular file or directory (pipe, FIFO, <(zcat f.gz)).
bool is_stream(const std::string& path);

/// Throws UsageError if two of `paths` are the same file (same device and inode): a lane given twice would count
/// every read twice. `allow_option` names the option that allows it (e.g. "--allow-duplicate-lanes").
void check_distinct_files(const std::vector<std::string>& paths, std::string_view allow_option);

}  // namespace exomir
