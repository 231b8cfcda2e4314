// cmd_quant.cpp: the `exomir quant` front end (not yet built: issue #2).
#include "exomir/cli.hpp"
#include "exomir/error.hpp"

namespace exomir {

int cmd_quant(int, char**) { throw Error("'exomir quant' is not available in this build yet (issue #2)"); }

}  // namespace exomir
