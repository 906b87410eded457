// Writing HTML and XML text by hand: the one escape every page and report
// bylaw writes uses (the booklet, the JUnit report of `bylaw test`). Part
// of the internal toolkit (base/, never installed); header-only.
#ifndef BYLAW_BASE_HTML_TEXT_H_
#define BYLAW_BASE_HTML_TEXT_H_

#include <string>
#include <string_view>

namespace bylaw::base {

// Appends `text` with `& < > " '` written as character references, so that
// it is safe in element content and in quoted attribute values of HTML and
// XML alike. Every other byte is copied (UTF-8 stays as it is).
inline void AppendHtmlEscaped(std::string_view text, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      case '\'': out->append("&#39;"); break;
      default: out->push_back(c);
    }
  }
}

inline std::string HtmlEscaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendHtmlEscaped(text, &out);
  return out;
}

}  // namespace bylaw::base

#endif  // BYLAW_BASE_HTML_TEXT_H_
