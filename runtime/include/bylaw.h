/* The bylaw runtime's C API: load a Bundle, evaluate decisions, JSON in and
 * JSON out, for hosts written in C or any language with a C FFI.
 *
 *   char* err = NULL;
 *   bylaw_engine* engine = bylaw_engine_new();
 *   if (bylaw_engine_load(engine, bundle, bundle_len, &err) != 0) {
 *     fprintf(stderr, "%s\n", err);
 *     bylaw_string_free(err);
 *   }
 *   char* out = NULL;
 *   if (bylaw_engine_evaluate(engine, "may_inspect", facts_json, NULL, &out) == 0) {
 *     puts(out);   // {"decision": ..., "outputs": {...}, "errors": [...]}
 *   }
 *   bylaw_string_free(out);
 *   bylaw_engine_free(engine);
 *
 * Every function returns 0 on success and non-zero on failure; on failure
 * the string written to `*error`/`*result` is a JSON object
 * {"code": "...", "message": "...", "details": [...]}. Strings returned by
 * the library are owned by the caller and freed with bylaw_string_free.
 * Handles are thread-safe: one engine may evaluate from many threads while
 * another thread loads a new bundle (hot reload). See bylaw/runtime.h.
 */
#ifndef BYLAW_H_
#define BYLAW_H_

#include <stddef.h>

/* Marks the functions libbylaw.so exports: the runtime is compiled with
 * hidden visibility, so these are the library's only symbols. */
#if defined(__GNUC__) || defined(__clang__)
#define BYLAW_API __attribute__((visibility("default")))
#else
#define BYLAW_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bylaw_engine bylaw_engine;

/* A new engine without a bundle. Never NULL unless out of memory. */
BYLAW_API bylaw_engine* bylaw_engine_new(void);

/* Like bylaw_engine_new, with JSON options:
 * {"verify_hash": true, "params": {"name": <json value>}}. NULL on error. */
BYLAW_API bylaw_engine* bylaw_engine_new_with_options(const char* options_json, char** error);

BYLAW_API void bylaw_engine_free(bylaw_engine* engine);

/* Loads and verifies a bundle; on success it replaces the current one
 * atomically. On failure the current bundle stays and *error is set. */
BYLAW_API int bylaw_engine_load(bylaw_engine* engine, const char* bytes, size_t len, char** error);

/* Evaluates `decision` on the facts document (NUL-terminated JSON).
 * options_json may be NULL or {"trace": true, "as_of": "YYYY-MM-DD",
 * "params": {...}, "trace_tables_and_rules_only": true}, every key
 * optional (rt::EvaluateOptions: with "trace", the last records only the
 * table and rule steps). A key of the wrong JSON type fails with
 * invalid_options. *result receives the outcome JSON, or an error object
 * when the function fails. */
BYLAW_API int bylaw_engine_evaluate(const bylaw_engine* engine, const char* decision,
                                    const char* facts_json, const char* options_json,
                                    char** result);

/* The current bundle's "sha256:..." hash, or NULL when none is loaded. */
BYLAW_API char* bylaw_engine_hash(const bylaw_engine* engine);

BYLAW_API void bylaw_string_free(char* s);

/* The library's version, "MAJOR.MINOR.PATCH" (static storage: not freed). */
BYLAW_API const char* bylaw_version(void);

/* The current bundle's decisions: *result receives a JSON array of their
 * qualified names, in bundle order. Fails with `no_rulebook` before the
 * first successful load. */
BYLAW_API int bylaw_engine_decisions(const bylaw_engine* engine, char** result);

/* What the current bundle is: *result receives
 * {"hash": "sha256:...", "rulesets": ["nantong@2025.1", ...],
 *  "decisions": [...]}; `no_rulebook` before the first load. */
BYLAW_API int bylaw_engine_bundle_info(const bylaw_engine* engine, char** result);

/* The JSON Schema (draft 2020-12) of `decision`'s facts document
 * (bylaw/runtime/facts_schema.h). Errors: no_rulebook, unknown_decision. */
BYLAW_API int bylaw_engine_facts_schema(const bylaw_engine* engine, const char* decision,
                                        char** result);

/* A hash-chained decision log (docs/audit.md), opened for appending.
 * Thread-safe: many threads may append to one log. One log per file. */
typedef struct bylaw_audit_log bylaw_audit_log;

/* Opens (or creates) the log at `path`. options_json may be NULL or
 * {"keep_facts": false, "sync_every": 4096, "sync_interval_ms": 1000}.
 * NULL on failure, with *error set (audit_log_io, audit_log_corrupt,
 * invalid_options). */
BYLAW_API bylaw_audit_log* bylaw_audit_open(const char* path, const char* options_json,
                                            char** error);

/* Evaluates like bylaw_engine_evaluate, on the engine's current bundle, and
 * appends the decision to `log`; *result receives the outcome JSON. An
 * evaluation error logs nothing; a failed write (audit_log_io) returns
 * non-zero even though the decision was evaluated. */
BYLAW_API int bylaw_audit_evaluate(bylaw_audit_log* log, const bylaw_engine* engine,
                                   const char* decision, const char* facts_json,
                                   const char* options_json, char** result);

/* Syncs and closes the log. NULL is ignored. */
BYLAW_API void bylaw_audit_close(bylaw_audit_log* log);

#ifdef __cplusplus
}
#endif

#endif /* BYLAW_H_ */
