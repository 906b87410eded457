// A small open-addressing index over a list of names (a record's fields,
// an enum's members), for the facts reader (facts_reader.h): a key found
// with one hash of a few of its bytes and, mostly, one comparison, where
// the std::unordered_map index hashes a std::string made for the lookup
// and a scan from a hint pays one comparison per field out of order
// (documents written with sorted keys). Built once at bundle load
// (BuildNameTables); immutable after, read concurrently.
#ifndef BYLAW_RUNTIME_SRC_NAME_TABLE_H_
#define BYLAW_RUNTIME_SRC_NAME_TABLE_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::runtime::runtime_internal {

class NameTable {
 public:
  // Indexes `names` (kept by the caller, unchanged while the table is
  // used). More than 65,534 names are left unindexed (built() stays false).
  void Build(const std::vector<std::string>& names) {
    if (names.size() >= 0xFFFF) return;
    std::size_t size = 8;
    while (size < names.size() * 4) size *= 2;
    slots_.assign(size, 0);
    mask_ = static_cast<std::uint32_t>(size - 1);
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::uint32_t s = Hash(names[i]) & mask_;
      while (slots_[s] != 0) s = (s + 1) & mask_;
      slots_[s] = static_cast<std::uint16_t>(i + 1);
    }
    std::vector<std::uint32_t> order(names.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
    next_sorted_.assign(names.size() + 1, static_cast<std::uint32_t>(names.size()));
    std::uint32_t previous = static_cast<std::uint32_t>(names.size());
    for (std::uint32_t i : order) {
      next_sorted_[previous] = i;
      previous = i;
    }
    plain_ = std::all_of(names.begin(), names.end(), [](const std::string& name) {
      return std::all_of(name.begin(), name.end(),
                         [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; });
    });
  }
  bool built() const { return !slots_.empty(); }

  // The index of `key` in `names` (those given to Build), or -1. Only
  // when built().
  int Find(const std::vector<std::string>& names, std::string_view key) const {
    std::uint32_t s = Hash(key) & mask_;
    while (slots_[s] != 0) {
      const std::uint32_t i = slots_[s] - 1u;
      if (Equal(names[i], key)) return static_cast<int>(i);
      s = (s + 1) & mask_;
    }
    return -1;
  }

  // The index of the name after names[i] in byte order, the order of a
  // document written with sorted keys (nlohmann's dump, jq -S); of the
  // first when i is names.size(); names.size() after the last. Only when
  // built().
  std::uint32_t NextInByteOrder(std::size_t i) const { return next_sorted_[i]; }
  // Whether every name is printable ASCII without `"` or `\`: then a JSON
  // string whose bytes between the quotes are a name's is that name, with
  // no escape or encoding in it to check.
  bool plain() const { return plain_; }

  // Short names: lengths first, then the bytes a word at a time, the last
  // word (or half word) overlapping the one before (inline: a call to
  // memcmp per probe costs more than the compare).
  static bool Equal(const std::string& a, std::string_view b) {
    const std::size_t n = b.size();
    if (a.size() != n) return false;
    const char* x = a.data();
    const char* y = b.data();
    if (n >= 8) {
      std::size_t i = 0;
      for (; i + 8 < n; i += 8) {
        if (Load8(x + i) != Load8(y + i)) return false;
      }
      return Load8(x + n - 8) == Load8(y + n - 8);
    }
    if (n >= 4) return Load4(x) == Load4(y) && Load4(x + n - 4) == Load4(y + n - 4);
    for (std::size_t i = 0; i < n; ++i) {
      if (x[i] != y[i]) return false;
    }
    return true;
  }

 private:
  static std::uint64_t Load8(const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static std::uint32_t Load4(const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }

  // The length and three bytes: enough to part the names of one record or
  // enum (collisions only cost a probe).
  static std::uint32_t Hash(std::string_view s) {
    const std::size_t n = s.size();
    std::uint32_t h = static_cast<std::uint32_t>(n) * 0x9E3779B1u;
    if (n != 0) {
      h ^= static_cast<unsigned char>(s[0]) * 0x85EBCA6Bu;
      h ^= static_cast<unsigned char>(s[n - 1]) * 0xC2B2AE35u;
      h ^= static_cast<unsigned char>(s[n >> 1]) * 0x27D4EB2Fu;
    }
    return h ^ (h >> 15);
  }

  std::vector<std::uint16_t> slots_;  // name index + 1; 0: empty
  std::uint32_t mask_ = 0;
  std::vector<std::uint32_t> next_sorted_;
  bool plain_ = false;
};

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_NAME_TABLE_H_
