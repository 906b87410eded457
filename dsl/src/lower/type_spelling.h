// Types written as the Bundle spells them (docs/bundle.md, section 2):
// `int`, `national.CreditClass?`, `list<national.Penalty>`,
// `{min: int, max: int?}`. Internal to dsl/src/lower.
#ifndef BYLAW_DSL_SRC_LOWER_TYPE_SPELLING_H_
#define BYLAW_DSL_SRC_LOWER_TYPE_SPELLING_H_

#include <optional>
#include <string>

#include "bylaw/dsl/types.h"
#include "lowering_context.h"

namespace bylaw::dsl::lower_internal {

// The bundle spelling of `type`, declared names qualified by their
// ruleset. Nullopt for kUnknown and kError (an unchecked or ill-typed
// expression, which a checked Program does not contain).
std::optional<std::string> SpellType(const Type& type,
                                     const LoweringContext& ctx);

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_TYPE_SPELLING_H_
