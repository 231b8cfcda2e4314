// cmd_run.cpp: the `exomir run` front end (not yet built: issue #8).
#include "exomir/cli.hpp"
#include "exomir/error.hpp"

namespace exomir {

int cmd_run(int, char**) { throw Error("'exomir run' is not available in this build yet (issue #8)"); }

}  // namespace exomir
