// cmd_explore.cpp: the `exomir explore` front end (not yet built: issue #7).
#include "exomir/cli.hpp"
#include "exomir/error.hpp"

namespace exomir {

int cmd_explore(int, char**) { throw Error("'exomir explore' is not available in this build yet (issue #7)"); }

}  // namespace exomir
