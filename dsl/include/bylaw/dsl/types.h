// Types of the bylaw language as the checker sees them.
//
// A Type is a small value: a kind, an optional flag, and for enums and
// records the declaring node; lists and sets hold their element type;
// anonymous structs (a table's outputs, a scorecard's score and grade, the
// built-in Reason) hold named fields. kUnknown marks "not checked yet";
// kError marks an expression whose type could not be found, and is
// compatible with everything so that one mistake is reported once.
#ifndef BYLAW_DSL_TYPES_H_
#define BYLAW_DSL_TYPES_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace bylaw::dsl {

struct Decl;

enum class TypeKind {
  kUnknown, kError,
  kText, kInt, kDecimal, kBool, kDate, kPercent, kDuration,
  kNone,      // the type of the literal `none`
  kEnum,      // decl is the EnumDecl
  kRecord,    // decl is the RecordDecl
  kList, kSet,
  kStruct,    // anonymous record: fields
  kMatter,    // a supervision matter (a value of the matter list)
  kReason,    // a documented reason code
};

struct Type;
using StructFields = std::vector<std::pair<std::string, Type>>;

struct Type {
  TypeKind kind = TypeKind::kUnknown;
  bool optional = false;
  const Decl* decl = nullptr;
  std::shared_ptr<const Type> element;        // kList, kSet
  std::shared_ptr<const StructFields> fields;  // kStruct

  static Type Of(TypeKind kind) { Type t; t.kind = kind; return t; }
  static Type Error() { return Of(TypeKind::kError); }
  static Type EnumOf(const Decl* d) { Type t = Of(TypeKind::kEnum); t.decl = d; return t; }
  static Type RecordOf(const Decl* d) { Type t = Of(TypeKind::kRecord); t.decl = d; return t; }
  static Type ListOf(Type element);
  static Type SetOf(Type element);
  static Type StructOf(StructFields fields);

  Type AsOptional(bool opt = true) const { Type t = *this; t.optional = opt; return t; }
  bool is_error() const { return kind == TypeKind::kError; }
  bool is_numeric() const {
    return kind == TypeKind::kInt || kind == TypeKind::kDecimal ||
           kind == TypeKind::kPercent;
  }
  // Field type of a kStruct, or nullptr.
  const Type* Field(const std::string& name) const;

  // Written as a policy author would: `list<Penalty>`, `CreditClass?`.
  std::string ToString() const;
  bool operator==(const Type& o) const;
  bool operator!=(const Type& o) const { return !(*this == o); }
};

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_TYPES_H_
