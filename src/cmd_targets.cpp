// cmd_targets.cpp: the `exomir targets` front end (not yet built: issue #3).
#include "exomir/cli.hpp"
#include "exomir/error.hpp"

namespace exomir {

int cmd_targets(int, char**) { throw Error("'exomir targets' is not available in this build yet (issue #3)"); }

}  // namespace exomir
