// The streaming facts reader (see facts_reader.h). Every acceptance rule
// here mirrors nlohmann's lexer (RFC 8259 with strict UTF-8) and FromJson
// in json_adapter.cpp; where the two could differ, the reader gives up and
// leaves the case to them.
#include "facts_reader.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <span>
#include <string>

#include "bylaw/base/json_text.h"
#include "bylaw/base/utf8.h"
#include "bylaw/runtime/decimal.h"
#include "literal.h"
#include "value_access.h"

namespace bylaw::runtime::runtime_internal {
namespace {

using base::AppendInt;
using K = TypeDesc::Kind;

// Deeper documents are left to the DOM path (types could be recursive).
constexpr int kMaxDepth = 64;

// A JSON number token, classified as nlohmann classifies it.
struct Number {
  bool integer = false;     // no fraction, no exponent
  bool exact = false;       // integer: fits in `value`; float: `scaled` set
  std::int64_t value = 0;   // integer value
  std::int64_t scaled = 0;  // float: value * 10^6, exactly
  std::string_view text;
};

constexpr std::uint64_t Pow10(int e) {
  std::uint64_t p = 1;
  while (e-- > 0) p *= 10;
  return p;
}

// Buffers reused across documents on a thread, so that a steady batch
// allocates nothing here.
struct Scratch {
  std::vector<bool> seen;
  // The items of the lists being read, innermost last: a list's block is
  // allocated at its final size once its `]` is reached.
  std::vector<Value> items;
  std::string key;
  std::string text;
  std::string path;
};

class Reader {
 public:
  Reader(const Model& model, std::string_view text, Scratch* scratch)
      : model_(model),
        p_(text.data()),
        end_(text.data() + text.size()),
        seen_(scratch->seen),
        items_(scratch->items),
        key_(scratch->key),
        text_(scratch->text),
        path_(scratch->path) {}

  bool Document(const Decision& d, std::vector<Value>* params,
                std::optional<std::int64_t>* as_of) {
    params->assign(d.params.size(), Value());
    as_of->reset();
    seen_.assign(d.params.size() + 1, false);  // last slot: as_of
    Ws();
    if (!Eat('{')) return false;
    Ws();
    if (!Eat('}')) {
      for (;;) {
        std::string_view key;
        if (!String(&key, &key_)) return false;
        Ws();
        if (!Eat(':')) return false;
        Ws();
        if (key == "as_of") {
          if (seen_.back()) return false;
          seen_.back() = true;
          std::string_view t;
          if (!String(&t, &text_)) return false;
          *as_of = ParseDateLiteral(t);
          if (!*as_of) return false;
        } else {
          if (key.data() != key_.data()) key_.assign(key);
          auto it = d.param_index.find(key_);
          if (it == d.param_index.end() || seen_[it->second]) return false;
          seen_[it->second] = true;
          path_.assign("$.");
          path_.append(key_);
          if (!Read(d.params[it->second].type, 0, &(*params)[it->second])) {
            return false;
          }
        }
        Ws();
        if (Eat(',')) {
          Ws();
          continue;
        }
        if (Eat('}')) break;
        return false;
      }
    }
    Ws();
    if (p_ != end_) return false;
    for (std::size_t i = 0; i < d.params.size(); ++i) {
      if (!seen_[i]) complete_ = false;
    }
    return true;
  }

  // After a true Document(): whether no non-optional fact is absent, in
  // any record at any depth (so FirstMissingFact would find none).
  bool complete() const { return complete_; }

