// How the bylaw CLI's verbs plug into main: each verb's file provides a
// Register*Command function that adds a CLI11 subcommand whose callback
// sets `exit_code` (0 clean, 1 errors or a negative answer, 2 usage).
#ifndef BYLAW_TOOLS_CLI_COMMAND_H_
#define BYLAW_TOOLS_CLI_COMMAND_H_

#include <CLI/CLI.hpp>

namespace bylaw::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitErrors = 1;
inline constexpr int kExitUsage = 2;

// The name diagnostics give a file read from standard input (a PATH `-`).
inline constexpr const char* kStdinName = "<stdin>";

// Whether diagnostics should be coloured: `--color auto` colours only a
// terminal that is not "dumb" and when NO_COLOR is unset.
bool UseColor(const std::string& mode);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_COMMAND_H_
