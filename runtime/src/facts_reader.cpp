// The streaming facts reader (see facts_reader.h). Every acceptance rule
// here mirrors nlohmann's lexer (RFC 8259 with strict UTF-8) and FromJson
// in json_adapter.cpp; where the two could differ, the reader gives up and
// leaves the case to them.
#include "facts_reader.h"

#include <simdjson.h>

#include <cstring>
#include <string>

#include "bylaw/base/utf8.h"
#include "bylaw/runtime/decimal.h"
#include "literal.h"

namespace bylaw::runtime::runtime_internal {
namespace {

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

// A JSON number at *p (RFC 8259 grammar, as nlohmann's lexer accepts it),
// classified into `n`; *p moves past it. Shared by both readers.
bool ScanNumber(const char** at, const char* end, Number* n) {
  const char* p = *at;
  const char* const start = p;
  const bool neg = p != end && *p == '-';
  if (neg) ++p;
  if (p == end || *p < '0' || *p > '9') return false;
  std::uint64_t mantissa = 0;
  int digits = 0;  // significant digits gathered into `mantissa`
  if (*p == '0') {
    ++p;
  } else {
    while (p != end && *p >= '0' && *p <= '9') {
      if (digits < 19) mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      ++digits;
      ++p;
    }
  }
  int frac = 0;
  bool is_float = false;
  if (p != end && *p == '.') {
    is_float = true;
    ++p;
    if (p == end || *p < '0' || *p > '9') return false;
    while (p != end && *p >= '0' && *p <= '9') {
      if (digits < 19) mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      if (mantissa != 0) ++digits;
      ++frac;
      ++p;
    }
  }
  bool exponent = false;
  if (p != end && (*p == 'e' || *p == 'E')) {
    is_float = exponent = true;
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    if (p == end || *p < '0' || *p > '9') return false;
    while (p != end && *p >= '0' && *p <= '9') ++p;
  }
  n->text = std::string_view(start, static_cast<std::size_t>(p - start));
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
  *at = p;
  return true;
}

// Buffers reused across documents on a thread, so that a steady batch
// allocates nothing here.
struct Scratch {
  std::vector<bool> seen;
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
        if (!String(&key_)) return false;
        Ws();
        if (!Eat(':')) return false;
        Ws();
        if (key_ == "as_of") {
          if (seen_.back()) return false;
          seen_.back() = true;
          if (!String(&text_)) return false;
          *as_of = ParseDateLiteral(text_);
          if (!*as_of) return false;
        } else {
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
    return p_ == end_;
  }

