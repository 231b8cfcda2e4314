// process.hpp: running an external program (Graphviz `dot`) without a shell.
#pragma once

#include <string>
#include <vector>

namespace exomir {

/// What became of an external program.
struct ProgramRun {
    bool started = false;  ///< false: not found on PATH or could not be spawned (see `error`)
    int exit_code = -1;    ///< the program's exit status; 128 + N if killed by signal N
    std::string error;     ///< why it failed, one line (spawn error or the first line it wrote to stderr)
    bool ok() const noexcept { return started && exit_code == 0; }
};

/// Runs argv[0] (looked up on PATH) with exactly these arguments through posix_spawnp: no shell, so quotes,
/// `$(...)`, spaces and globs in arguments are plain characters. stdin and stdout are /dev/null; the first line of
/// stderr is kept for `error`. Waits for the program to end.
ProgramRun run_program(const std::vector<std::string>& argv);

/// A private temporary directory (mkdtemp under $TMPDIR or /tmp) removed with everything in it on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const noexcept { return path_; }

  private:
    std::string path_;
};

}  // namespace exomir
