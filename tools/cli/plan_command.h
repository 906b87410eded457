// `bylaw plan`: the annual integrated inspection plan (docs/plan.md).
//
//   bylaw plan --rules PATH... (or --bundle B) --register FILE
//       --inspectors FILE --year YYYY --seed TEXT [--previous PLAN]
//       [--out DIR] [--as-of DATE] [--skip-bad] [--threads N]
//       [--keep-shards] [--log FILE] [--no-report] [--quiet]
//   bylaw plan --shard I/N ...same...   assess shard I of N (1-based) into
//       --out (default plan-YEAR-shard-I-of-N); no roster needed
//   bylaw plan merge --out DIR ...same flags... SHARD_DIR...
//       finalize the N shard directories into the plan a single run gives
//   bylaw plan verify --plan DIR ...same flags...
//       recompute and compare; prints `N visits verified`
//
// Exit codes: 0 done (verify: the plan matches), 1 bad input or a plan that
// cannot be made (a bad row without --skip-bad, too few inspectors...) or,
// for verify, the first visit that differs; 2 usage.
#ifndef BYLAW_TOOLS_CLI_PLAN_COMMAND_H_
#define BYLAW_TOOLS_CLI_PLAN_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

void RegisterPlanCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_PLAN_COMMAND_H_
