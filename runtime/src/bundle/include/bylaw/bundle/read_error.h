// Why a bundle could not be read: a stable snake_case code from
// docs/bundle.md section 7 (`bundle_structure`, `bundle_version`, ...) and
// a message that names the path of the offending value
// (`tables[2].rows[0].cells`). Every reader of bylaw/bundle/ reports
// failures through one of these and returns false or null; none throws.
//
// Owned by runtime/src/bundle/; internal like bylaw/bundle/schema.h.
#ifndef BYLAW_BUNDLE_READ_ERROR_H_
#define BYLAW_BUNDLE_READ_ERROR_H_

#include <string>

namespace bylaw::bundle {

struct ReadError {
  std::string code;
  std::string message;
};

// Error codes (docs/bundle.md, section 7).
namespace code {
inline constexpr const char* kNotJson = "bundle_not_json";
inline constexpr const char* kFormat = "bundle_format";
inline constexpr const char* kVersion = "bundle_version";
inline constexpr const char* kStructure = "bundle_structure";
inline constexpr const char* kDangling = "bundle_dangling_reference";
}  // namespace code

// Sets `*error` to `code` with "where: what" and returns false, so that a
// reader can `return Fail(...)`.
inline bool Fail(ReadError* error, const char* code, const std::string& where,
                 const std::string& what) {
  error->code = code;
  error->message = where.empty() ? what : where + ": " + what;
  return false;
}

}  // namespace bylaw::bundle

#endif  // BYLAW_BUNDLE_READ_ERROR_H_
