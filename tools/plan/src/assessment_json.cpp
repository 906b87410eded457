#include "assessment_json.h"

#include <cctype>
#include <charconv>
#include <cstdint>

#include "bylaw/base/json_text.h"
#include "bylaw/base/utf8.h"
#include "bylaw/runtime/decimal.h"
#include "bylaw/runtime/value.h"
#include "hash_key.h"

namespace bylaw::plan::plan_internal {

using base::AppendInt;
using base::AppendJsonString;

namespace {

void AppendStrings(const std::vector<std::string>& items, std::string* out) {
  out->push_back('[');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(items[i], out);
  }
  out->push_back(']');
}

// A decimal fraction `0.05` -> 50000 (scaled by runtime::kDecimalScale),
// read by the runtime's one decimal reader (bylaw/runtime/decimal.h).
bool ParseScaled(std::string_view s, std::int64_t* scaled) {
  return runtime::ParseDecimalText(s, scaled) == runtime::DecimalStatus::kOk;
}

// A cursor over one JSON line. Every method returns false (with error_ set)
// at the first thing that does not fit.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool Fail(std::string what) {
    if (error_.empty()) error_ = what + " at byte " + std::to_string(i_ + 1);
    return false;
  }
  const std::string& error() const { return error_; }

  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) ++i_;
  }
  bool Eat(char c) {
    Ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Expect(char c) { return Eat(c) || Fail(std::string("expected `") + c + "`"); }
  bool AtEnd() {
    Ws();
    return i_ == s_.size();
  }
  bool Null() {
    Ws();
    if (s_.substr(i_, 4) == "null") {
      i_ += 4;
      return true;
    }
    return false;
  }

  bool String(std::string* out) {
    Ws();
    if (i_ >= s_.size() || s_[i_] != '"') return Fail("expected a string");
    ++i_;
    out->clear();
    while (true) {
      const std::size_t start = i_;
      while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\\') ++i_;
      out->append(s_.data() + start, i_ - start);
      if (i_ >= s_.size()) return Fail("unterminated string");
      if (s_[i_++] == '"') return true;
      const std::size_t used = base::DecodeJsonEscape(s_, i_, out);
      if (used == 0) return Fail(i_ >= s_.size() ? "unterminated string" : "bad escape");
      i_ += used;
    }
  }

  bool SkipString() {
    Ws();
    if (i_ >= s_.size() || s_[i_] != '"') return Fail("expected a string");
    for (++i_; i_ < s_.size(); ++i_) {
      if (s_[i_] == '\\') {
        ++i_;  // the escaped byte: an escape's hex digits hold no quote
      } else if (s_[i_] == '"') {
        ++i_;
        return true;
      }
    }
    return Fail("unterminated string");
  }

  bool StringOrNull(std::string* out) {
    if (Null()) {
      out->clear();
      return true;
    }
    return String(out);
  }

  bool Int(std::int64_t* v) {
    Ws();
    const char* b = s_.data() + i_;
    const char* e = s_.data() + s_.size();
    auto r = std::from_chars(b, e, *v);
    if (r.ec != std::errc()) return Fail("expected an integer");
    i_ += static_cast<std::size_t>(r.ptr - b);
    return true;
  }

  bool Bool(bool* v) {
    Ws();
    if (s_.substr(i_, 4) == "true") {
      i_ += 4;
      *v = true;
      return true;
    }
    if (s_.substr(i_, 5) == "false") {
      i_ += 5;
      *v = false;
      return true;
    }
    return Fail("expected true or false");
  }

  // Skips one JSON value (string, number, literal, or an array or object
  // of them) without keeping it.
  bool Skip(int depth = 0) {
    Ws();
    if (i_ >= s_.size()) return Fail("expected a value");
    const char c = s_[i_];
    if (c == '"') return SkipString();
    if (c == '[' || c == '{') {
      if (depth > 16) return Fail("nested too deep");
      const char close = c == '[' ? ']' : '}';
      ++i_;
      if (Eat(close)) return true;
      do {
        if (c == '{' && (!SkipString() || !Expect(':'))) return false;
        if (!Skip(depth + 1)) return false;
      } while (Eat(','));
      return Expect(close);
    }
    for (const std::string_view word : {"true", "false", "null"}) {
      if (s_.substr(i_, word.size()) == word) {
        i_ += word.size();
        return true;
      }
    }
    const std::size_t start = i_;
    bool digit = false;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                              s_[i_] == '+' || s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E')) {
      digit = digit || std::isdigit(static_cast<unsigned char>(s_[i_]));
      ++i_;
    }
    return (i_ > start && digit) || Fail("expected a value");
  }

  bool Strings(std::vector<std::string>* out) {
    if (!Expect('[')) return false;
    std::size_t n = 0;
    if (!Eat(']')) {
      do {
        if (out->size() <= n) out->emplace_back();
        if (!String(&(*out)[n++])) return false;
      } while (Eat(','));
      if (!Expect(']')) return false;
    }
    out->resize(n);
    return true;
  }

  // Reads an object whose keys are `keys`, each exactly once, in any order;
  // calls value_fn(index of the key) to parse each value. Lines written by
  // AppendAssessmentJson have the keys in order, so the key after the
  // previous one is tried first, as raw bytes.
  template <std::size_t N, typename Fn>
  bool Object(const std::string_view (&keys)[N], Fn value_fn) {
    static_assert(N <= 32, "one bit per key");
    if (!Expect('{')) return false;
    std::uint32_t seen = 0;
    std::size_t k = N - 1;
    if (!Eat('}')) {
      do {
        if (!Key(keys, seen, &k) || !Expect(':')) return false;
        seen |= 1u << k;
        if (!value_fn(k)) return false;
      } while (Eat(','));
      if (!Expect('}')) return false;
    }
    for (std::size_t i = 0; i < N; ++i) {
      if (!(seen & (1u << i))) return Fail("missing key `" + std::string(keys[i]) + "`");
    }
    return true;
  }

 private:
  template <std::size_t N>
  bool Key(const std::string_view (&keys)[N], std::uint32_t seen, std::size_t* k) {
    Ws();
    const std::size_t next = (*k + 1) % N;
    const std::string_view want = keys[next];
    if (i_ + want.size() + 2 <= s_.size() && s_[i_] == '"' && s_[i_ + want.size() + 1] == '"' &&
        s_.compare(i_ + 1, want.size(), want) == 0 && !(seen & (1u << next))) {
      i_ += want.size() + 2;
      *k = next;
      return true;
    }
    if (!String(&key_)) return false;
    for (std::size_t i = 0; i < N; ++i) {
      if (key_ == keys[i]) {
        if (seen & (1u << i)) return Fail("repeated key `" + key_ + "`");
        *k = i;
        return true;
      }
    }
    return Fail("unknown key `" + key_ + "`");
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string key_;
  std::string error_;
};

