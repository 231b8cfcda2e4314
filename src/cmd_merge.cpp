// cmd_merge.cpp: the `exomir merge` front end (not yet built: issue #2).
#include "exomir/cli.hpp"
#include "exomir/error.hpp"

namespace exomir {

int cmd_merge(int, char**) { throw Error("'exomir merge' is not available in this build yet (issue #2)"); }

}  // namespace exomir
