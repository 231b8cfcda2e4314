// cmd_network.cpp: the `exomir network` front end (not yet built: issue #5).
#include "exomir/cli.hpp"
#include "exomir/error.hpp"

namespace exomir {

int cmd_network(int, char**) { throw Error("'exomir network' is not available in this build yet (issue #5)"); }

}  // namespace exomir
