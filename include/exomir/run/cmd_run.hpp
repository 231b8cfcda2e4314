// cmd_run.hpp: `exomir run` as a function (run_pipeline) and its command-line front end (cmd_run).
#pragma once

#include "exomir/run/run.hpp"

namespace exomir {

/// Runs the steps of plan_run that are not up to date, each through its stage function, and records them in
/// <out_dir>/run.json. Throws UsageError/Error; the caller has applied --threads and --quiet (apply_threads).
/// @return the exit code (0).
int run_pipeline(const RunOptions& o);

/// `exomir run ARGS...`: parses argv into RunOptions and calls run_pipeline.
int cmd_run(int argc, char** argv);

}  // namespace exomir
