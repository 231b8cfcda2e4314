// process.hpp: running an external program (Graphviz `dot`) without a shell; the process's own heap pages.
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

/// Re-executes this program once, with the same arguments, asking glibc's malloc to back its heap with transparent
/// huge pages (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, read only at start-up): first touching a 4 KB page costs a
/// page fault, and quant's heap (tens to hundreds of MB) then takes ~15,000 faults per 4M reads. Only when the
/// kernel gives huge pages on request (transparent_hugepage "madvise"), GLIBC_TUNABLES does not already set
/// glibc.malloc.hugetlb (so `glibc.malloc.hugetlb=0` turns this off, and the new process does not re-execute), and
/// the build has no sanitizer. Returns (doing nothing) when any of these fails, or when exec fails; call it first in
/// main, before any thread or handler exists.
void reexec_with_huge_page_heap(char** argv);

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
