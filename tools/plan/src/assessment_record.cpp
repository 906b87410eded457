#include "assessment_record.h"

#include <cstring>

namespace bylaw::plan::plan_internal {
namespace {

// The record, in order (varint: LEB128, unsigned; signed values zigzagged):
//   u8 kVersion, varint line, inline name,
//   text region, text industry, text credit_class, text competent,
//   varint #needs, then per need:
//     text matter, text lead, texts cooperators, u8 flags (kFlag*),
//     texts methods, signed min, [signed max], [signed ratio],
//     u64 sample_key (native order), texts basis, texts rules.
// text: varint v; v even: the table's text v / 2; v odd: (v - 1) / 2 bytes
// follow (inline). texts: varint count, then each text. After the last
// need: u32 RecordChecksum(id, the bytes before it), so that a run file
// damaged on disk is an error, never an enterprise planned from wrong
// facts (a flipped digit of `min` would still parse).
constexpr std::uint8_t kVersion = 0xA1;
constexpr std::uint8_t kFlagDelegable = 1, kFlagKey = 2, kFlagExempt = 4, kFlagMax = 8,
                       kFlagRatio = 16;
constexpr std::uint8_t kKnownFlags = 31;

// One step of the checksum: a bijection of `h` for each word, so that two
// inputs differing in one word never meet again.
std::uint64_t Mix(std::uint64_t h, std::uint64_t word) {
  h = (h ^ word) * 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 32);
}

std::uint64_t Absorb(std::uint64_t h, std::string_view bytes) {
  h = Mix(h, bytes.size());
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, 8);
    h = Mix(h, word);
  }
  if (i < bytes.size()) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, bytes.size() - i);
    h = Mix(h, word);
  }
  return h;
}

void Varint(std::uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void Signed(std::int64_t v, std::string* out) {
  const std::uint64_t u = static_cast<std::uint64_t>(v);
  Varint((u << 1) ^ (v < 0 ? ~std::uint64_t{0} : 0), out);
}

void Inline(std::string_view text, std::string* out) {
  Varint((std::uint64_t{text.size()} << 1) | 1, out);
  out->append(text);
}

// Resizes `v` to `n`, the elements it drops moved to `kept` and those it
// adds moved from there while it has any (null: a plain resize).
template <typename T>
void Resize(std::vector<T>* v, std::size_t n, std::vector<T>* kept) {
  if (kept == nullptr) {
    v->resize(n);
    return;
  }
  while (v->size() > n) {
    if (kept->size() < RecordScratch::kMaxKept) kept->push_back(std::move(v->back()));
    v->pop_back();
  }
  while (v->size() < n && !kept->empty()) {
    v->push_back(std::move(kept->back()));
    kept->pop_back();
  }
  v->resize(n);
}

// Reads a record front to back; every method returns false (with error_
// set) at the first byte that does not fit.
class Reader {
 public:
  Reader(std::string_view record, const RecordStrings& strings, RecordScratch* scratch)
      : s_(record), strings_(strings), scratch_(scratch) {}

  bool Fail(const char* what) {
    if (error_.empty()) error_ = std::string(what) + " at byte " + std::to_string(i_ + 1);
    return false;
  }
  const std::string& error() const { return error_; }
  bool AtEnd() const { return i_ == s_.size(); }
  RecordScratch* scratch() const { return scratch_; }

  bool Byte(std::uint8_t* b) {
    if (i_ >= s_.size()) return Fail("truncated record");
    *b = static_cast<std::uint8_t>(s_[i_++]);
    return true;
  }
  bool Varint(std::uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b = 0;
      if (!Byte(&b)) return false;
      *v |= std::uint64_t{b & 0x7fu} << shift;
      if (!(b & 0x80)) return true;
    }
    return Fail("overlong number");
  }
  bool Signed(std::int64_t* v) {
    std::uint64_t u = 0;
    if (!Varint(&u)) return false;
    *v = static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
    return true;
  }
  bool U64(std::uint64_t* v) {
    if (s_.size() - i_ < sizeof *v) return Fail("truncated record");
    std::memcpy(v, s_.data() + i_, sizeof *v);
    i_ += sizeof *v;
    return true;
  }
  // A text, by index or inline; `out` null skips it (still checked).
  bool Text(std::string* out) {
    std::string_view text;
    if (!TextView(&text)) return false;
    if (out != nullptr) out->assign(text);
    return true;
  }
  bool TextView(std::string_view* text) {
    std::uint64_t v = 0;
    if (!Varint(&v)) return false;
    if (v & 1) {
      const std::uint64_t size = v >> 1;
      if (size > s_.size() - i_) return Fail("truncated record");
      *text = s_.substr(i_, size);
      i_ += size;
      return true;
    }
    if (v >> 1 > UINT32_MAX || !strings_.At(static_cast<std::uint32_t>(v >> 1), text)) {
      return Fail("text index out of range");
    }
    return true;
  }
  // A list of texts; `out` null skips them.
  bool Texts(std::vector<std::string>* out) {
    std::uint64_t n = 0;
    if (!Varint(&n)) return false;
    // Each text takes at least one byte: a count beyond the bytes left is
    // corrupt, and is not allowed to size a vector.
    if (n > s_.size() - i_) return Fail("truncated record");
    if (out != nullptr) Resize(out, n, scratch_ == nullptr ? nullptr : &scratch_->texts);
    for (std::uint64_t k = 0; k < n; ++k) {
      if (!Text(out == nullptr ? nullptr : &(*out)[k])) return false;
    }
    return true;
  }

 private:
  std::string_view s_;
  const RecordStrings& strings_;
  RecordScratch* scratch_;
  std::size_t i_ = 0;
  std::string error_;
};

