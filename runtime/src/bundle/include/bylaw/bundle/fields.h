// Typed access to the members of a bundle's JSON objects, for the readers
// in bylaw/bundle/ and the loader: each accessor checks the member's JSON
// type, and on a mismatch sets the ReadError (bundle_structure, naming the
// path `where.key`) and returns null or false. None throws.
//
// Owned by runtime/src/bundle/; internal like bylaw/bundle/schema.h.
#ifndef BYLAW_BUNDLE_FIELDS_H_
#define BYLAW_BUNDLE_FIELDS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "bylaw/bundle/read_error.h"
#include "bylaw/bundle/type.h"

namespace bylaw::bundle {

using Json = nlohmann::json;

// `obj[key]` when `obj` is an object holding `key` with a non-null value,
// else null (optional members may be omitted or null).
const Json* Find(const Json& obj, const char* key);

// Required members: null (or false) with `*error` set when `obj` is no
// object, lacks `key`, or holds a value of another JSON type.
const Json* Get(const Json& obj, const char* key, const Path& where, ReadError* error);
const std::string* GetString(const Json& obj, const char* key, const Path& where, ReadError* error);
const Json* GetArray(const Json& obj, const char* key, const Path& where, ReadError* error);
bool GetType(const Json& obj, const char* key, const Path& where, Type* out, ReadError* error);

// Optional members: absent (or null) leaves the default ("" or false);
// present with another JSON type is an error.
bool GetOptString(const Json& obj, const char* key, const Path& where, std::string* out,
                  ReadError* error);
bool GetOptBool(const Json& obj, const char* key, const Path& where, bool* out, ReadError* error);

// `where[i]`, the path of an array element, spelled.
std::string At(const std::string& where, std::size_t i);

}  // namespace bylaw::bundle

#endif  // BYLAW_BUNDLE_FIELDS_H_