constexpr std::string_view kNeedKeys[] = {"matter", "lead", "cooperators", "delegable", "key",
                                     "methods", "min", "max", "ratio", "exempt",
                                     "sample_key", "basis", "rules"};
constexpr std::string_view kKeys[] = {"id", "name", "region", "industry", "credit_class",
                                 "competent", "line", "needs"};

// The need's keys the draw reads (kSampling): matter, lead, ratio, exempt,
// sample_key.
constexpr std::uint32_t kNeedSamplingKeys = (1u << 0) | (1u << 1) | (1u << 8) | (1u << 9) | (1u << 10);
// The assessment's: id, credit_class, line (named by a duplicate id's
// error), needs.
constexpr std::uint32_t kSamplingKeys = (1u << 0) | (1u << 4) | (1u << 6) | (1u << 7);

bool ParseNeed(Cursor* c, MatterNeed* n, bool all) {
  std::string text;
  return c->Object(kNeedKeys, [&](std::size_t k) {
    if (!all && !(kNeedSamplingKeys & (1u << k))) return c->Skip();
    switch (k) {
      case 0: return c->String(&n->matter);
      case 1: return c->String(&n->lead);
      case 2: return c->Strings(&n->cooperators);
      case 3: return c->Bool(&n->delegable);
      case 4: return c->Bool(&n->key);
      case 5: return c->Strings(&n->methods);
      case 6: return c->Int(&n->min);
      case 7: {
        if (c->Null()) {
          n->max.reset();
          return true;
        }
        std::int64_t v = 0;
        if (!c->Int(&v)) return false;
        n->max = v;
        return true;
      }
      case 8: {
        if (c->Null()) {
          n->ratio.reset();
          return true;
        }
        std::int64_t v = 0;
        if (!c->String(&text)) return false;
        if (!ParseScaled(text, &v)) return c->Fail("`ratio` is not a decimal");
        n->ratio = v;
        return true;
      }
      case 9: return c->Bool(&n->exempt);
      case 10:
        if (!c->String(&text)) return false;
        return ParseHexKey(text, &n->sample_key) || c->Fail("`sample_key` is not 16 hex digits");
      case 11: return c->Strings(&n->basis);
      default: return c->Strings(&n->rules);
    }
  });
}

}  // namespace

