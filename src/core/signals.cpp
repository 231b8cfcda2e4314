// signals.cpp: the async-signal-safe temp-path registry and the SIGINT/SIGTERM handler (see signals.hpp).
#include "exomir/core/signals.hpp"

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>

#include <fmt/format.h>
#include <unistd.h>

#include "exomir/core/error.hpp"

namespace exomir {
namespace {

enum SlotState : int { k_free = 0, k_busy = 1, k_ready = 2 };

struct Slot {
    std::atomic<int> state{k_free};
    char path[k_max_temp_path_length];
};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

std::array<Slot, k_max_temp_paths> g_slots;
std::atomic<int> g_commit_depth{0};    // > 0 while a CommitGuard lives
std::atomic<int> g_pending_signal{0};  // a signal held by a CommitGuard
std::atomic<bool> g_installed{false};

// Async-signal-safe: atomics, unlink and _exit only.
[[noreturn]] void unlink_all_and_exit(int sig) {
    for (Slot& s : g_slots)
        if (s.state.load() == k_ready) ::unlink(s.path);
    ::_exit(128 + sig);
}

extern "C" void on_fatal_signal(int sig) {
    if (g_commit_depth.load() == 0) unlink_all_and_exit(sig);
    g_pending_signal.store(sig);
    // The guard may have ended between the check and the store: then nobody else will act.
    if (g_commit_depth.load() == 0 && g_pending_signal.exchange(0) != 0) unlink_all_and_exit(sig);
}

}  // namespace

int register_temp_path(const std::string& path) {
    if (path.size() >= k_max_temp_path_length)
        throw Error(
            fmt::format("{}: output path longer than {} bytes; use a shorter --out", path, k_max_temp_path_length - 1));
    for (std::size_t i = 0; i < g_slots.size(); ++i) {
        int expected = k_free;
        if (!g_slots[i].state.compare_exchange_strong(expected, k_busy)) continue;
        std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
        g_slots[i].state.store(k_ready);
        return static_cast<int>(i);
    }
    throw Error(fmt::format("{}: more than {} output files open at once (internal limit)", path, k_max_temp_paths));
}

void unregister_temp_path(int slot) noexcept {
    if (slot >= 0 && static_cast<std::size_t>(slot) < g_slots.size()) g_slots[slot].state.store(k_free);
}

std::size_t registered_temp_paths() noexcept {
    std::size_t n = 0;
    for (const Slot& s : g_slots) n += s.state.load() == k_ready;
    return n;
}

void install_signal_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sa.sa_flags = SA_RESTART;  // writes and renames in flight resume after a held signal
    for (const int sig : {SIGINT, SIGTERM}) {
        struct sigaction old {};
        sigaction(sig, nullptr, &old);
        // A SIGINT ignored by the parent (nohup, `cmd &` in a script) stays ignored, as in coreutils.
        if (sig == SIGINT && old.sa_handler == SIG_IGN) continue;
        sigaction(sig, &sa, nullptr);
    }
    g_installed.store(true);
}

CommitGuard::CommitGuard() noexcept { g_commit_depth.fetch_add(1); }

CommitGuard::~CommitGuard() {
    if (g_commit_depth.fetch_sub(1) != 1 || !g_installed.load()) return;
    if (const int sig = g_pending_signal.exchange(0); sig != 0) unlink_all_and_exit(sig);
}

}  // namespace exomir
