// `bylaw diff OLD NEW`: which answers change between two versions of a
// ruleset. Compiles both (files or directories, as `bylaw check` takes
// them), compares the bundles with bylaw::review::DiffBundles and prints, per
// decision, the input regions whose answer changes with an example and
// both answers. Exit 0 when no answer differs, 1 when one does (or may, or
// a version does not compile), 2 on usage errors: a review gate.
#ifndef BYLAW_TOOLS_CLI_DIFF_COMMAND_H_
#define BYLAW_TOOLS_CLI_DIFF_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

void RegisterDiffCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_DIFF_COMMAND_H_
