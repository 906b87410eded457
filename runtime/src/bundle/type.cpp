// Decoding and spelling bundle types (see bylaw/bundle/type.h).
#include "bylaw/bundle/type.h"

#include <nlohmann/json.hpp>

#include "bylaw/bundle/schema.h"

namespace bylaw::bundle {
namespace {

using nlohmann::json;

// Deeper types are refused, as deeper expressions are (section 5), so that
// decoding and spelling stay bounded.
constexpr int kMaxTypeDepth = 64;

// TypeKind follows kKinds, so a kind's name is kKinds[kind].
static_assert(std::string_view(kKinds[static_cast<int>(TypeKind::kText)]) == kind::kText);
static_assert(std::string_view(kKinds[static_cast<int>(TypeKind::kNone)]) == kind::kNone);
static_assert(std::string_view(kKinds[static_cast<int>(TypeKind::kReason)]) == kind::kReason);
static_assert(std::string_view(kKinds[static_cast<int>(TypeKind::kStruct)]) == kind::kStruct);

bool Decode(const json& j, const Path& where, int depth, Type* out, ReadError* error) {
  if (depth > kMaxTypeDepth) {
    return Fail(error, code::kStructure, where, "type nested deeper than 64");
  }
  if (!j.is_object()) {
    if (j.is_string()) {
      // A version-1 spelling inside a document that claims version 2.
      return Fail(error, code::kStructure, where,
                  "a type is an object such as {\"kind\": \"int\"}, not the string " + j.dump());
    }
    return Fail(error, code::kStructure, where, "expected a type object");
  }
  auto k = j.find(type::kKind);
  if (k == j.end() || !k->is_string()) {
    return Fail(error, code::kStructure, where, std::string("missing key `") + type::kKind + "`");
  }
  const std::string& kind = k->get_ref<const std::string&>();
  bool found = false;
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (kind == kKinds[i]) {
      out->kind = static_cast<TypeKind>(i);
      found = true;
      break;
    }
  }
  if (!found) {
    return Fail(error, code::kStructure, Path(where, "kind"), "unknown kind `" + kind + "`");
  }
  out->optional = false;
  if (auto o = j.find(type::kOptional); o != j.end() && !o->is_null()) {
    if (!o->is_boolean()) {
      return Fail(error, code::kStructure, Path(where, "optional"), "expected a bool");
    }
    out->optional = o->get<bool>();
    if (out->optional && out->kind == TypeKind::kNone) {
      return Fail(error, code::kStructure, where, "`none` is not written optional");
    }
  }
  switch (out->kind) {
    case TypeKind::kEnum:
    case TypeKind::kRecord: {
      auto n = j.find(type::kName);
      if (n == j.end() || !n->is_string() || n->get_ref<const std::string&>().empty()) {
        return Fail(error, code::kStructure, where, "an " + kind + " type needs a `name`");
      }
      out->name = n->get<std::string>();
      return true;
    }
    case TypeKind::kList:
    case TypeKind::kSet: {
      auto of = j.find(type::kOf);
      if (of == j.end()) {
        return Fail(error, code::kStructure, where, "a " + kind + " type needs `of`");
      }
      auto element = std::make_shared<Type>();
      if (!Decode(*of, Path(where, "of"), depth + 1, element.get(), error)) return false;
      out->element = std::move(element);
      return true;
    }
    case TypeKind::kStruct: {
      auto fields = j.find(type::kFields);
      if (fields == j.end() || !fields->is_array()) {
        return Fail(error, code::kStructure, where, "a struct type needs a `fields` array");
      }
      out->fields.reserve(fields->size());
      for (std::size_t i = 0; i < fields->size(); ++i) {
        const Path fields_at(where, "fields");
        const Path fw(fields_at, i);
        const json& f = (*fields)[i];
        auto name = f.is_object() ? f.find(type::kFieldName) : f.end();
        if (!f.is_object() || name == f.end() || !name->is_string()) {
          return Fail(error, code::kStructure, fw, "expected {\"name\", \"type\"}");
        }
        auto t = f.find(type::kFieldType);
        if (t == f.end()) return Fail(error, code::kStructure, fw, "missing key `type`");
        TypeField field;
        field.name = name->get<std::string>();
        for (const TypeField& before : out->fields) {
          if (before.name == field.name) {
            return Fail(error, code::kStructure, fw, "duplicate field `" + field.name + "`");
          }
        }
        if (!Decode(*t, Path(fw, "type"), depth + 1, &field.type, error)) return false;
        out->fields.push_back(std::move(field));
      }
      return true;
    }
    default: return true;
  }
}

void Spell(const Type& t, std::string* out) {
  switch (t.kind) {
    case TypeKind::kMatter: *out += "Matter"; break;
    case TypeKind::kReason: *out += "Reason"; break;
    case TypeKind::kEnum:
    case TypeKind::kRecord: *out += t.name; break;
    case TypeKind::kList:
    case TypeKind::kSet:
      *out += KindName(t.kind);
      *out += '<';
      if (t.element) Spell(*t.element, out);
      *out += '>';
      break;
    case TypeKind::kStruct:
      *out += '{';
      for (std::size_t i = 0; i < t.fields.size(); ++i) {
        if (i) *out += ", ";
        *out += t.fields[i].name;
        *out += ": ";
        Spell(t.fields[i].type, out);
      }
      *out += '}';
      break;
    default: *out += KindName(t.kind); break;
  }
  if (t.optional) *out += '?';
}

}  // namespace

Type Type::Required() const {
  Type t = *this;
  t.optional = false;
  return t;
}

bool Type::operator==(const Type& o) const {
  if (kind != o.kind || optional != o.optional || name != o.name || fields != o.fields) {
    return false;
  }
  if (!element || !o.element) return element == o.element;
  return *element == *o.element;
}

bool ReadType(const json& j, const Path& where, Type* out, ReadError* error) {
  *out = Type();
  return Decode(j, where, 0, out, error);
}

const char* KindName(TypeKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }

std::string Spelling(const Type& type) {
  std::string out;
  Spell(type, &out);
  return out;
}

}  // namespace bylaw::bundle
