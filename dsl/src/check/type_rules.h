// The typing relations of the bylaw language (docs/design/semantics.md,
// "Names and types"): assignability, unification of branches, which types
// compare and order. Pure functions; kError and kUnknown are compatible
// with everything so that one mistake is reported once. Internal to
// dsl/src/check.
#ifndef BYLAW_DSL_SRC_CHECK_TYPE_RULES_H_
#define BYLAW_DSL_SRC_CHECK_TYPE_RULES_H_

#include <optional>
#include <string>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/types.h"

namespace bylaw::dsl::check_internal {

// kError or kUnknown: no further diagnostics about this value.
bool IsVague(const Type& t);
// A value of `from` may be used where `to` is expected (int widens to
// decimal, none and T fit T?, empty lists fit any list).
bool Assignable(const Type& from, const Type& to);
// The common type of two branches or list items, or nullopt.
std::optional<Type> Unify(const Type& a, const Type& b);
// `a == b` is meaningful.
bool Comparable(const Type& a, const Type& b);
// `<` is defined on the (non-optional) type.
bool Ordered(const Type& t);
// The enum declaration of an enum type (optional or not), or null.
const EnumDecl* EnumOf(const Type& t);
// Whether the enum declares a member spelled `name`.
bool HasMember(const EnumDecl& e, const std::string& name);
// `text`, `CreditClass?`: for messages, in backticks.
std::string Quote(const Type& t);

}  // namespace bylaw::dsl::check_internal

#endif  // BYLAW_DSL_SRC_CHECK_TYPE_RULES_H_
