// Exact JSON reading (see exact_json.h): nlohmann's own parser and DOM
// builder, with its float event kept as text and the position of each
// value tracked, so that an overflowing number can be named by its path.
#include "exact_json.h"

#include "bylaw/base/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace bylaw::runtime::runtime_internal {
namespace {

using nlohmann::json;
using Base = nlohmann::detail::json_sax_dom_parser<json>;

class ExactSax : public Base {
 public:
  explicit ExactSax(json* root) : Base(*root, /*allow_exceptions=*/false) {}

  bool null() { return Scalar(Base::null()); }
  bool boolean(bool v) { return Scalar(Base::boolean(v)); }
  bool number_integer(json::number_integer_t v) { return Scalar(Base::number_integer(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return Scalar(Base::number_unsigned(v)); }
  bool number_float(json::number_float_t /*rounded*/, const json::string_t& text) {
    json::binary_t b(std::vector<std::uint8_t>(text.begin(), text.end()), kNumberTextSubtype);
    return Scalar(Base::binary(b));
  }
  bool string(json::string_t& v) { return Scalar(Base::string(v)); }
  bool binary(json::binary_t& v) { return Scalar(Base::binary(v)); }
  bool start_object(std::size_t n) {
    frames_.push_back({false, 0, {}});
    return Base::start_object(n);
  }
  bool key(json::string_t& k) {
    frames_.back().key = k;
    return Base::key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return Scalar(Base::end_object());
  }
  bool start_array(std::size_t n) {
    frames_.push_back({true, 0, {}});
    return Base::start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return Scalar(Base::end_array());
  }
  template <class Exception>
  bool parse_error(std::size_t at, const std::string& token, const Exception& ex) {
    // 406: a number token that overflows a double.
    if (ex.id == 406) {
      overflow_token_ = token;
      overflow_path_ = Path();
    }
    if (!errored_) {
      errored_ = true;
      error_at_ = at;
      // "[json.exception.parse_error.101] parse error at line 1, column 2: why"
      const std::string what = ex.what();
      const std::size_t tag = what.find("] ");
      const std::size_t colon = what.find(": ", tag == std::string::npos ? 0 : tag);
      reason_ = ValidUtf8(colon == std::string::npos ? what : what.substr(colon + 2));
    }
    return Base::parse_error(at, token, ex);
  }

  bool errored() const { return errored_; }
  // nlohmann's position: the bytes read, end of input counting as one.
  std::size_t error_at() const { return error_at_; }
  const std::string& reason() const { return reason_; }

  const std::string& overflow_path() const { return overflow_path_; }
  const std::string& overflow_token() const { return overflow_token_; }

 private:
  struct Frame {
    bool array;
    std::size_t index;  // elements of an array completed so far
    std::string key;    // the current key of an object
  };

  // A value ended: the next one in an array has the next index.
  bool Scalar(bool ok) {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return ok;
  }

  std::string Path() const {
    std::string p = "$";
    for (const Frame& f : frames_) {
      if (f.array) {
        p += "[" + std::to_string(f.index) + "]";
      } else {
        p += "." + f.key;
      }
    }
    return p;
  }

  // nlohmann quotes the bytes it read ("last read: '...'"), ill-formed
  // UTF-8 included; messages must be UTF-8 (they go into JSON): such a
  // byte is written `<0xFF>`.
  static std::string ValidUtf8(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      const auto c = static_cast<unsigned char>(text[i]);
      const std::size_t n = c < 0x80 ? 1 : base::Utf8SequenceLength(text, i);
      if (n == 0) {
        static const char kHex[] = "0123456789ABCDEF";
        out += "<0x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
        out += ">";
        ++i;
      } else {
        out.append(text, i, n);
        i += n;
      }
    }
    return out;
  }

  std::vector<Frame> frames_;
  bool errored_ = false;
  std::size_t error_at_ = 0;
  std::string reason_;
  std::string overflow_path_;
  std::string overflow_token_;
};

// Where a parse error is, as a byte offset: past the end when the text
// ended first; for the lexer's errors (a bad literal, string or number,
// "...; last read: '...'") the byte it could not take, the last one read;
// for the parser's (a whole token in the wrong place) where that token
// begins, so that `"a" "b"` points at the second string, not its end.
std::size_t ErrorOffset(std::string_view text, std::size_t read, const std::string& reason) {
  if (read > text.size()) return text.size();  // nlohmann counts the end as a byte read
  std::size_t at = read > 0 ? read - 1 : 0;
  if (at >= text.size() || reason.find("; last read: '") != std::string::npos) return at;
  auto word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  };
  if (text[at] == '"') {
    // Back to the opening quote: one not escaped by an odd run of `\`.
    for (std::size_t j = at; j-- > 0;) {
      if (text[j] != '"') continue;
      std::size_t backslashes = 0;
      while (backslashes < j && text[j - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return j;
    }
  } else if (word(text[at])) {
    while (at > 0 && word(text[at - 1])) --at;
  }
  return at;
}

void AppendExact(const json& j, bool replace, std::string* out) {
  if (IsNumberText(j)) {
    out->append(NumberText(j));
  } else if (j.is_object()) {
    out->push_back('{');
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!first) out->push_back(',');
      first = false;
      AppendExact(json(it.key()), replace, out);
      out->push_back(':');
      AppendExact(it.value(), replace, out);
    }
    out->push_back('}');
  } else if (j.is_array()) {
    out->push_back('[');
    bool first = true;
    for (const json& v : j) {
      if (!first) out->push_back(',');
      first = false;
      AppendExact(v, replace, out);
    }
    out->push_back(']');
  } else {
    out->append(replace ? j.dump(-1, ' ', false, json::error_handler_t::replace) : j.dump());
  }
}

}  // namespace

std::string DumpJsonExact(const json& j, bool replace) {
  std::string out;
  AppendExact(j, replace, &out);
  return out;
}

bool ParseJsonExact(std::string_view text, json* out, ExactJsonError* error) {
  *out = json();
  *error = {};
  ExactSax sax(out);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax) && !sax.is_errored();
  } catch (const std::exception&) {
    ok = false;  // e.g. allocation failure: not a document we can read
  }
  if (!ok) {
    *out = json();
    error->path = sax.overflow_path();
    error->token = sax.overflow_token();
    if (sax.errored()) {
      const std::size_t at = ErrorOffset(text, sax.error_at(), sax.reason());
      const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
      const std::size_t from = line_start == std::string_view::npos || at == 0 ? 0 : line_start + 1;
      error->line = 1;
      for (std::size_t i = 0; i < from; ++i) error->line += text[i] == '\n';
      error->column = 1;
      for (std::size_t i = from; i < at; ++i) {
        error->column += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
      }
      error->reason = sax.reason();
    }
  }
  return ok;
}

bool IsNumberText(const json& j) {
  return j.is_binary() && j.get_binary().has_subtype() &&
         j.get_binary().subtype() == kNumberTextSubtype;
}

std::string_view NumberText(const json& j) {
  if (!IsNumberText(j)) return {};
  const auto& b = j.get_binary();
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

std::string NumberToken(const json& j) {
  if (IsNumberText(j)) return std::string(NumberText(j));
  if (j.is_number_unsigned()) return std::to_string(j.get<std::uint64_t>());
  if (j.is_number_integer()) return std::to_string(j.get<std::int64_t>());
  if (j.is_number_float()) {
    std::array<char, 64> buf{};
    char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(),
                                           j.get<double>());
    return std::string(buf.data(), end);
  }
  return {};
}

}  // namespace bylaw::runtime::runtime_internal
