// Display width of UTF-8 text (see display_width.h).
#include "display_width.h"

#include <utf8proc.h>

namespace bylaw::dsl::format_internal {

std::size_t DisplayWidth(std::string_view utf8) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t n = utf8proc_iterate(
        reinterpret_cast<const utf8proc_uint8_t*>(utf8.data() + i),
        static_cast<utf8proc_ssize_t>(utf8.size() - i), &cp);
    if (n <= 0) {
      width += 1;
      i += 1;
      continue;
    }
    i += static_cast<std::size_t>(n);
    int w = utf8proc_charwidth(cp);
    width += w > 0 ? static_cast<std::size_t>(w) : 0;
  }
  return width;
}

}  // namespace bylaw::dsl::format_internal
