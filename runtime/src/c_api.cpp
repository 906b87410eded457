// The C API (bylaw.h) over Engine; catches everything at the boundary.
#include "bylaw.h"

#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bylaw/runtime.h"
#include "exact_json.h"

namespace ri = bylaw::runtime::runtime_internal;
using bylaw::runtime::Engine;
using bylaw::runtime::Error;
using nlohmann::json;

struct bylaw_engine {
  explicit bylaw_engine(bylaw::runtime::LoadOptions o) : engine(std::move(o)) {}
  Engine engine;
};

namespace {

char* Dup(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p != nullptr) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

int Fail(const Error& e, char** out) {
  if (out != nullptr) {
    // Called from catch blocks too, so it must not throw: a message that
    // quotes invalid UTF-8 is written with U+FFFD, and out of memory leaves
    // *out null.
    try {
      json j = {{"code", e.code}, {"message", e.message}, {"details", e.details}};
      *out = Dup(j.dump(-1, ' ', false, json::error_handler_t::replace));
    } catch (...) {
      *out = nullptr;
    }
  }
  return 1;
}

// Whether `j` nests no deeper than `levels` (the recursion stops there).
bool NestsAtMost(const json& j, int levels) {
  if (!j.is_structured()) return true;
  if (levels == 0) return false;
  for (const json& v : j) {
    if (!NestsAtMost(v, levels - 1)) return false;
  }
  return true;
}

// Param values are scalars or short lists: a value nested deeper than any
// param type is refused before it is serialised (recursively) for the
// runtime to read.
bylaw::runtime::ParamOverrides Overrides(const json& j) {
  constexpr int kMaxParamNesting = 32;
  bylaw::runtime::ParamOverrides out;
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!NestsAtMost(it.value(), kMaxParamNesting)) {
        throw std::invalid_argument("param `" + it.key() + "`: value nested deeper than " +
                                    std::to_string(kMaxParamNesting) + " levels");
      }
      out[it.key()] = ri::DumpJsonExact(it.value(), /*replace=*/false);
    }
  }
  return out;
}

}  // namespace

extern "C" {

bylaw_engine* bylaw_engine_new(void) {
  try {
    return new bylaw_engine(bylaw::runtime::LoadOptions{});
  } catch (...) {
    return nullptr;
  }
}

bylaw_engine* bylaw_engine_new_with_options(const char* options_json, char** error) {
  try {
    bylaw::runtime::LoadOptions o;
    if (options_json != nullptr) {
      json j;
      ri::ExactJsonError bad;
      if (!ri::ParseJsonExact(options_json, &j, &bad) || !j.is_object()) {
        Fail(Error{"invalid_options", "options are not a JSON object", {}}, error);
        return nullptr;
      }
      if (j.contains("verify_hash")) o.verify_hash = j["verify_hash"].get<bool>();
      if (j.contains("params")) o.params = Overrides(j["params"]);
    }
    return new bylaw_engine(std::move(o));
  } catch (const std::exception& e) {
    Fail(Error{"invalid_options", e.what(), {}}, error);
    return nullptr;
  } catch (...) {
    Fail(Error{"invalid_options", "unknown exception", {}}, error);
    return nullptr;
  }
}

void bylaw_engine_free(bylaw_engine* engine) { delete engine; }

int bylaw_engine_load(bylaw_engine* engine, const char* bytes, size_t len, char** error) {
  if (engine == nullptr || bytes == nullptr) {
    return Fail(Error{"invalid_argument", "null engine or bundle", {}}, error);
  }
  try {
    auto st = engine->engine.Load(std::string_view(bytes, len));
    if (!st.ok()) return Fail(st.error(), error);
    return 0;
  } catch (const std::exception& e) {
    return Fail(Error{"internal", e.what(), {}}, error);
  } catch (...) {
    return Fail(Error{"internal", "unknown exception", {}}, error);
  }
}

int bylaw_engine_evaluate(const bylaw_engine* engine, const char* decision,
                          const char* facts_json, const char* options_json, char** result) {
  if (engine == nullptr || decision == nullptr || facts_json == nullptr) {
    return Fail(Error{"invalid_argument", "null engine, decision or facts", {}}, result);
  }
  try {
    bylaw::runtime::EvaluateOptions options;
    if (options_json != nullptr) {
      json j;
      ri::ExactJsonError bad;
      if (!ri::ParseJsonExact(options_json, &j, &bad) || !j.is_object()) {
        return Fail(Error{"invalid_options", "options are not a JSON object", {}}, result);
      }
      if (j.contains("trace")) options.trace = j["trace"].get<bool>();
      if (j.contains("as_of")) {
        auto d = bylaw::runtime::ParseDate(j["as_of"].get<std::string>());
        if (!d.ok()) return Fail(d.error(), result);
        options.as_of = *d;
      }
      if (j.contains("params")) options.params = Overrides(j["params"]);
    }
    auto out = engine->engine.EvaluateJson(decision, facts_json, options);
    if (!out.ok()) return Fail(out.error(), result);
    if (result != nullptr) *result = Dup(*out);
    return 0;
  } catch (const std::invalid_argument& e) {
    return Fail(Error{"invalid_options", e.what(), {}}, result);
  } catch (const std::exception& e) {
    return Fail(Error{"internal", e.what(), {}}, result);
  } catch (...) {
    return Fail(Error{"internal", "unknown exception", {}}, result);
  }
}

char* bylaw_engine_hash(const bylaw_engine* engine) {
  if (engine == nullptr) return nullptr;
  try {
    auto book = engine->engine.Current();
    return book ? Dup(book->hash()) : nullptr;
  } catch (...) {
    return nullptr;
  }
}

void bylaw_string_free(char* s) { std::free(s); }

}  // extern "C"
