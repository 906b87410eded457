// Exact JSON reading (see exact_json.h): nlohmann's own parser and DOM
// builder, with its float event kept as text and the position of each
// value tracked, so that an overflowing number can be named by its path.
#include "exact_json.h"

#include <array>
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
    return Base::parse_error(at, token, ex);
  }

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

  std::vector<Frame> frames_;
  std::string overflow_path_;
  std::string overflow_token_;
};

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