 private:
  void Ws() {
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
    if (c == 'n') {
      if (!Word("null") || !(type->optional || type->kind == K::kNone)) return false;
      *out = Value::Null();
      return true;
    }
    switch (type->kind) {
      case K::kNone:
        return false;
      case K::kText:
        if (!String(&text_)) return false;
        *out = Value::Text(text_);
        return true;
      case K::kBool:
        if (Word("true")) {
          *out = Value::Bool(true);
        } else if (Word("false")) {
          *out = Value::Bool(false);
        } else {
          return false;
        }
        return true;
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
        if (!String(&text_)) return false;
        auto day = ParseDateLiteral(text_);
        if (!day) return false;
        *out = Value::Date(*day);
        return true;
      }
      case K::kDuration: {
        if (!String(&text_)) return false;
        auto d = ParseDurationLiteral(text_);
        if (!d) return false;
        *out = Value::Duration(d->months, d->days);
        return true;
      }
      case K::kEnum: {
        if (c == '"') {
          if (!String(&text_)) return false;
        } else {
          Number n;
          if (!ReadNumber(&n) || !n.integer || !n.exact) return false;
          text_ = std::to_string(n.value);
        }
        if (text_.empty()) return false;
        auto it = type->enum_type->index.find(text_);
        if (it == type->enum_type->index.end()) return false;
        *out = Value::Enum(type->enum_type, it->second);
        return true;
      }
      case K::kMatter: {
        if (!String(&text_)) return false;
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
      if (!String(&text_)) return false;
      scaled = percent ? ParsePercentLiteral(text_) : ParseDecimalLiteral(text_);
      if (!scaled && percent) scaled = ParseDecimalLiteral(text_);
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

  bool ReadList(const TypeDesc* type, int depth, Value* out) {
    if (!Eat('[')) return false;
    std::vector<Value> items;
    const std::size_t base = path_.size();
    Ws();
    if (!Eat(']')) {
      for (;;) {
        path_.push_back('[');
        path_.append(std::to_string(items.size()));
        path_.push_back(']');
        items.emplace_back();
        if (!Read(type->element, depth + 1, &items.back())) return false;
        path_.resize(base);
        Ws();
        if (Eat(',')) {
          Ws();
          continue;
        }
        if (Eat(']')) break;
        return false;
      }
    }
    *out = Value::List(std::move(items));
    return true;
  }

  bool ReadRecord(const RecordType* rt, int depth, Value* out) {
    if (!Eat('{')) return false;
    const std::size_t n = rt->field_names.size();
    std::vector<Value> fields(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (rt->field_types[i]->optional) fields[i] = Value::Null();
    }
    // Duplicate keys: the DOM keeps the last one; leave them to it.
    std::uint64_t seen_small = 0;
    std::size_t hint = 0;  // fields usually come in declaration order
    std::vector<bool> seen_large(n > 64 ? n : 0, false);
    const std::size_t base = path_.size();
    Ws();
    if (!Eat('}')) {
      for (;;) {
        if (!String(&key_)) return false;
        const int slot = FieldSlot(rt, hint);
        if (slot < 0) return false;
        hint = static_cast<std::size_t>(slot) + 1;
        if (n <= 64) {
          const std::uint64_t bit = std::uint64_t{1} << slot;
          if (seen_small & bit) return false;
          seen_small |= bit;
        } else {
          if (seen_large[slot]) return false;
          seen_large[slot] = true;
        }
        path_.push_back('.');
        path_.append(key_);
        Ws();
        if (!Eat(':')) return false;
        Ws();
        if (!Read(rt->field_types[slot], depth + 1, &fields[slot])) return false;
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
    *out = Value::Record(rt, std::move(fields), path_);
    return true;
  }

  // The slot of field `key_`, or -1. Small records are scanned from `hint`
  // (cheaper than hashing the key); large ones use the index.
  int FieldSlot(const RecordType* rt, std::size_t hint) const {
    const std::size_t n = rt->field_names.size();
    if (n > 16) return rt->Find(key_);
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (hint + k) % n;
      if (rt->field_names[i] == key_) return static_cast<int>(i);
    }
    return -1;
  }

  bool ReadNumber(Number* n) { return ScanNumber(&p_, end_, n); }

  // A JSON string, unescaped into `out`. Control characters, bad escapes,
  // lone surrogates and ill-formed UTF-8 make the reader give up (nlohmann
  // rejects them all).
  bool String(std::string* out) {
    if (!Eat('"')) return false;
    out->clear();
    const char* run = p_;
    while (p_ != end_) {
      const auto u = static_cast<unsigned char>(*p_);
      if (u == '"') {
        out->append(run, static_cast<std::size_t>(p_ - run));
        ++p_;
        return true;
      }
      if (u < 0x20) return false;
      if (u < 0x80 && u != '\\') {
        ++p_;
        continue;
      }
      if (u >= 0x80) {
        if (!Utf8()) return false;
        continue;
      }
      out->append(run, static_cast<std::size_t>(p_ - run));
      ++p_;
      const std::size_t used =
          base::DecodeJsonEscape(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0, out);
      if (used == 0) return false;
      p_ += used;
      run = p_;
    }
    return false;
  }

  // One well-formed UTF-8 sequence at p_.
  bool Utf8() {
    const std::size_t len =
        base::Utf8SequenceLength(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
    p_ += len;
    return len != 0;
  }

  const Model& model_;
  const char* p_;
  const char* end_;
  std::vector<bool>& seen_;
  std::string& key_;
  std::string& text_;
  std::string& path_;
};

// ------------------------------------------------- the On-Demand reader

namespace od = simdjson::ondemand;

// Documents longer than this are read by the streaming reader: the
// parser keeps buffers the size of the largest document it has read, one
// parser per thread.
constexpr std::size_t kOnDemandMaxBytes = 1 << 20;

// A token without the whitespace simdjson keeps after it.
std::string_view Trimmed(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' ||
                            token.back() == '\n' || token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

// The characters of a JSON string whose text (past the opening quote)
// starts at `p`, escapes decoded into `buffer` when there are any; the
// view then points there. simdjson's first stage has checked the whole
// document: strings are closed, well-formed UTF-8 and free of control
// characters, so only escapes are left to check, with the streaming
// reader's rules (base::DecodeJsonEscape: lone surrogates refused, which
// simdjson's own unescaping lets through when a \u follows).
bool StringAt(const char* p, std::string* buffer, std::string_view* out) {
  const char* q = p;
  while (*q != '"' && *q != '\\') ++q;
  if (*q == '"') {
    *out = std::string_view(p, static_cast<std::size_t>(q - p));
    return true;
  }
  buffer->assign(p, static_cast<std::size_t>(q - p));
  while (*q != '"') {
    if (*q != '\\') {
      buffer->push_back(*q++);
      continue;
    }
    // The escape is whole: the padding after the document keeps the
    // bytes readable, and an escape cut short fails on the quote.
    const std::string_view rest(q + 1, 12);
    const std::size_t used = base::DecodeJsonEscape(rest, 0, buffer);
    if (used == 0) return false;
    q += 1 + used;
  }
  *out = *buffer;
  return true;
}

class OnDemandReader {
 public:
  OnDemandReader(const Model& model, Scratch* scratch)
      : model_(model),
        seen_(scratch->seen),
        key_(scratch->key),
        text_(scratch->text),
        path_(scratch->path) {}

  bool Document(const Decision& d, od::document& doc, std::vector<Value>* params,
                std::optional<std::int64_t>* as_of) {
    params->assign(d.params.size(), Value());
    as_of->reset();
    seen_.assign(d.params.size() + 1, false);  // last slot: as_of
    od::object root;
    if (doc.get_object().get(root) != simdjson::SUCCESS) return false;
    for (auto item : root) {
      od::field field;
      if (std::move(item).get(field) != simdjson::SUCCESS) return false;
      std::string_view key;
      if (!StringAt(field.key().raw(), &key_, &key)) return false;
      od::value& v = field.value();
      if (key == "as_of") {
        if (seen_.back()) return false;
        seen_.back() = true;
        std::string_view t;
        if (!String(v, &t)) return false;
        *as_of = ParseDateLiteral(t);
        if (!*as_of) return false;
        continue;
      }
      if (key.data() != key_.data()) key_.assign(key);
      auto it = d.param_index.find(key_);
      if (it == d.param_index.end() || seen_[it->second]) return false;
      seen_[it->second] = true;
      path_.assign("$.");
      path_.append(key_);
      if (!Read(d.params[it->second].type, 0, v, &(*params)[it->second])) return false;
    }
    // Nothing after the object: simdjson has no token left.
    const char* rest = nullptr;
    return doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
  }

 private:
  // A string value's characters (into text_ when it has escapes).
  bool String(od::value& v, std::string_view* out) {
    const std::string_view token = v.raw_json_token();
    if (token.empty() || token.front() != '"') return false;
    return StringAt(token.data() + 1, &text_, out);
  }

  // A number value, classified as the streaming reader classifies it;
  // the token must be one number and nothing else.
  static bool NumberToken(od::value& v, Number* n) {
    const std::string_view token = Trimmed(v.raw_json_token());
    const char* p = token.data();
    const char* const end = p + token.size();
    return ScanNumber(&p, end, n) && p == end;
  }

  // One value of `type`, its path in `path_`.
  bool Read(const TypeDesc* type, int depth, od::value& v, Value* out) {
    if (depth > kMaxDepth) return false;
    const std::string_view token = v.raw_json_token();
    if (token.empty()) return false;
    const char c = token.front();
    if (c == 'n') {
      if (Trimmed(token) != "null" || !(type->optional || type->kind == K::kNone)) return false;
      *out = Value::Null();
      return true;
    }
    std::string_view t;
    switch (type->kind) {
      case K::kNone:
        return false;
      case K::kText:
        if (!String(v, &t)) return false;
        *out = Value::Text(std::string(t));
        return true;
      case K::kBool: {
        const std::string_view word = Trimmed(token);
        if (word == "true") {
          *out = Value::Bool(true);
        } else if (word == "false") {
          *out = Value::Bool(false);
        } else {
          return false;
        }
        return true;
      }
      case K::kInt: {
        Number n;
        if (!NumberToken(v, &n) || !n.integer || !n.exact) return false;
        *out = Value::Int(n.value);
        return true;
      }
      case K::kDecimal:
      case K::kPercent:
        return ReadDecimal(type->kind == K::kPercent, v, c, out);
      case K::kDate: {
        if (!String(v, &t)) return false;
        auto day = ParseDateLiteral(t);
        if (!day) return false;
        *out = Value::Date(*day);
        return true;
      }
      case K::kDuration: {
        if (!String(v, &t)) return false;
        auto d = ParseDurationLiteral(t);
        if (!d) return false;
        *out = Value::Duration(d->months, d->days);
        return true;
      }
      case K::kEnum: {
        if (c == '"') {
          if (!String(v, &t)) return false;
          if (t.data() != text_.data()) text_.assign(t);
        } else {
          Number n;
          if (!NumberToken(v, &n) || !n.integer || !n.exact) return false;
          text_ = std::to_string(n.value);
        }
        if (text_.empty()) return false;
        auto it = type->enum_type->index.find(text_);
        if (it == type->enum_type->index.end()) return false;
        *out = Value::Enum(type->enum_type, it->second);
        return true;
      }
      case K::kMatter: {
        if (!String(v, &t)) return false;
        if (t.data() != text_.data()) text_.assign(t);
        auto it = model_.matter_by_id.find(text_);
        if (it == model_.matter_by_id.end()) return false;
        *out = Value::Matter(it->second);
        return true;
      }
      case K::kList:
      case K::kSet:
        return ReadList(type, depth, v, out);
      case K::kRecord:
        return ReadRecord(type->record, depth, v, out);
    }
    return false;
  }

  bool ReadDecimal(bool percent, od::value& v, char c, Value* out) {
    std::optional<std::int64_t> scaled;
    if (c == '"') {
      std::string_view t;
      if (!String(v, &t)) return false;
      scaled = percent ? ParsePercentLiteral(t) : ParseDecimalLiteral(t);
      if (!scaled && percent) scaled = ParseDecimalLiteral(t);
    } else {
      // As the streaming reader: exact integer arithmetic for the short
      // forms, the token's text for the rest, never a double.
      Number n;
      if (!NumberToken(v, &n)) return false;
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

  bool ReadList(const TypeDesc* type, int depth, od::value& v, Value* out) {
    od::array array;
    if (v.get_array().get(array) != simdjson::SUCCESS) return false;
    std::vector<Value> items;
    const std::size_t base = path_.size();
    for (auto item : array) {
      od::value x;
      if (std::move(item).get(x) != simdjson::SUCCESS) return false;
      path_.push_back('[');
      path_.append(std::to_string(items.size()));
      path_.push_back(']');
      items.emplace_back();
      if (!Read(type->element, depth + 1, x, &items.back())) return false;
      path_.resize(base);
    }
    *out = Value::List(std::move(items));
    return true;
  }

  bool ReadRecord(const RecordType* rt, int depth, od::value& v, Value* out) {
    od::object object;
    if (v.get_object().get(object) != simdjson::SUCCESS) return false;
    const std::size_t n = rt->field_names.size();
    std::vector<Value> fields(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (rt->field_types[i]->optional) fields[i] = Value::Null();
    }
    // Duplicate keys: the DOM keeps the last one; leave them to it.
    std::uint64_t seen_small = 0;
    std::size_t hint = 0;  // fields usually come in declaration order
    std::vector<bool> seen_large(n > 64 ? n : 0, false);
    const std::size_t base = path_.size();
    for (auto item : object) {
      od::field field;
      if (std::move(item).get(field) != simdjson::SUCCESS) return false;
      std::string_view key;
      if (!StringAt(field.key().raw(), &key_, &key)) return false;
      const int slot = FieldSlot(rt, key, hint);
      if (slot < 0) return false;
      hint = static_cast<std::size_t>(slot) + 1;
      if (n <= 64) {
        const std::uint64_t bit = std::uint64_t{1} << slot;
        if (seen_small & bit) return false;
        seen_small |= bit;
      } else {
        if (seen_large[slot]) return false;
        seen_large[slot] = true;
      }
      path_.push_back('.');
      path_.append(key);
      if (!Read(rt->field_types[slot], depth + 1, field.value(), &fields[slot])) return false;
      path_.resize(base);
    }
    *out = Value::Record(rt, std::move(fields), path_);
    return true;
  }

  // As the streaming reader's FieldSlot, on a view.
  static int FieldSlot(const RecordType* rt, std::string_view key, std::size_t hint) {
    const std::size_t n = rt->field_names.size();
    if (n > 16) return rt->Find(std::string(key));
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (hint + k) % n;
      if (rt->field_names[i] == key) return static_cast<int>(i);
    }
    return -1;
  }

  const Model& model_;
  std::vector<bool>& seen_;
  std::string& key_;
  std::string& text_;
  std::string& path_;
};

// A thread's On-Demand parser and the padded copy of the text it reads.
struct OnDemandState {
  od::parser parser;
  std::string padded;
  Scratch scratch;
};

}  // namespace

bool ReadFactsFast(const Model& model, const Decision& decision,
                   std::string_view text, std::vector<Value>* params,
                   std::optional<std::int64_t>* as_of) {
  thread_local Scratch scratch;
  Reader reader(model, text, &scratch);
  return reader.Document(decision, params, as_of);
}

bool ReadFacts(const Model& model, const Decision& decision, std::string_view text,
               std::vector<Value>* params, std::optional<std::int64_t>* as_of) {
  if (text.size() > kOnDemandMaxBytes) return ReadFactsFast(model, decision, text, params, as_of);
  thread_local OnDemandState state;
  // On-Demand reads up to SIMDJSON_PADDING bytes past the text.
  state.padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(state.padded.data(), text.data(), text.size());
  std::memset(state.padded.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  od::document doc;
  if (state.parser.iterate(state.padded.data(), text.size(), state.padded.size()).get(doc) !=
      simdjson::SUCCESS) {
    return false;
  }
  OnDemandReader reader(model, &state.scratch);
  return reader.Document(decision, doc, params, as_of);
}

namespace {

// The first missing non-optional fact inside `v` (a value read from the
// facts), appended to `path`; false when there is none.
bool MissingIn(const Value& v, std::string* path) {
  if (v.kind() == ValueKind::kRecord) {
    const RecordType* rt = v.record_type();
    const std::vector<Value>& fields = v.items();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].is_missing()) {
        *path = (v.record_path().empty() ? "$" : v.record_path()) + "." + rt->field_names[i];
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
