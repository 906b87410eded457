// Internal to dsl/src/format (public API: bylaw/dsl/formatter.h).
//
// Terminal columns of UTF-8 text, for aligning decision-table columns:
// a Chinese character takes two columns, a combining mark none.
#ifndef BYLAW_DSL_SRC_FORMAT_DISPLAY_WIDTH_H_
#define BYLAW_DSL_SRC_FORMAT_DISPLAY_WIDTH_H_

#include <cstddef>
#include <string_view>

namespace bylaw::dsl::format_internal {

// Sum of utf8proc_charwidth over the code points of `utf8`. Invalid bytes
// count one column each, so malformed text still aligns predictably.
std::size_t DisplayWidth(std::string_view utf8);

}  // namespace bylaw::dsl::format_internal

#endif  // BYLAW_DSL_SRC_FORMAT_DISPLAY_WIDTH_H_
