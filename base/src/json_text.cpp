#include "bylaw/base/json_text.h"

#include <charconv>

#include "bylaw/base/utf8.h"

namespace bylaw::plan::plan_internal {

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  std::size_t clean = 0;  // start of the run of bytes copied unchanged
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + clean, i - clean);
    clean = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(text.data() + clean, text.size() - clean);
  out->push_back('"');
}

bool Utf8Valid(std::string_view text) { return runtime::IsValidUtf8(text); }

void AppendInt(std::int64_t value, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, r.ptr);
}

}  // namespace bylaw::plan::plan_internal
