// Canonical JSON from text (see canonical_json.h). A recursive-descent
// reader of RFC 8259 that mirrors nlohmann's lexer where it decides bytes:
// the same UTF-8 validation and escapes, integers as int64/uint64 when
// they fit and every other number as written (exact_json.h), and the string
// escaping of bylaw/base/json_text.h, which mirrors nlohmann's serializer.
#include "canonical_json.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "bylaw/base/json_text.h"
#include "bylaw/base/utf8.h"
#include "result_writer.h"

namespace bylaw::runtime::runtime_internal {
namespace {

constexpr int kMaxDepth = 256;

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  bool Document(std::string* out) {
    SkipSpace();
    if (!Value(out, 0)) return false;
    SkipSpace();
    return i_ == s_.size();
  }

 private:
  bool At(char c) const { return i_ < s_.size() && s_[i_] == c; }

  void SkipSpace() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }

  bool Literal(std::string_view word, std::string* out) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    out->append(word);
    return true;
  }

  bool Value(std::string* out, int depth) {
    if (i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{': return Object(out, depth + 1);
      case '[': return Array(out, depth + 1);
      case '"': {
        std::string text;
        return String(&text) && base::AppendJsonString(text, out);
      }
      case 't': return Literal("true", out);
      case 'f': return Literal("false", out);
      case 'n': return Literal("null", out);
      default: return Number(out);
    }
  }

  bool Object(std::string* out, int depth) {
    if (depth > kMaxDepth) return false;
    ++i_;  // {
    std::vector<std::pair<std::string, std::string>> members;
    SkipSpace();
    if (At('}')) {
      ++i_;
      out->append("{}");
      return true;
    }
    for (;;) {
      SkipSpace();
      if (!At('"')) return false;
      auto& m = members.emplace_back();
      if (!String(&m.first)) return false;
      SkipSpace();
      if (!At(':')) return false;
      ++i_;
      SkipSpace();
      if (!Value(&m.second, depth)) return false;
      SkipSpace();
      if (At(',')) {
        ++i_;
        continue;
      }
      if (!At('}')) return false;
      ++i_;
      break;
    }
    std::sort(members.begin(), members.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    out->push_back('{');
    for (std::size_t k = 0; k < members.size(); ++k) {
      // A repeated key: nlohmann keeps the last value; leave that to it.
      if (k > 0 && members[k].first == members[k - 1].first) return false;
      if (k > 0) out->push_back(',');
      if (!base::AppendJsonString(members[k].first, out)) return false;
      out->push_back(':');
      out->append(members[k].second);
    }
    out->push_back('}');
    return true;
  }

  bool Array(std::string* out, int depth) {
    if (depth > kMaxDepth) return false;
    ++i_;  // [
    out->push_back('[');
    SkipSpace();
    if (At(']')) {
      ++i_;
      out->push_back(']');
      return true;
    }
    for (bool first = true;; first = false) {
      if (!first) out->push_back(',');
      SkipSpace();
      if (!Value(out, depth)) return false;
      SkipSpace();
      if (At(',')) {
        ++i_;
        continue;
      }
      if (!At(']')) return false;
      ++i_;
      out->push_back(']');
      return true;
    }
  }

  // The decoded bytes of the string at i_ (at its opening quote). Raw
  // bytes are copied as they are; AppendJsonString validates their UTF-8.
  bool String(std::string* text) {
    ++i_;  // "
    std::size_t run = i_;
    for (;;) {
      if (i_ >= s_.size()) return false;
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        text->append(s_.data() + run, i_ - run);
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c != '\\') {
        ++i_;
        continue;
      }
      text->append(s_.data() + run, i_ - run);
      const std::size_t used = base::DecodeJsonEscape(s_, ++i_, text);
      if (used == 0) return false;
      i_ += used;
      run = i_;
    }
  }

  bool Number(std::string* out) {
    const std::size_t start = i_;
    if (At('-')) ++i_;
    auto digits = [&] {
      const std::size_t from = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ - from;
    };
    if (At('0')) {
      ++i_;
    } else if (digits() == 0) {
      return false;
    }
    bool integer = true;
    if (At('.')) {
      ++i_;
      if (digits() == 0) return false;
      integer = false;
    }
    if (At('e') || At('E')) {
      ++i_;
      if (At('+') || At('-')) ++i_;
      if (digits() == 0) return false;
      integer = false;
    }
    const char* first = s_.data() + start;
    const char* last = s_.data() + i_;
    if (integer) {
      char buf[24];
      std::to_chars_result printed{};
      if (*first == '-') {
        std::int64_t v;
        const auto r = std::from_chars(first, last, v);
        if (r.ec == std::errc() && r.ptr == last) printed = std::to_chars(buf, buf + sizeof buf, v);
      } else {
        std::uint64_t v;
        const auto r = std::from_chars(first, last, v);
        if (r.ec == std::errc() && r.ptr == last) printed = std::to_chars(buf, buf + sizeof buf, v);
      }
      if (printed.ptr != nullptr) {
        out->append(buf, printed.ptr);
        return true;
      }
    }
    // Every other number is kept exactly as written (exact_json.h), never
    // rounded through a double; one that overflows a double is refused, as
    // nlohmann's lexer (and so ParseJsonExact) refuses it.
    const std::string token(first, last);
    if (!std::isfinite(std::strtod(token.c_str(), nullptr))) return false;
    out->append(token);
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

bool AppendCanonicalJson(std::string_view text, std::string* out) {
  return Reader(text).Document(out);
}

}  // namespace bylaw::runtime::runtime_internal
