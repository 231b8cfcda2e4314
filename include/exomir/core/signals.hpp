// signals.hpp: SIGINT/SIGTERM leave no partial output: a signal-safe registry of AtomicFile temp paths.
#pragma once

#include <cstddef>
#include <string>

namespace exomir {

/// How the interrupt design works (STYLE.md section 5, "never leave a half-written output"):
/// - every AtomicFile registers its temp path here while the temp file may exist (io.cpp);
/// - main() calls install_signal_handlers() once; on SIGINT/SIGTERM the handler unlink()s every
///   registered temp path and calls _exit(128 + signal): exit 130 for SIGINT, 143 for SIGTERM;
/// - OutputSet::commit_all() runs inside a CommitGuard: a signal that arrives while the renames run
///   is held until the whole set is committed, then the process exits with 128 + signal.
/// The registry is a fixed array of slots guarded by atomics: no allocation, no locks, so the
/// handler (which may run on any thread) only reads plain memory and calls unlink() and _exit(),
/// both async-signal-safe. A handler that runs while another thread (un)registers a slot at most
/// unlinks a path that no longer exists, which is harmless.

/// Capacity of the registry (open temp files at one time) and the longest path it holds.
inline constexpr std::size_t k_max_temp_paths = 128;
inline constexpr std::size_t k_max_temp_path_length = 4096;

/// Registers a temp path to delete on SIGINT/SIGTERM. @return the slot for unregister_temp_path.
/// Throws Error if the registry is full or the path is too long (before the file is created).
int register_temp_path(const std::string& path);
/// Releases a slot (after the temp file was renamed or removed). Ignores slot < 0.
void unregister_temp_path(int slot) noexcept;
/// Number of temp paths registered now (for tests).
std::size_t registered_temp_paths() noexcept;

/// Installs the SIGINT/SIGTERM handler (call once, from main, before any work).
void install_signal_handlers();

/// Holds SIGINT/SIGTERM while it lives (e.g. the renames of OutputSet::commit_all): a signal that
/// arrives meanwhile is acted on (temp paths unlinked, _exit(128 + signal)) by the destructor.
/// Nests. Without installed handlers it does nothing.
class CommitGuard {
  public:
    CommitGuard() noexcept;
    ~CommitGuard();
    CommitGuard(const CommitGuard&) = delete;
    CommitGuard& operator=(const CommitGuard&) = delete;
};

}  // namespace exomir
