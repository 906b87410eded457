#include "plan_command.h"

namespace bylaw::cli {

void RegisterPlanCommand(CLI::App&, int&) {}

}  // namespace bylaw::cli