 private:
  void Ws() {
    // Most calls meet a token at once (compact documents): one test.
    if (p_ == end_ || static_cast<unsigned char>(*p_) > ' ') return;
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool Eat(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool Word(std::string_view w) {
    if (static_cast<std::size_t>(end_ - p_) < w.size() ||
        std::string_view(p_, w.size()) != w) {
      return false;
    }
    p_ += w.size();
    return true;
  }

  // One value of `type` at the current position, its path in `path_`.
  bool Read(const TypeDesc* type, int depth, Value* out) {
    if (depth > kMaxDepth || p_ == end_) return false;
    const char c = *p_;
    std::string_view t;
    if (c == 'n') {
      if (!Word("null") || !(type->optional || type->kind == K::kNone)) return false;
      *out = Value::Null();
      return true;
    }
    switch (type->kind) {
      case K::kNone:
        return false;
      case K::kText:
        if (!String(&t, &text_)) return false;
        *out = Value::Text(t);
        return true;
      case K::kBool: return Bool(out);
      case K::kInt: {
        Number n;
        if (!ReadNumber(&n) || !n.integer || !n.exact) return false;
        *out = Value::Int(n.value);
        return true;
      }
      case K::kDecimal:
      case K::kPercent:
        return ReadDecimal(type->kind == K::kPercent, out);
      case K::kDate: {
        if (!String(&t, &text_)) return false;
        auto day = ParseDateLiteral(t);
        if (!day) return false;
        *out = Value::Date(*day);
        return true;
      }
      case K::kDuration: {
        if (!String(&t, &text_)) return false;
        auto d = ParseDurationLiteral(t);
        if (!d) return false;
        *out = Value::Duration(d->months, d->days);
        return true;
      }
      case K::kEnum: {
        if (c == '"') {
          if (!String(&t, &text_)) return false;
        } else {
          Number n;
          if (!ReadNumber(&n) || !n.integer || !n.exact) return false;
          text_ = std::to_string(n.value);
          t = text_;
        }
        if (t.empty()) return false;
        const int member = EnumMember(type->enum_type, t);
        if (member < 0) return false;
        *out = Value::Enum(type->enum_type, static_cast<std::uint32_t>(member));
        return true;
      }
      case K::kMatter: {
        if (!String(&t, &text_)) return false;
        if (t.data() != text_.data()) text_.assign(t);
        auto it = model_.matter_by_id.find(text_);
        if (it == model_.matter_by_id.end()) return false;
        *out = Value::Matter(it->second);
        return true;
      }
      case K::kList:
      case K::kSet:
        return ReadList(type, depth, out);
      case K::kRecord:
        return ReadRecord(type->record, depth, out);
    }
    return false;
  }

  bool ReadDecimal(bool percent, Value* out) {
    std::optional<std::int64_t> scaled;
    if (*p_ == '"') {
      std::string_view t;
      if (!String(&t, &text_)) return false;
      scaled = percent ? ParsePercentLiteral(t) : ParseDecimalLiteral(t);
      if (!scaled && percent) scaled = ParseDecimalLiteral(t);
    } else {
      // Exact integer arithmetic for the common short forms, the token's
      // text (bylaw/runtime/decimal.h) for the rest; never a double.
      // Anything out of range or too precise is left to the DOM path's
      // message.
      Number n;
      if (!ReadNumber(&n)) return false;
      std::int64_t units = 0;
      if (n.exact && n.integer) {
        if (!DecimalFromInt(n.value, &units)) return false;
      } else if (n.exact) {
        units = n.scaled;
      } else if (ParseJsonNumberDecimal(n.text, &units) != DecimalStatus::kOk) {
        return false;
      }
      scaled = units;
    }
    if (!scaled) return false;
    *out = percent ? Value::PercentScaled(*scaled) : Value::DecimalScaled(*scaled);
    return true;
  }

  // Lists and records out of line: Read, which every scalar passes, then
  // needs fewer registers saved on entry.
  [[gnu::noinline]] bool ReadList(const TypeDesc* type, int depth, Value* out) {
    if (!Eat('[')) return false;
    // This list's items go on items_ from `first`; nested lists push theirs
    // above and take them off again before this one's next item.
    const std::size_t first = items_.size();
    const std::size_t base = path_.size();
    const bool paths = MayHoldRecord(type->element);
    Ws();
    if (!Eat(']')) {
      for (;;) {
        if (paths) {
          path_.push_back('[');
          AppendInt(static_cast<std::int64_t>(items_.size() - first), &path_);
          path_.push_back(']');
        }
        // Read aside: a nested list may grow (and move) items_ meanwhile.
        Value item;
        if (!Read(type->element, depth + 1, &item)) {
          items_.resize(first);
          return false;
        }
        items_.push_back(std::move(item));
        path_.resize(base);
        Ws();
        if (Eat(',')) {
          Ws();
          continue;
        }
        if (Eat(']')) break;
        items_.resize(first);
        return false;
      }
    }
    Value* items = nullptr;
    *out = ValueAccess::NewList(items_.size() - first, &items);
    std::move(items_.begin() + static_cast<std::ptrdiff_t>(first), items_.end(), items);
    items_.resize(first);
    return true;
  }

  [[gnu::noinline]] bool ReadRecord(const RecordType* rt, int depth, Value* out) {
    if (!Eat('{')) return false;
    const std::size_t n = rt->field_names.size();
    // Built in place, its path (this record's, path_ now) included; the
    // fields are set below before the Value goes anywhere.
    Value* fields = nullptr;
    *out = ValueAccess::NewRecord(rt, n, path_, &fields);
    for (std::size_t i = 0; i < n; ++i) {
      if (rt->field_types[i]->optional) fields[i] = Value::Null();
    }
    // Duplicate keys: the DOM keeps the last one; leave them to it.
    std::uint64_t seen_small = 0;
    std::size_t hint = 0;  // fields usually come in declaration order
    std::size_t sorted = n;  // or in byte order (NameTable::NextInByteOrder)
    const bool guess = rt->names.built() && rt->names.plain();
    std::vector<bool> seen_large(n > 64 ? n : 0, false);
    const std::size_t base = path_.size();
    Ws();
    if (!Eat('}')) {
      for (;;) {
        // The key the orders predict, matched in place; else any key.
        int slot = -1;
        if (guess) {
          slot = KeyIs(rt->field_names, hint);
          if (slot < 0) slot = KeyIs(rt->field_names, rt->names.NextInByteOrder(sorted));
        }
        if (slot < 0) {
          std::string_view key;
          if (!String(&key, &key_)) return false;
          slot = FieldSlot(rt, key, hint);
          if (slot < 0) return false;
        }
        hint = static_cast<std::size_t>(slot) + 1;
        sorted = static_cast<std::size_t>(slot);
        if (n <= 64) {
          const std::uint64_t bit = std::uint64_t{1} << slot;
          if (seen_small & bit) return false;
          seen_small |= bit;
        } else {
          if (seen_large[slot]) return false;
          seen_large[slot] = true;
        }
        const TypeDesc* field_type = rt->field_types[slot];
        const K kind = field_type->kind;
        if (kind == K::kRecord ||
            ((kind == K::kList || kind == K::kSet) && MayHoldRecord(field_type))) {
          path_.push_back('.');
          path_.append(rt->field_names[slot]);  // the key's text, unescaped
        }
        Ws();
        if (!Eat(':')) return false;
        Ws();
        // Most facts are flags: a bool is read here, saving a call of Read
        // (which also takes null and reports what is neither).
        const bool read =
            (kind == K::kBool && Bool(&fields[slot])) || Read(field_type, depth + 1, &fields[slot]);
        if (!read) return false;
        path_.resize(base);
        Ws();
        if (Eat(',')) {
          Ws();
          continue;
        }
        if (Eat('}')) break;
        return false;
      }
    }
    // A field not given is missing unless optional (set to null above).
    const std::size_t given =
        n <= 64 ? static_cast<std::size_t>(std::popcount(seen_small))
                : static_cast<std::size_t>(std::count(seen_large.begin(), seen_large.end(), true));
    if (given != n) {
      for (std::size_t i = 0; i < n && complete_; ++i) {
        if (fields[i].is_missing()) complete_ = false;
      }
    }
    return true;
  }

  // `true` or `false` at p_.
  bool Bool(Value* out) {
    if (Word("true")) {
      *out = Value::Bool(true);
    } else if (Word("false")) {
      *out = Value::Bool(false);
    } else {
      return false;
    }
    return true;
  }

  // When the JSON string at p_ is names[i] (a plain name: NameTable::plain),
  // steps over it and gives i; else -1, p_ unmoved.
  int KeyIs(const std::vector<std::string>& names, std::size_t i) {
    if (i >= names.size()) return -1;
    const std::string& name = names[i];
    const std::size_t n = name.size();
    if (static_cast<std::size_t>(end_ - p_) < n + 2 || p_[0] != '"' || p_[n + 1] != '"' ||
        !NameTable::Equal(name, std::string_view(p_ + 1, n))) {
      return -1;
    }
    p_ += n + 2;
    return static_cast<int>(i);
  }

  // Whether a value of `type` can hold a record, the only Value that keeps
  // its JSON path (record_path, for MISSING_FACT messages): the path is
  // kept up to date only down to such values, not for every scalar field.
  // Lists of lists beyond kMaxDepth say yes: keeping a path is never wrong.
  static bool MayHoldRecord(const TypeDesc* type) {
    for (int depth = 0; type != nullptr && depth <= kMaxDepth; ++depth) {
      if (type->kind != K::kList && type->kind != K::kSet) return type->kind == K::kRecord;
      type = type->element;
    }
    return true;
  }

  // The slot of field `key`, or -1: by the record's name table when the
  // bundle's load built it; otherwise small records are scanned from
  // `hint` (fields usually come in declaration order), large ones use the
  // index.
  static int FieldSlot(const RecordType* rt, std::string_view key, std::size_t hint) {
    if (rt->names.built()) return rt->names.Find(rt->field_names, key);
    const std::size_t n = rt->field_names.size();
    if (n > 32) return rt->Find(std::string(key));
    std::size_t i = hint < n ? hint : 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (NameTable::Equal(rt->field_names[i], key)) return static_cast<int>(i);
      if (++i == n) i = 0;
    }
    return -1;
  }

  // The index of member `name` of `e`, or -1 (members are where the index
  // points: Value::enum_name reads them so).
  static int EnumMember(const EnumType* e, std::string_view name) {
    if (e->names.built()) return e->names.Find(e->members, name);
    const std::size_t n = e->members.size();
    if (n > 16) {
      auto it = e->index.find(std::string(name));
      return it == e->index.end() ? -1 : static_cast<int>(it->second);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (NameTable::Equal(e->members[i], name)) return static_cast<int>(i);
    }
    return -1;
  }

  // A JSON number (RFC 8259 grammar, as nlohmann's lexer accepts it).
  bool ReadNumber(Number* n) {
    const char* start = p_;
    const bool neg = p_ != end_ && *p_ == '-';
    if (neg) ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    std::uint64_t mantissa = 0;
    int digits = 0;  // significant digits gathered into `mantissa`
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
        if (digits < 19) mantissa = mantissa * 10 + static_cast<unsigned>(*p_ - '0');
        ++digits;
        ++p_;
      }
    }
    int frac = 0;
    bool is_float = false;
    if (p_ != end_ && *p_ == '.') {
      is_float = true;
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
        if (digits < 19) mantissa = mantissa * 10 + static_cast<unsigned>(*p_ - '0');
        if (mantissa != 0) ++digits;
        ++frac;
        ++p_;
      }
    }
    bool exponent = false;
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      is_float = exponent = true;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    n->text = std::string_view(start, static_cast<std::size_t>(p_ - start));
    n->integer = !is_float;
    if (n->integer) {
      // Up to 18 digits fits int64 either sign; longer ones (unsigned, or
      // beyond 64 bits and so a float to nlohmann) go to the DOM path.
      n->exact = digits <= 18;
      // Negated as unsigned: -9223372036854775808 (19 digits, not exact,
      // the value unused) must not overflow int64 on the way (UBSan found it).
      n->value = static_cast<std::int64_t>(neg ? 0 - mantissa : mantissa);
    } else if (!exponent && frac <= 6 && digits <= 15) {
      // m / 10^frac scaled by 10^6 is the integer m * 10^(6 - frac), below
      // 10^15 here: exact, and the same units ParseJsonNumberDecimal gives.
      if (mantissa < Pow10(9 + frac)) {  // so the scaled value < 10^15
        n->exact = true;
        const auto v = static_cast<std::int64_t>(mantissa * Pow10(6 - frac));
        n->scaled = neg ? -v : v;
      }
    }
    return true;
  }

