// Compiled as C++17 (tests/embed/CMakeLists.txt): every installed public
// header of the runtime, so that what bylaw_install.cmake says of them
// stays true. Building this file is the test.
#include "bylaw.h"
#include "bylaw/audit_log.h"
#include "bylaw/runtime.h"
#include "bylaw/runtime/result.h"
#include "bylaw/runtime/value.h"

static_assert(__cplusplus == 201703L, "this check must be compiled as C++17");
