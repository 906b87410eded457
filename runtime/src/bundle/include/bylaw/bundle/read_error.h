// Why a bundle could not be read: a stable snake_case code from
// docs/bundle.md section 7 (`bundle_structure`, `bundle_version`, ...) and
// a message that names the path of the offending value
// (`tables[2].rows[0].cells`). Every reader of bylaw/bundle/ reports
// failures through one of these and returns false or null; none throws.
//
// Owned by runtime/src/bundle/; internal like bylaw/bundle/schema.h.
#ifndef BYLAW_BUNDLE_READ_ERROR_H_
#define BYLAW_BUNDLE_READ_ERROR_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace bylaw::bundle {

// Where a value sits in the document (`tables[2].rows[0].cells`), built
// as a chain on the stack and spelled only when a message needs it:
// loading visits every node of every expression, and almost never fails.
// A Path refers to its parent and its text: both must outlive it (pass
// temporaries down a call, never store one).
class Path {
 public:
  Path(const std::string& root) : text_(root) {}  // NOLINT(google-explicit-constructor): a root
  Path(const char* root) : text_(root) {}         // NOLINT(google-explicit-constructor): a root
  // `parent.key`
  Path(const Path& parent, std::string_view key) : parent_(&parent), text_(key) {}
  // `parent[index]`
  Path(const Path& parent, std::size_t index) : parent_(&parent), index_(index), is_index_(true) {}
  // A parent converted from text would be a temporary that dies first:
  // name the root Path instead.
  Path(const std::string& parent, std::string_view key) = delete;
  Path(const std::string& parent, std::size_t index) = delete;
  Path(const char* parent, std::string_view key) = delete;
  Path(const char* parent, std::size_t index) = delete;

  std::string str() const {
    std::string out = parent_ ? parent_->str() : std::string();
    if (is_index_) {
      out += '[';
      out += std::to_string(index_);
      out += ']';
    } else {
      if (parent_ && !out.empty()) out += '.';
      out += text_;
    }
    return out;
  }

 private:
  const Path* parent_ = nullptr;
  std::string_view text_;
  std::size_t index_ = 0;
  bool is_index_ = false;
};

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
inline bool Fail(ReadError* error, const char* code, const Path& where, const std::string& what) {
  const std::string at = where.str();
  error->code = code;
  error->message = at.empty() ? what : at + ": " + what;
  return false;
}

}  // namespace bylaw::bundle

#endif  // BYLAW_BUNDLE_READ_ERROR_H_
