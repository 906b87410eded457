// SHA-256 of a Bundle's canonical form (see bundle_hash.h).
#include "bundle_hash.h"

#include <nlohmann/json.hpp>

#include "bylaw/base/sha256.h"

namespace bylaw::runtime::runtime_internal {

std::string BundleHash(const nlohmann::json& doc) {
  if (!doc.is_object()) return {};
  // nlohmann::json keeps object keys in a std::map, so dump() is already
  // sorted and whitespace-free: exactly the canonical form. The object is
  // written here key by key, as dump() writes it, leaving out the hash and
  // the signature (which signs the hash, docs/bundle.md 1.4). The document
  // is never modified: callers hold pointers into it (an earlier version
  // moved the two keys out and back, and SignBundle's iterator to `hash`
  // was left dangling; the ASan run of tools/test --sanitize found it).
  std::string canonical = "{";
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() == "hash" || it.key() == "signature") continue;
    if (canonical.size() > 1) canonical += ',';
    canonical += nlohmann::json(it.key()).dump();
    canonical += ':';
    canonical += it.value().dump();
  }
  canonical += '}';
  return "sha256:" + base::Sha256Hex(canonical);
}

bool TextHasDeclaredHash(std::string_view text, const nlohmann::json& doc) {
  auto hash = doc.find("hash");
  if (hash == doc.end() || !hash->is_string()) return false;
  const std::string& declared = hash->get_ref<const std::string&>();
  // Whitespace after the value is no part of the document: `bylaw compile
  // -o FILE` ends the file with a newline, which the hashed form lacks.
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' ||
                           text.back() == '\t')) {
    text.remove_suffix(1);
  }
  // In canonical form the top-level keys are sorted, so `hash` follows
  // `format_version` and `signature` follows `scorecards`; each is cut with
  // the comma before it, and must be exactly what the parser read there.
  constexpr std::string_view kHashKey = ",\"hash\":\"";
  const std::size_t h = text.find(kHashKey);
  if (h == std::string_view::npos) return false;
  const std::size_t value = h + kHashKey.size();
  if (text.substr(value, declared.size()) != declared ||
      text.substr(value + declared.size(), 1) != "\"") {
    return false;
  }
  std::string_view before = text.substr(0, h);
  std::string_view after = text.substr(value + declared.size() + 1);
  std::string_view tail;
  auto signature = doc.find("signature");
  if (signature != doc.end()) {
    const std::string written = ",\"signature\":" + signature->dump();
    const std::size_t s = after.find(written);
    if (s == std::string_view::npos) return false;
    tail = after.substr(s + written.size());
    after = after.substr(0, s);
  }
  std::string canonical;
  canonical.reserve(before.size() + after.size() + tail.size());
  canonical.append(before).append(after).append(tail);
  return "sha256:" + base::Sha256Hex(canonical) == declared;
}

}  // namespace bylaw::runtime::runtime_internal
