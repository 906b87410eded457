// A bundle type (docs/bundle.md, section 2) decoded from its JSON object,
// and its spelling for people (`list<national.Penalty>?`). The one decoder
// of types: the loader builds its interned TypeDesc from these, and the
// review tools and the booklet reason on them instead of on text.
//
// Owned by runtime/src/bundle/; internal (never installed). Other layers
// reach it through the CMake target bylaw_bundle_schema.
#ifndef BYLAW_BUNDLE_TYPE_H_
#define BYLAW_BUNDLE_TYPE_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "bylaw/bundle/read_error.h"

namespace bylaw::bundle {

// The kinds of bylaw/bundle/schema.h (namespace kind), in its order.
enum class TypeKind : std::uint8_t {
  kText,
  kInt,
  kDecimal,
  kBool,
  kDate,
  kPercent,
  kDuration,
  kNone,
  kMatter,
  kReason,
  kEnum,
  kRecord,
  kList,
  kSet,
  kStruct,
};

struct TypeField;

// A value type: cheap to copy (the element is shared). Equality is
// structural: kind, optional, name, element and fields.
struct Type {
  TypeKind kind = TypeKind::kNone;
  bool optional = false;
  std::string name;                     // kEnum, kRecord: the qualified name
  std::shared_ptr<const Type> element;  // kList, kSet
  std::vector<TypeField> fields;        // kStruct, in order

  // The same type without `?`.
  Type Required() const;
  bool is_collection() const { return kind == TypeKind::kList || kind == TypeKind::kSet; }
  bool operator==(const Type& o) const;
  bool operator!=(const Type& o) const { return !(*this == o); }
};

struct TypeField {
  std::string name;
  Type type;
  bool operator==(const TypeField& o) const { return name == o.name && type == o.type; }
};

// Decodes the type object `j`. On failure sets `*error` (bundle_structure,
// naming `where`) and returns false. Names are not resolved here: whether
// `national.Grade` is a declared enum is the caller's to check.
bool ReadType(const nlohmann::json& j, const Path& where, Type* out, ReadError* error);

// The schema's name of `kind` (`int`, `enum`, `struct`).
const char* KindName(TypeKind kind);

// How people write the type, as the language does: `int`, `national.Grade?`,
// `list<national.Penalty>`, `{min: int, max: int?}`, `Matter`, `Reason`.
// For messages, reports and interning; never parsed back.
std::string Spelling(const Type& type);

}  // namespace bylaw::bundle

#endif  // BYLAW_BUNDLE_TYPE_H_
