// Exact JSON text helpers of the CLI (see json_text.h).
#include "json_text.h"

namespace bylaw::cli {
namespace {

using nlohmann::json;

class KeepingDecimals : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit KeepingDecimals(json* root) : json_sax_dom_parser(*root, false) {}
  bool number_float(json::number_float_t /*rounded*/, const json::string_t& text) {
    json::string_t s = text;
    return string(s);
  }
};

}  // namespace

json ParseKeepingDecimals(std::string_view text) {
  json out;
  KeepingDecimals sax(&out);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax) && !sax.is_errored();
  } catch (const std::exception&) {
    ok = false;
  }
  return ok ? out : json(json::value_t::discarded);
}

std::string IndentJson(std::string_view s, int indent) {
  std::string out;
  out.reserve(s.size() * 2);
  int depth = 0;
  auto newline = [&] {
    out.push_back('\n');
    out.append(static_cast<std::size_t>(depth * indent), ' ');
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      const std::size_t start = i++;
      while (i < s.size() && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
      out.append(s.substr(start, i - start + 1));
    } else if (c == '{' || c == '[') {
      if (i + 1 < s.size() && s[i + 1] == (c == '{' ? '}' : ']')) {
        out.push_back(c);
        out.push_back(s[++i]);
        continue;
      }
      out.push_back(c);
      ++depth;
      newline();
    } else if (c == '}' || c == ']') {
      --depth;
      newline();
      out.push_back(c);
    } else if (c == ',') {
      out.push_back(',');
      newline();
    } else if (c == ':') {
      out.append(": ");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace bylaw::cli
