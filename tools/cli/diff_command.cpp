#include "diff_command.h"

namespace bylaw::cli {

void RegisterDiffCommand(CLI::App&, int&) {}

}  // namespace bylaw::cli
