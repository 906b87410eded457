// The C API (bylaw.h) over Engine; catches everything at the boundary.
#include "bylaw.h"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "bylaw/audit_log.h"
#include "bylaw/runtime.h"
#include "bylaw/runtime/facts_schema.h"
#include "exact_json.h"
#include "options_json.h"

namespace ri = bylaw::runtime::runtime_internal;
using bylaw::runtime::Engine;
using bylaw::runtime::Error;
using nlohmann::json;

struct bylaw_engine {
  explicit bylaw_engine(bylaw::runtime::LoadOptions o) : engine(std::move(o)) {}
  Engine engine;
};

struct bylaw_audit_log {
  std::unique_ptr<bylaw::runtime::AuditLog> log;
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

// bylaw_engine_evaluate's options_json (NULL: the defaults) into
// `options`, through the runtime's one mapping of option names
// (ParseEvaluateOptions).
bylaw::runtime::Status ParseEvaluateOptions(const char* options_json,
                                            bylaw::runtime::EvaluateOptions* options) {
  if (options_json == nullptr) return {};
  auto parsed = bylaw::runtime::ParseEvaluateOptions(options_json);
  if (!parsed.ok()) return parsed.error();
  *options = std::move(*parsed);
  return {};
}

// The engine's current Rulebook, or the C API's error for its absence.
bylaw::runtime::Result<std::shared_ptr<const bylaw::runtime::Rulebook>> Current(
    const bylaw_engine* engine) {
  if (engine == nullptr) return Error{"invalid_argument", "null engine", {}};
  auto book = engine->engine.Current();
  if (!book) return Error{"no_rulebook", "no bundle has been loaded", {}};
  return book;
}

int Succeed(const std::string& text, char** result) {
  if (result != nullptr) *result = Dup(text);
  return 0;
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
      if (auto st = ri::BoolOption(j, "verify_hash", &o.verify_hash); !st.ok()) {
        Fail(st.error(), error);
        return nullptr;
      }
      if (j.contains("params")) o.params = ri::ParamOverridesFromJson(j["params"]);
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
    auto parsed = ParseEvaluateOptions(options_json, &options);
    if (!parsed.ok()) return Fail(parsed.error(), result);
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

const char* bylaw_version(void) { return BYLAW_LIBRARY_VERSION; }

int bylaw_engine_decisions(const bylaw_engine* engine, char** result) {
  try {
    auto book = Current(engine);
    if (!book.ok()) return Fail(book.error(), result);
    return Succeed(json((*book)->decision_names()).dump(), result);
  } catch (const std::exception& e) {
    return Fail(Error{"internal", e.what(), {}}, result);
  }
}

int bylaw_engine_bundle_info(const bylaw_engine* engine, char** result) {
  try {
    auto book = Current(engine);
    if (!book.ok()) return Fail(book.error(), result);
    json j = {{"hash", (*book)->hash()},
              {"rulesets", (*book)->rulesets()},
              {"decisions", (*book)->decision_names()}};
    return Succeed(j.dump(), result);
  } catch (const std::exception& e) {
    return Fail(Error{"internal", e.what(), {}}, result);
  }
}

int bylaw_engine_facts_schema(const bylaw_engine* engine, const char* decision,
                              char** result) {
  if (decision == nullptr) {
    return Fail(Error{"invalid_argument", "null decision", {}}, result);
  }
  try {
    auto book = Current(engine);
    if (!book.ok()) return Fail(book.error(), result);
    auto d = (*book)->FindDecision(decision);
    if (!d.ok()) return Fail(d.error(), result);
    auto schema = bylaw::runtime::FactsSchema(**book, *d);
    if (!schema.ok()) return Fail(schema.error(), result);
    return Succeed(*schema, result);
  } catch (const std::exception& e) {
    return Fail(Error{"internal", e.what(), {}}, result);
  }
}

bylaw_audit_log* bylaw_audit_open(const char* path, const char* options_json,
                                  char** error) {
  if (path == nullptr) {
    Fail(Error{"invalid_argument", "null path", {}}, error);
    return nullptr;
  }
  try {
    bylaw::runtime::AuditLogOptions o;
    if (options_json != nullptr) {
      json j = json::parse(options_json, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        Fail(Error{"invalid_options", "options are not a JSON object", {}}, error);
        return nullptr;
      }
      if (j.contains("keep_facts")) o.keep_facts = j["keep_facts"].get<bool>();
      if (j.contains("sync_every")) o.sync_every = j["sync_every"].get<std::uint32_t>();
      if (j.contains("sync_interval_ms")) {
        o.sync_interval = std::chrono::milliseconds(j["sync_interval_ms"].get<std::uint32_t>());
      }
    }
    auto log = bylaw::runtime::AuditLog::Open(path, std::move(o));
    if (!log.ok()) {
      Fail(log.error(), error);
      return nullptr;
    }
    return new bylaw_audit_log{std::move(*log)};
  } catch (const std::exception& e) {
    Fail(Error{"invalid_options", e.what(), {}}, error);
    return nullptr;
  }
}

int bylaw_audit_evaluate(bylaw_audit_log* log, const bylaw_engine* engine,
                         const char* decision, const char* facts_json,
                         const char* options_json, char** result) {
  if (log == nullptr || decision == nullptr || facts_json == nullptr) {
    return Fail(Error{"invalid_argument", "null log, decision or facts", {}}, result);
  }
  try {
    bylaw::runtime::EvaluateOptions options;
    auto parsed = ParseEvaluateOptions(options_json, &options);
    if (!parsed.ok()) return Fail(parsed.error(), result);
    auto book = Current(engine);
    if (!book.ok()) return Fail(book.error(), result);
    auto d = (*book)->FindDecision(decision);
    if (!d.ok()) return Fail(d.error(), result);
    auto facts = (*book)->ParseFacts(*d, facts_json);
    if (!facts.ok()) return Fail(facts.error(), result);
    const bool trace = options.trace;
    bylaw::runtime::Outcome outcome;
    auto st = log->log->EvaluateLogged(**book, *d, *facts, facts_json, std::move(options),
                                       &outcome);
    if (!st.ok()) return Fail(st.error(), result);
    // Traced for the log's fired ids: the caller sees a trace only when it
    // asked for one, as from bylaw_engine_evaluate.
    std::string out;
    outcome.AppendJson(&out, trace);
    return Succeed(out, result);
  } catch (const std::invalid_argument& e) {
    return Fail(Error{"invalid_options", e.what(), {}}, result);
  } catch (const std::exception& e) {
    return Fail(Error{"internal", e.what(), {}}, result);
  }
}

void bylaw_audit_close(bylaw_audit_log* log) { delete log; }

}  // extern "C"
