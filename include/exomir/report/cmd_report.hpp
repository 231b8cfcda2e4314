// cmd_report.hpp: `exomir report` as a function (run_report) and its command-line front end (cmd_report).
#pragma once

#include <string>

namespace exomir {

/// Everything `exomir report` is asked to do.
struct ReportArgs {
    std::string samples;       ///< --samples: the run's sample sheet (required)
    std::string out_dir;       ///< results folder of `exomir run` or the workflow (required)
    bool no_graphviz = false;  ///< --no-graphviz: always draw the network picture inline
};

/// Writes report.html and the MultiQC files into out_dir. Throws Error; the caller has applied --threads.
/// @return the exit code (0).
int run_report(const ReportArgs& args);

/// `exomir report ARGS...`: parses argv into ReportArgs and calls run_report.
int cmd_report(int argc, char** argv);

}  // namespace exomir
