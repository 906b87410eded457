// One register cell (CSV text, or a JSONL value) checked against its field
// of the schema and written in the facts encoding (inputs.h lists the cell
// formats). Internal to bylaw_plan; used by the register and roster readers.
#ifndef BYLAW_PLAN_SRC_REGISTER_FIELDS_H_
#define BYLAW_PLAN_SRC_REGISTER_FIELDS_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bylaw/plan/inputs.h"

namespace bylaw::plan::plan_internal {

// Appends the JSON value for CSV cell `cell` of field `spec` to `*out`.
// False with `*error` (what is wrong, without the field's name) when the cell
// does not fit.
bool EncodeCsvCell(const FieldSpec& spec, std::string_view cell, std::string* out,
                   std::string* error);

// The same for a value of a JSONL row.
bool EncodeJsonValue(const FieldSpec& spec, const nlohmann::json& value, std::string* out,
                     std::string* error);

// How a cell is quoted in messages: `"E"`, shortened when long.
std::string Shown(std::string_view cell);

// A JSON value as written in messages: `"no"`, `12`, shortened when long.
std::string ShownJsonValue(const nlohmann::json& value);

// `CreditClass (A, B, C, D)`: the enum and its members, for messages.
std::string EnumChoices(const FieldSpec& spec);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_REGISTER_FIELDS_H_
