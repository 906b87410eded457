// Operational logging of the bylaw CLI: what the tool is doing (rules
// loaded, a log opened, a line skipped), through spdlog, on stderr, at a
// level chosen with `--log-level`. Kept apart from the audit log (the
// decision records of bylaw/audit_log.h), which is data, never messages.
// The runtime never logs; only the CLI uses this.
#ifndef BYLAW_TOOLS_CLI_LOGGING_H_
#define BYLAW_TOOLS_CLI_LOGGING_H_

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

namespace bylaw::cli {

// Makes spdlog's default logger write `bylaw: [level] message` lines to
// stderr at level `warn`. Call once, before any verb runs.
void InitLogging();

// Adds `--log-level trace|debug|info|warn|error|off` to `app` and to each of
// its subcommands registered so far (call after registering the verbs), so
// that the flag may come before or after the verb. The level is set as soon
// as the flag is parsed, before the verb's callback runs.
void AddLogLevelOption(CLI::App& app);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_LOGGING_H_