  // A JSON string: `*out` views its characters in the text when it has no
  // escape, else `buffer`, where they are unescaped. Control characters,
  // bad escapes, lone surrogates and ill-formed UTF-8 make the reader give
  // up (nlohmann rejects them all).
  bool String(std::string_view* out, std::string* buffer) {
    if (!Eat('"')) return false;
    const char* run = p_;
    bool escaped = false;
    while (p_ != end_) {
      p_ = base::SkipJsonPlain(p_, end_);
      if (p_ == end_) break;
      const auto u = static_cast<unsigned char>(*p_);
      if (u == '"') {
        if (!escaped) {
          *out = std::string_view(run, static_cast<std::size_t>(p_ - run));
        } else {
          buffer->append(run, static_cast<std::size_t>(p_ - run));
          *out = *buffer;
        }
        ++p_;
        return true;
      }
      if (u < 0x20) return false;
      if (u >= 0x80) {
        if (!Utf8()) return false;
        continue;
      }
      // A backslash: the characters so far, then the escape's.
      if (!escaped) {
        buffer->clear();
        escaped = true;
      }
      buffer->append(run, static_cast<std::size_t>(p_ - run));
      ++p_;
      const std::size_t used = base::DecodeJsonEscape(
          std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0, buffer);
      if (used == 0) return false;
      p_ += used;
      run = p_;
    }
    return false;
  }