bool ParseNeed(Reader* r, MatterNeed* n, bool all) {
  std::uint8_t flags = 0;
  if (!r->Text(&n->matter) || !r->Text(&n->lead) || !r->Texts(all ? &n->cooperators : nullptr) ||
      !r->Byte(&flags)) {
    return false;
  }
  if (flags & ~kKnownFlags) return r->Fail("unknown flags");
  n->delegable = (flags & kFlagDelegable) != 0;
  n->key = (flags & kFlagKey) != 0;
  n->exempt = (flags & kFlagExempt) != 0;
  if (!r->Texts(all ? &n->methods : nullptr) || !r->Signed(&n->min)) return false;
  std::int64_t v = 0;
  n->max.reset();
  if (flags & kFlagMax) {
    if (!r->Signed(&v)) return false;
    n->max = v;
  }
  n->ratio.reset();
  if (flags & kFlagRatio) {
    if (!r->Signed(&v)) return false;
    n->ratio = v;
  }
  return r->U64(&n->sample_key) && r->Texts(all ? &n->basis : nullptr) &&
         r->Texts(all ? &n->rules : nullptr);
}

}  // namespace

bool RecordStrings::Intern(std::string_view text, std::uint32_t* index) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(text);
  if (it != index_.end()) {
    *index = it->second;
    return true;
  }
  if (texts_.size() >= max_strings_ || bytes_ + text.size() > max_bytes_) return false;
  *index = static_cast<std::uint32_t>(texts_.size());
  texts_.emplace_back(text);
  bytes_ += text.size();
  index_.emplace(texts_.back(), *index);
  return true;
}

bool RecordStrings::At(std::uint32_t index, std::string_view* text) const {
  if (index >= texts_.size()) return false;
  *text = texts_[index];
  return true;
}

void RecordWriter::Text(std::string_view text, std::string* out) {
  auto it = seen_.find(text);
  if (it != seen_.end()) {
    Varint(std::uint64_t{it->second} << 1, out);
    return;
  }
  std::uint32_t index = 0;
  if (!strings_->Intern(text, &index)) {
    Inline(text, out);
    return;
  }
  seen_.emplace(std::string(text), index);
  Varint(std::uint64_t{index} << 1, out);
}

