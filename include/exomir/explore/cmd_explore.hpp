// cmd_explore.hpp: `exomir explore` as a function (run_explore) and its command-line front end (cmd_explore).
#pragma once

#include <string>
#include <vector>

#include "exomir/explore/explore.hpp"

namespace exomir {

/// Everything `exomir explore` is asked to do; the defaults are the command line's.
struct ExploreArgs {
    std::string dir;                 ///< result folder of `exomir network` (required)
    std::string aliases;             ///< --aliases table
    std::string mirbase_diff;        ///< --mirbase-diff directory
    std::string history;             ///< --history FILE of the interactive prompt
    std::string format = "auto";     ///< --format
    std::string out;                 ///< -o FILE ("" = stdout)
    std::vector<std::string> words;  ///< the query; empty = interactive prompt
    QueryOptions query;
    long top = -1;  ///< -1: 30 rows as text, all otherwise
};

/// Answers one query, or opens the interactive prompt when `words` is empty.
/// @return the exit code (0).
int run_explore(const ExploreArgs& args);

/// `exomir explore ARGS...`: parses argv into ExploreArgs and calls run_explore.
int cmd_explore(int argc, char** argv);

}  // namespace exomir
