// cmd_reference.cpp: the `exomir reference` front end (not yet built: issue #4).
#include "exomir/cli.hpp"
#include "exomir/error.hpp"

namespace exomir {

int cmd_reference(int, char**) { throw Error("'exomir reference' is not available in this build yet (issue #4)"); }

}  // namespace exomir