void RecordWriter::Texts(const std::vector<std::string>& texts, std::string* out) {
  Varint(texts.size(), out);
  for (const std::string& t : texts) Text(t, out);
}

void RecordWriter::Append(const Assessment& a, std::string* out) {
  const std::size_t start = out->size();
  out->push_back(static_cast<char>(kVersion));
  Signed(a.line, out);
  Inline(a.name, out);
  Text(a.region, out);
  Text(a.industry, out);
  Text(a.credit_class, out);
  Text(a.competent, out);
  Varint(a.needs.size(), out);
  for (const MatterNeed& n : a.needs) {
    Text(n.matter, out);
    Text(n.lead, out);
    Texts(n.cooperators, out);
    std::uint8_t flags = 0;
    if (n.delegable) flags |= kFlagDelegable;
    if (n.key) flags |= kFlagKey;
    if (n.exempt) flags |= kFlagExempt;
    if (n.max) flags |= kFlagMax;
    if (n.ratio) flags |= kFlagRatio;
    out->push_back(static_cast<char>(flags));
    Texts(n.methods, out);
    Signed(n.min, out);
    if (n.max) Signed(*n.max, out);
    if (n.ratio) Signed(*n.ratio, out);
    char key[sizeof n.sample_key];
    std::memcpy(key, &n.sample_key, sizeof key);
    out->append(key, sizeof key);
    Texts(n.basis, out);
    Texts(n.rules, out);
  }
  const std::uint32_t sum = RecordChecksum(a.id, std::string_view(*out).substr(start));
  char bytes[sizeof sum];
  std::memcpy(bytes, &sum, sizeof sum);
  out->append(bytes, sizeof bytes);
}

std::uint32_t RecordChecksum(std::string_view id, std::string_view body) {
  const std::uint64_t h = Absorb(Absorb(0x243f6a8885a308d3ull, id), body);
  return static_cast<std::uint32_t>(h ^ (h >> 29));
}

bool ParseAssessmentRecord(std::string_view id, std::string_view record,
                           const RecordStrings& strings, Assessment* out, std::string* error,
                           AssessmentFields fields, RecordScratch* scratch) {
  std::uint32_t sum = 0;
  if (record.size() < sizeof sum) {
    *error = "truncated record";
    return false;
  }
  std::memcpy(&sum, record.data() + record.size() - sizeof sum, sizeof sum);
  record.remove_suffix(sizeof sum);
  if (sum != RecordChecksum(id, record)) {
    *error = "the record's checksum does not match (damaged or truncated)";
    return false;
  }
  return ParseCheckedRecord(id, record, strings, out, error, fields, scratch);
}

bool ParseCheckedRecord(std::string_view id, std::string_view record, const RecordStrings& strings,
                        Assessment* out, std::string* error, AssessmentFields fields,
                        RecordScratch* scratch) {
  const bool all = fields == AssessmentFields::kAll;
  Reader r(record, strings, scratch);
  auto parse = [&]() -> bool {
    std::uint8_t version = 0;
    if (!r.Byte(&version)) return false;
    if (version != kVersion) return r.Fail("not an assessment record (version)");
    out->id.assign(id);
    if (!r.Signed(&out->line) || !r.Text(all ? &out->name : nullptr) ||
        !r.Text(all ? &out->region : nullptr) || !r.Text(all ? &out->industry : nullptr) ||
        !r.Text(&out->credit_class) || !r.Text(all ? &out->competent : nullptr)) {
      return false;
    }
    std::uint64_t n = 0;
    if (!r.Varint(&n)) return false;
    // A need takes at least 13 bytes (8 of them its sample key).
    if (n > record.size() / 13) return r.Fail("truncated record");
    Resize(&out->needs, n, r.scratch() == nullptr ? nullptr : &r.scratch()->needs);
    for (MatterNeed& need : out->needs) {
      if (!ParseNeed(&r, &need, all)) return false;
    }
    return r.AtEnd() || r.Fail("bytes after the record");
  };
  if (parse()) return true;
  *error = r.error();
  return false;
}

}  // namespace bylaw::plan::plan_internal