void AppendAssessmentJson(const Assessment& a, std::string* out) {
  out->append("{\"id\":");
  AppendJsonString(a.id, out);
  out->append(",\"name\":");
  AppendJsonString(a.name, out);
  out->append(",\"region\":");
  AppendJsonString(a.region, out);
  out->append(",\"industry\":");
  AppendJsonString(a.industry, out);
  out->append(",\"credit_class\":");
  AppendJsonString(a.credit_class, out);
  out->append(",\"competent\":");
  if (a.competent.empty()) {
    out->append("null");
  } else {
    AppendJsonString(a.competent, out);
  }
  out->append(",\"line\":");
  AppendInt(a.line, out);
  out->append(",\"needs\":[");
  for (std::size_t i = 0; i < a.needs.size(); ++i) {
    const MatterNeed& n = a.needs[i];
    if (i > 0) out->push_back(',');
    out->append("{\"matter\":");
    AppendJsonString(n.matter, out);
    out->append(",\"lead\":");
    AppendJsonString(n.lead, out);
    out->append(",\"cooperators\":");
    AppendStrings(n.cooperators, out);
    out->append(n.delegable ? ",\"delegable\":true" : ",\"delegable\":false");
    out->append(n.key ? ",\"key\":true" : ",\"key\":false");
    out->append(",\"methods\":");
    AppendStrings(n.methods, out);
    out->append(",\"min\":");
    AppendInt(n.min, out);
    out->append(",\"max\":");
    if (n.max) {
      AppendInt(*n.max, out);
    } else {
      out->append("null");
    }
    out->append(",\"ratio\":");
    if (n.ratio) {
      AppendJsonString(runtime::FormatScaled(*n.ratio), out);
    } else {
      out->append("null");
    }
    out->append(n.exempt ? ",\"exempt\":true" : ",\"exempt\":false");
    out->append(",\"sample_key\":\"");
    out->append(HexKey(n.sample_key));
    out->append("\",\"basis\":");
    AppendStrings(n.basis, out);
    out->append(",\"rules\":");
    AppendStrings(n.rules, out);
    out->push_back('}');
  }
  out->append("]}");
}

bool ParseAssessmentJson(std::string_view line, Assessment* out, std::string* error, AssessmentFields fields) {
  const bool all = fields == AssessmentFields::kAll;
  Cursor c(line);
  bool ok = c.Object(kKeys, [&](std::size_t k) {
    if (!all && !(kSamplingKeys & (1u << k))) return c.Skip();
    switch (k) {
      case 0: return c.String(&out->id);
      case 1: return c.String(&out->name);
      case 2: return c.String(&out->region);
      case 3: return c.String(&out->industry);
      case 4: return c.String(&out->credit_class);
      case 5: return c.StringOrNull(&out->competent);
      case 6: return c.Int(&out->line);
      default: {
        if (!c.Expect('[')) return false;
        std::size_t n = 0;
        if (!c.Eat(']')) {
          do {
            if (out->needs.size() <= n) out->needs.emplace_back();
            if (!ParseNeed(&c, &out->needs[n++], all)) return false;
          } while (c.Eat(','));
          if (!c.Expect(']')) return false;
        }
        out->needs.resize(n);
        return true;
      }
    }
  });
  ok = ok && (c.AtEnd() || c.Fail("text after the object"));
  if (!ok) *error = c.error();
  return ok;
}

}  // namespace bylaw::plan::plan_internal
