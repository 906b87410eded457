// The loader's types: enums, records and anonymous structs, and the
// interned TypeDesc of every bundle type (see loader_internal.h).
#include "loader_internal.h"

namespace bylaw::runtime::runtime_internal {

const RecordType* Loader::Struct(const std::vector<std::string>& names,
                                 const std::vector<const TypeDesc*>& types) {
  std::string key = "{";
  for (std::size_t i = 0; i < names.size(); ++i) key += (i ? ", " : "") + names[i];
  key += "}";
  auto it = m_.record_by_name.find(key);
  if (it != m_.record_by_name.end()) return it->second;
  RecordType& rt = m_.records.emplace_back();
  rt.name = key;
  rt.is_struct = true;
  rt.field_names = names;
  rt.field_types = types;
  for (std::uint32_t i = 0; i < names.size(); ++i) rt.index[names[i]] = i;
  m_.record_by_name[key] = &rt;
  return &rt;
}

const TypeDesc* Loader::Type(const Json& obj, const char* key, const bundle::Path& where) {
  bundle::Type t;
  if (!bundle::GetType(obj, key, where, &t, &error_)) return nullptr;
  return Intern(t, bundle::Path(where, key));
}

const TypeDesc* Loader::KnownType(TypeDesc::Kind kind) {
  bundle::Type t;
  t.kind = kind == TypeDesc::Kind::kDecimal ? bundle::TypeKind::kDecimal : bundle::TypeKind::kText;
  return Intern(t, "$");
}

// Interned by spelling, which names every part: the same type written
// twice is one TypeDesc.
const TypeDesc* Loader::Intern(const bundle::Type& t, const bundle::Path& where) {
  std::string spelling = bundle::Spelling(t);
  auto it = m_.type_by_spelling.find(spelling);
  if (it != m_.type_by_spelling.end()) return it->second;
  using K = TypeDesc::Kind;
  using B = bundle::TypeKind;
  TypeDesc d;
  d.optional = t.optional;
  switch (t.kind) {
    case B::kText: d.kind = K::kText; break;
    case B::kInt: d.kind = K::kInt; break;
    case B::kDecimal: d.kind = K::kDecimal; break;
    case B::kBool: d.kind = K::kBool; break;
    case B::kDate: d.kind = K::kDate; break;
    case B::kPercent: d.kind = K::kPercent; break;
    case B::kDuration: d.kind = K::kDuration; break;
    case B::kNone: d.kind = K::kNone; break;
    case B::kMatter: d.kind = K::kMatter; break;
    case B::kReason:
      d.kind = K::kRecord;
      d.record = m_.reason_record;
      break;
    case B::kEnum: {
      auto e = m_.enum_by_name.find(t.name);
      if (e == m_.enum_by_name.end()) {
        Dangling(where, "unknown enum `" + t.name + "`");
        return nullptr;
      }
      d.kind = K::kEnum;
      d.enum_type = e->second;
      break;
    }
    case B::kRecord: {
      auto r = m_.record_by_name.find(t.name);
      if (r == m_.record_by_name.end() || r->second->is_struct) {
        Dangling(where, "unknown record `" + t.name + "`");
        return nullptr;
      }
      d.kind = K::kRecord;
      d.record = r->second;
      break;
    }
    case B::kList:
    case B::kSet:
      d.kind = t.kind == B::kList ? K::kList : K::kSet;
      d.element = Intern(*t.element, bundle::Path(where, "of"));
      if (d.element == nullptr) return nullptr;
      break;
    case B::kStruct: {
      std::vector<std::string> names;
      std::vector<const TypeDesc*> types;
      for (std::size_t i = 0; i < t.fields.size(); ++i) {
        names.push_back(t.fields[i].name);
        const bundle::Path fields(where, "fields");
        const bundle::Path field(fields, i);
        types.push_back(Intern(t.fields[i].type, bundle::Path(field, "type")));
        if (types.back() == nullptr) return nullptr;
      }
      d.kind = K::kRecord;
      d.record = Struct(names, types);
      break;
    }
  }
  d.spelling = spelling;
  TypeDesc& stored = m_.types.emplace_back(std::move(d));
  m_.type_by_spelling.emplace(std::move(spelling), &stored);
  return &stored;
}

bool Loader::LoadTypes() {
  RecordType& reason = m_.records.emplace_back();
  reason.name = "Reason";
  reason.is_struct = true;
  reason.field_names = {"code", "rule", "message", "basis"};
  m_.reason_record = &reason;
  for (std::uint32_t i = 0; i < 4; ++i) reason.index[reason.field_names[i]] = i;

  for (std::size_t i = 0; i < doc_.enums().size(); ++i) {
    const bundle::EnumDecl& decl = doc_.enums()[i];
    const std::string where = bundle::At("enums", i);
    EnumType& e = m_.enums.emplace_back();
    e.name = decl.name;
    e.label = decl.label;
    for (std::size_t k = 0; k < decl.members.size(); ++k) {
      const std::string& name = decl.members[k].name;
      if (!e.index.emplace(name, static_cast<std::uint32_t>(k)).second) {
        return Structure(bundle::At(where + ".members", k), "duplicate member `" + name + "`");
      }
      e.members.push_back(name);
      e.labels.push_back(decl.members[k].label);
    }
    if (!m_.enum_by_name.emplace(e.name, &e).second) {
      return Structure(where, "duplicate enum `" + e.name + "`");
    }
  }
  // Every record is declared before any field is typed: fields may name
  // records declared later.
  std::vector<RecordType*> declared;
  for (std::size_t i = 0; i < doc_.records().size(); ++i) {
    const bundle::RecordDecl& decl = doc_.records()[i];
    RecordType& r = m_.records.emplace_back();
    r.name = decl.name;
    r.facts = decl.facts;
    if (m_.record_by_name.count(r.name) || m_.enum_by_name.count(r.name)) {
      return Structure(bundle::At("records", i), "duplicate type `" + r.name + "`");
    }
    m_.record_by_name[r.name] = &r;
    declared.push_back(&r);
  }
  for (std::size_t i = 0; i < doc_.records().size(); ++i) {
    const bundle::RecordDecl& decl = doc_.records()[i];
    const std::string where = bundle::At("records", i);
    RecordType& r = *declared[i];
    for (std::size_t k = 0; k < decl.fields.size(); ++k) {
      const std::string fw = bundle::At(where + ".fields", k);
      const std::string& name = decl.fields[k].name;
      if (!r.index.emplace(name, static_cast<std::uint32_t>(k)).second) {
        return Structure(fw, "duplicate field `" + name + "`");
      }
      r.field_names.push_back(name);
      const TypeDesc* t = Intern(decl.fields[k].type, fw + ".type");
      if (t == nullptr) return false;
      r.field_types.push_back(t);
    }
  }
  const TypeDesc* text = KnownType(TypeDesc::Kind::kText);
  reason.field_types.assign(4, text);
  return true;
}

}  // namespace bylaw::runtime::runtime_internal
