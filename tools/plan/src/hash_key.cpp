#include "hash_key.h"

#include "bylaw/base/sha256.h"

namespace bylaw::plan::plan_internal {

std::uint64_t HashKey64(std::initializer_list<std::string_view> parts) {
  // Short inputs (ids, matter ids, seeds) fit the stack buffer; the one-shot
  // digest over a joined buffer is the cheapest OpenSSL call for them.
  char stack[256];
  std::string heap;
  std::size_t size = 0;
  for (std::string_view p : parts) size += p.size() + 1;
  char* buf = stack;
  if (size > sizeof stack) {
    heap.resize(size);
    buf = heap.data();
  }
  std::size_t at = 0;
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) buf[at++] = '\0';
    first = false;
    p.copy(buf + at, p.size());
    at += p.size();
  }
  base::Sha256Digest digest{};
  base::Sha256Of(std::string_view(buf, at), &digest);
  std::uint64_t key = 0;
  for (int i = 0; i < 8; ++i) key = (key << 8) | digest[i];
  return key;
}

std::string HexKey(std::uint64_t key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[key & 15];
    key >>= 4;
  }
  return out;
}

bool ParseHexKey(std::string_view text, std::uint64_t* key) {
  if (text.size() != 16) return false;
  std::uint64_t v = 0;
  for (char c : text) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else {
      return false;
    }
    v = (v << 4) | static_cast<std::uint64_t>(d);
  }
  *key = v;
  return true;
}

}  // namespace bylaw::plan::plan_internal
