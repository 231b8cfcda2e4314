// test_signals.cpp: the SIGINT/SIGTERM handler removes registered temp outputs and exits 128 + signal.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/signals.hpp"

using namespace exomir;

namespace {

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("exomir_test_signals_" + std::to_string(::getpid()) + "_" + name))
        .string();
}

// Runs `child` in a forked process (no threads are started there) and returns its wait status.
template <typename F>
int run_in_child(F&& child) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        child();
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return status;
}

}  // namespace

TEST_CASE("AtomicFile registers its temp path until commit or destruction") {
    const std::size_t before = registered_temp_paths();
    const std::string p = temp_path("reg.tsv");
    {
        AtomicFile f(p);
        REQUIRE(registered_temp_paths() == before + 1);
        AtomicFile moved(std::move(f));
        REQUIRE(registered_temp_paths() == before + 1);
        moved.write("x\n");
        moved.commit();
        REQUIRE(registered_temp_paths() == before);
    }
    {
        AtomicFile g(p + ".2");
        REQUIRE(registered_temp_paths() == before + 1);
    }
    REQUIRE(registered_temp_paths() == before);
    REQUIRE_THROWS_AS(AtomicFile("/nonexistent_dir/x.tsv"), Error);
    REQUIRE(registered_temp_paths() == before);
    REQUIRE_THROWS_AS(register_temp_path(std::string(k_max_temp_path_length, 'a')), Error);
    std::filesystem::remove(p);
}

TEST_CASE("SIGINT and SIGTERM remove uncommitted temp files and exit 130 / 143") {
    for (const int sig : {SIGINT, SIGTERM}) {
        const std::string p = temp_path("sig" + std::to_string(sig) + ".tsv");
        const std::string done = p + ".committed";
        const int status = run_in_child([&] {
            install_signal_handlers();
            AtomicFile committed(done);
            committed.write("complete\n");
            committed.commit();
            AtomicFile f(p);
            f.write("half a row");
            std::raise(sig);
            ::_exit(0);  // not reached
        });
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) == 128 + sig);
        bool temp_left = false;
        for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
            if (e.path().string().rfind(p + ".tmp.", 0) == 0) temp_left = true;
        REQUIRE_FALSE(temp_left);
        REQUIRE_FALSE(std::filesystem::exists(p));
        REQUIRE(std::filesystem::exists(done));  // a committed output is complete and stays
        std::filesystem::remove(done);
    }
}

TEST_CASE("a signal during OutputSet::commit_all is held until the whole set is committed") {
    const std::string a = temp_path("set_a.tsv"), b = temp_path("set_b.tsv");
    const int status = run_in_child([&] {
        install_signal_handlers();
        OutputSet set;
        set.open(a).write("a\n");
        set.open(b).write("b\n");
        {
            const CommitGuard hold;  // what commit_all does; raise inside it
            std::raise(SIGTERM);
            set.commit_all();  // still running: the signal is held
        }
        ::_exit(0);  // not reached: the guard's end acts on the held signal
    });
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 143);
    REQUIRE(std::filesystem::exists(a));
    REQUIRE(std::filesystem::exists(b));
    std::filesystem::remove(a);
    std::filesystem::remove(b);
}
