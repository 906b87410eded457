// `bylaw schema PATH... [--decision NAME]`: prints the JSON Schema (draft
// 2020-12) of the facts document a host sends to `bylaw eval`: an object
// with `as_of` and one property per decision parameter, built from the
// checked program's records, enums and matters. Enums become `enum` lists
// with their labels in `description`, optional types allow `null`, lists
// and sets are arrays, and every object has `additionalProperties: false`
// because the runtime rejects unknown fields. Without --decision the
// document serves every decision of the rulesets loaded (their parameters,
// merged by name).
#ifndef BYLAW_TOOLS_CLI_SCHEMA_COMMAND_H_
#define BYLAW_TOOLS_CLI_SCHEMA_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

void RegisterSchemaCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_SCHEMA_COMMAND_H_
