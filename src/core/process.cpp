// process.cpp: posix_spawnp with an argv (no shell) and a private temporary directory.
#include "exomir/core/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "exomir/core/error.hpp"

extern char** environ;

namespace exomir {

void reexec_with_huge_page_heap(char** argv) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    (void)argv;  // the sanitizers bring their own allocator
#else
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    const std::string given = tunables ? tunables : "";
    if (given.find("glibc.malloc.hugetlb") != std::string::npos) return;
    std::ifstream mode_file("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string mode;
    std::getline(mode_file, mode);
    if (mode.find("[madvise]") == std::string::npos) return;  // "always": the heap has them; "never": none to get
    const std::string value = given.empty() ? "glibc.malloc.hugetlb=1" : given + ":glibc.malloc.hugetlb=1";
    if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
    ::execv("/proc/self/exe", argv);
    // exec failed (no /proc): go on as we are, without the setting (a child program would inherit it)
    if (tunables)
        ::setenv("GLIBC_TUNABLES", tunables, 1);
    else
        ::unsetenv("GLIBC_TUNABLES");
#endif
}

ProgramRun run_program(const std::vector<std::string>& argv) {
    ProgramRun run;
    if (argv.empty()) {
        run.error = "no program given";
        return run;
    }
    const TempDir scratch;
    const std::string err_path = scratch.path() + "/stderr";
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        run.error = fmt::format("cannot run '{}': {}", argv[0], std::strerror(rc));
        return run;
    }
    run.started = true;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            run.error = fmt::format("waiting for '{}': {}", argv[0], std::strerror(errno));
            return run;
        }
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    if (run.exit_code == 127) run.error = fmt::format("'{}' not found on PATH", argv[0]);  // posix_spawnp's child
    if (run.exit_code != 0 && run.error.empty()) {
        std::ifstream in(err_path);
        std::string first;
        std::getline(in, first);
        run.error = first.empty() ? fmt::format("'{}' exited with status {}", argv[0], run.exit_code) : first;
    }
    return run;
}

TempDir::TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = fmt::format("{}/exomir.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!::mkdtemp(templ.data()))
        throw Error(fmt::format("{}: cannot create a temporary directory: {}; set TMPDIR to a writable folder", templ,
                                std::strerror(errno)));
    path_ = templ;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

}  // namespace exomir
