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

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bylaw_engine bylaw_engine;

/* A new engine without a bundle. Never NULL unless out of memory. */
bylaw_engine* bylaw_engine_new(void);

/* Like bylaw_engine_new, with JSON options:
 * {"verify_hash": true, "params": {"name": <json value>}}. NULL on error. */
bylaw_engine* bylaw_engine_new_with_options(const char* options_json, char** error);

void bylaw_engine_free(bylaw_engine* engine);

/* Loads and verifies a bundle; on success it replaces the current one
 * atomically. On failure the current bundle stays and *error is set. */
int bylaw_engine_load(bylaw_engine* engine, const char* bytes, size_t len, char** error);

/* Evaluates `decision` on the facts document (NUL-terminated JSON).
 * options_json may be NULL or {"trace": true, "as_of": "YYYY-MM-DD",
 * "params": {...}}. *result receives the outcome JSON, or an error object
 * when the function fails. */
int bylaw_engine_evaluate(const bylaw_engine* engine, const char* decision,
                          const char* facts_json, const char* options_json,
                          char** result);

/* The current bundle's "sha256:..." hash, or NULL when none is loaded. */
char* bylaw_engine_hash(const bylaw_engine* engine);

void bylaw_string_free(char* s);

#ifdef __cplusplus
}
#endif

#endif /* BYLAW_H_ */
