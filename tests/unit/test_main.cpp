// test_main.cpp: the Catch2 main of the unit-test binary.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "exomir/core/safety.hpp"

namespace {
// Each test case is its own "command": the inputs another case read are not this case's inputs (core/safety.hpp).
struct ForgetInputs : Catch::TestEventListenerBase {
    using TestEventListenerBase::TestEventListenerBase;
    void testCaseStarting(const Catch::TestCaseInfo&) override { exomir::clear_inputs(); }
};
}  // namespace
CATCH_REGISTER_LISTENER(ForgetInputs)
