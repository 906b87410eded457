// Builds list and record Values in place, for the runtime's own readers
// (facts_reader.cpp): the block is allocated once at its final size and the
// caller constructs the elements straight into it, rather than gathering
// them in a std::vector that Value::List or Value::Record then moves from.
// Public type: bylaw/runtime/value.h.
#ifndef BYLAW_RUNTIME_SRC_VALUE_ACCESS_H_
#define BYLAW_RUNTIME_SRC_VALUE_ACCESS_H_

#include <cstddef>
#include <string_view>

#include "bylaw/runtime/value.h"

namespace bylaw::runtime::runtime_internal {

struct ValueAccess {
  // A record of `type` with `count` fields, all Missing, read from `path`
  // (copied). `*fields` receives the first field: the caller sets them
  // before the Value is copied or shared, never after (Values are
  // immutable once shared).
  static Value NewRecord(const RecordType* type, std::size_t count, std::string_view path,
                         Value** fields);
  // A list of `count` items, all Missing, to be set through `*items` as
  // above; `count` 0 gives the empty list (no heap, `*items` null).
  static Value NewList(std::size_t count, Value** items);

  // One block: `count` Missing Values then a copy of `chars`, the text of a
  // kText Value or the path of any other kind.
  static Value NewBlock(ValueKind kind, std::size_t count, std::string_view chars, Value** items);
};

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_VALUE_ACCESS_H_
