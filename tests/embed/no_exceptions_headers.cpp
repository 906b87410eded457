// Compiled with -fno-exceptions (tests/embed/CMakeLists.txt): a host built
// without exceptions can include every public header of the runtime and
// use what is inline in them. Building this file is the test.
#include "bylaw.h"
#include "bylaw/audit_log.h"
#include "bylaw/runtime.h"
#include "bylaw/runtime/result.h"
#include "bylaw/runtime/value.h"

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#error "this check must be compiled with -fno-exceptions"
#endif

// CatchExceptions is a template: instantiating it is what would fail if its
// try/catch were not left out without exceptions.
bylaw::runtime::Status NoExceptionsHost() {
  return bylaw::runtime::CatchExceptions("internal", [] { return bylaw::runtime::Status(); });
}
