// cmd_rank.cpp: the `exomir rank` front end (not yet built: issue #6).
#include "exomir/cli.hpp"
#include "exomir/error.hpp"

namespace exomir {

int cmd_rank(int, char**) { throw Error("'exomir rank' is not available in this build yet (issue #6)"); }

}  // namespace exomir
