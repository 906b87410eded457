// Typed member access (see bylaw/bundle/fields.h).
#include "bylaw/bundle/fields.h"

namespace bylaw::bundle {

const Json* Find(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

const Json* Get(const Json& obj, const char* key, const Path& where, ReadError* error) {
  if (!obj.is_object()) {
    Fail(error, code::kStructure, where, "expected an object");
    return nullptr;
  }
  auto it = obj.find(key);
  if (it == obj.end()) {
    Fail(error, code::kStructure, where, std::string("missing key `") + key + "`");
    return nullptr;
  }
  return &*it;
}

const std::string* GetString(const Json& obj, const char* key, const Path& where,
                             ReadError* error) {
  const Json* v = Get(obj, key, where, error);
  if (v == nullptr) return nullptr;
  if (!v->is_string()) {
    Fail(error, code::kStructure, Path(where, key), "expected a string");
    return nullptr;
  }
  return &v->get_ref<const std::string&>();
}

const Json* GetArray(const Json& obj, const char* key, const Path& where, ReadError* error) {
  const Json* v = Get(obj, key, where, error);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    Fail(error, code::kStructure, Path(where, key), "expected an array");
    return nullptr;
  }
  return v;
}

bool GetType(const Json& obj, const char* key, const Path& where, Type* out, ReadError* error) {
  const Json* v = Get(obj, key, where, error);
  return v != nullptr && ReadType(*v, Path(where, key), out, error);
}

bool GetOptString(const Json& obj, const char* key, const Path& where, std::string* out,
                  ReadError* error) {
  const Json* v = Find(obj, key);
  if (v == nullptr) {
    out->clear();
    return true;
  }
  if (!v->is_string()) return Fail(error, code::kStructure, Path(where, key), "expected a string");
  *out = v->get<std::string>();
  return true;
}

bool GetOptBool(const Json& obj, const char* key, const Path& where, bool* out, ReadError* error) {
  const Json* v = Find(obj, key);
  if (v == nullptr) {
    *out = false;
    return true;
  }
  if (!v->is_boolean()) return Fail(error, code::kStructure, Path(where, key), "expected a bool");
  *out = v->get<bool>();
  return true;
}

std::string At(const std::string& where, std::size_t i) {
  return where + "[" + std::to_string(i) + "]";
}

}  // namespace bylaw::bundle
