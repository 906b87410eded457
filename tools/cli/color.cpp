// Colour decision shared by the verbs (see command.h).
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "command.h"

namespace bylaw::cli {

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr &&
         term != nullptr && std::strcmp(term, "dumb") != 0;
}

}  // namespace bylaw::cli
