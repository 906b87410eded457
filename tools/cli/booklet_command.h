// `bylaw booklet`: one industry's operating guide, generated from the rules
// (docs/booklet.md, 一业一册).
//
//   bylaw booklet --rules PATH... (or --bundle B) --industry NAME
//       [--region R] [--as-of DATE] --out DIR      writes DIR/NAME.html
//   bylaw booklet ... --all --out DIR              one page per industry
//                                                  and DIR/index.html
//
// Exit codes: 0 written; 1 rules that cannot be compiled, loaded or
// evaluated for the booklet, or a file that cannot be written; 2 usage
// (an unknown industry or region lists the known ones).
#ifndef BYLAW_TOOLS_CLI_BOOKLET_COMMAND_H_
#define BYLAW_TOOLS_CLI_BOOKLET_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

void RegisterBookletCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_BOOKLET_COMMAND_H_