  // The well-formed UTF-8 sequences at p_, up to the next ASCII byte.
  bool Utf8() {
    const char* next = base::SkipUtf8Multibyte(p_, end_);
    if (next == nullptr) return false;
    p_ = next;
    return true;
  }

  const Model& model_;
  bool complete_ = true;
  const char* p_;
  const char* end_;
  std::vector<bool>& seen_;
  std::vector<Value>& items_;
  std::string& key_;
  std::string& text_;
  std::string& path_;
};

}  // namespace

bool ReadFactsFast(const Model& model, const Decision& decision, std::string_view text,
                   std::vector<Value>* params, std::optional<std::int64_t>* as_of, bool* complete) {
  thread_local Scratch scratch;
  Reader reader(model, text, &scratch);
  if (!reader.Document(decision, params, as_of)) return false;
  if (complete != nullptr) *complete = reader.complete();
  return true;
}

void BuildNameTables(Model* model) {
  for (RecordType& r : model->records) r.names.Build(r.field_names);
  for (EnumType& e : model->enums) e.names.Build(e.members);
}

namespace {

// The first missing non-optional fact inside `v` (a value read from the
// facts), appended to `path`; false when there is none.
bool MissingIn(const Value& v, std::string* path) {
  if (v.kind() == ValueKind::kRecord) {
    const RecordType* rt = v.record_type();
    const std::span<const Value> fields = v.items();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].is_missing()) {
        *path = v.record_path().empty() ? "$" : std::string(v.record_path());
        path->append(".").append(rt->field_names[i]);
        return true;
      }
      if (MissingIn(fields[i], path)) return true;
    }
  } else if (v.kind() == ValueKind::kList) {  // lists and sets
    for (const Value& item : v.items()) {
      if (MissingIn(item, path)) return true;
    }
  }
  return false;
}

}  // namespace

std::string FirstMissingFact(const Decision& decision, const std::vector<Value>& params) {
  std::string path;
  for (std::size_t i = 0; i < params.size() && i < decision.params.size(); ++i) {
    if (params[i].is_missing()) return "$." + decision.params[i].name;
    if (MissingIn(params[i], &path)) return path;
  }
  return path;
}

}  // namespace bylaw::runtime::runtime_internal
