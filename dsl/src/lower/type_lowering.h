// Types written as the Bundle encodes them (docs/bundle.md, section 2):
// objects such as `{"kind": "int"}`, `{"kind": "enum", "name":
// "national.CreditClass", "optional": true}`, `{"kind": "list", "of":
// {"kind": "record", "name": "national.Penalty"}}`. The key and kind names
// are bylaw/bundle/schema.h's. Internal to dsl/src/lower.
#ifndef BYLAW_DSL_SRC_LOWER_TYPE_LOWERING_H_
#define BYLAW_DSL_SRC_LOWER_TYPE_LOWERING_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bylaw/dsl/types.h"
#include "lowering_context.h"

namespace bylaw::dsl::lower_internal {

// The bundle encoding of `type`, declared names qualified by their
// ruleset. Nullopt for kUnknown and kError (an unchecked or ill-typed
// expression, which a checked Program does not contain).
std::optional<nlohmann::json> LowerType(const Type& type, const LoweringContext& ctx);

// `{"kind": kind}`: a type without a name or parts (`int`, `matter`, `none`).
nlohmann::json KindType(const char* kind);

// `{"kind": kind, "name": name}`: an enum or a record by qualified name.
nlohmann::json NamedType(const char* kind, const std::string& name);

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_TYPE_LOWERING_H_
