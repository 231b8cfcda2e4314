// error.hpp: the one exception type of exomir and the process exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace exomir {

/// Exit codes of the `exomir` binary: 0 success, 1 runtime/input error, 2 usage error.
enum class ExitCode : int { ok = 0, runtime = 1, usage = 2, sigint = 130, sigterm = 143 };

/// Bad input or a bad environment. The message names the file, the line or record and the fix,
/// e.g. `reads.fq.gz:40013: quality length 29 != sequence length 30`.
class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& what, ExitCode code = ExitCode::runtime)
        : std::runtime_error(what), code_(code) {}
    ExitCode code() const noexcept { return code_; }

  private:
    ExitCode code_;
};

/// A usage error (bad option combination, missing argument): exit code 2.
class UsageError : public Error {
  public:
    explicit UsageError(const std::string& what) : Error(what, ExitCode::usage) {}
};

}  // namespace exomir
