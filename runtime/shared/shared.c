/* libbylaw.so has no code of its own: every object of the static runtime is
 * linked into it whole (runtime/shared/CMakeLists.txt). CMake needs one
 * source file per library target; this is it. */
#include "bylaw.h"
