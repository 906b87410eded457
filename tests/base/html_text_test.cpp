// HTML text written by hand (bylaw/base/html_text.h): the five characters
// that can end an element's text or a quoted attribute become references,
// everything else (UTF-8 included) is copied, and a parser reading the
// escaped text back gets the original.
#include "bylaw/base/html_text.h"

#include <catch2/catch.hpp>

#include <string>

namespace base = bylaw::base;

namespace {

// The five references the escape writes, read back: what an HTML or XML
// parser does with them.
std::string Unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const std::size_t end = s.find(';', i);
    REQUIRE(end != std::string::npos);
    const std::string ref = s.substr(i, end - i + 1);
    if (ref == "&amp;") out += '&';
    else if (ref == "&lt;") out += '<';
    else if (ref == "&gt;") out += '>';
    else if (ref == "&quot;") out += '"';
    else if (ref == "&#39;") out += '\'';
    else FAIL("unexpected reference " << ref);
    i = end;
  }
  return out;
}

}  // namespace

TEST_CASE("markup characters become references and read back") {
  CHECK(base::HtmlEscaped("<script>alert('x')</script> & \"more\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
  for (int c = 1; c < 0x80; ++c) {
    const std::string text = "a" + std::string(1, static_cast<char>(c)) + "z";
    const std::string escaped = base::HtmlEscaped(text);
    INFO(c);
    CHECK(escaped.find_first_of("<>\"'") == std::string::npos);
    CHECK(Unescape(escaped) == text);
  }
}

TEST_CASE("UTF-8 text is copied and appends keep what was there") {
  std::string out = "<td>";
  base::AppendHtmlEscaped("餐饮服务 & 食品销售", &out);
  CHECK(out == "<td>餐饮服务 &amp; 食品销售");
  CHECK(base::HtmlEscaped("") == "");
}
