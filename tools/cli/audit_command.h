// `bylaw audit verify LOG` and `bylaw audit replay LOG (PATH...|--bundle
// B)`: an auditor's checks of a decision log (docs/audit.md), and the
// `--log FILE [--log-facts]` flags through which `bylaw eval` writes one.
#ifndef BYLAW_TOOLS_CLI_AUDIT_COMMAND_H_
#define BYLAW_TOOLS_CLI_AUDIT_COMMAND_H_

#include <cstdint>
#include <memory>
#include <string>

#include "bylaw/audit_log.h"
#include "command.h"

namespace bylaw::cli {

// The decision-log flags of a verb that evaluates.
struct AuditLogFlags {
  std::string path;          // --log; empty: no log
  bool keep_facts = false;   // --log-facts
  std::uint32_t sync_every = runtime::AuditLogOptions{}.sync_every;
  std::int64_t sync_ms = runtime::AuditLogOptions{}.sync_interval.count();
};

// Adds --log, --log-facts, --log-sync-every and --log-sync-ms to `cmd`.
void AddAuditLogFlags(CLI::App* cmd, AuditLogFlags& flags);

// Opens the log named by `flags`. Returns null without a --log; on
// failure prints `bylaw VERB: code: message` to stderr, returns null and
// sets `*failed`.
std::unique_ptr<runtime::AuditLog> OpenAuditLog(const AuditLogFlags& flags,
                                                const std::string& verb,
                                                bool* failed);

// Adds the `audit` verb with its `verify` and `replay` subcommands.
//
// verify: exit 0 when every record chains (prints the count and the last
// hash, which an auditor compares with one kept elsewhere), 1 with one
// `LOG:LINE: error[code]: message` line per problem, 2 usage.
//
// replay: exit 0 when every replayable decision gives the same answer
// under the given rules, 1 when any differs or cannot be evaluated (each
// printed with its line and seq, outputs before and after, then a summary
// per output and per fired row), 2 usage.
void RegisterAuditCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_AUDIT_COMMAND_H_
