/* The C API (bylaw.h) used from C: load, evaluate, errors, hash, reload. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bylaw.h"

static int failures = 0;

#define EXPECT(cond)                                              \
  do {                                                            \
    if (!(cond)) {                                                \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                 \
    }                                                             \
  } while (0)

static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* buf = malloc((size_t)n + 1);
  if (fread(buf, 1, (size_t)n, f) != (size_t)n) n = 0;
  buf[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return buf;
}

int main(void) {
  size_t len = 0;
  char* bundle = read_file(BYLAW_RUNTIME_FIXTURES "/supervision.json", &len);
  EXPECT(bundle != NULL);
  if (!bundle) return 1;

  char* err = NULL;
  /* The fixture is unsealed: with hash checking on, loading must fail. */
  bylaw_engine* strict = bylaw_engine_new();
  EXPECT(bylaw_engine_load(strict, bundle, len, &err) != 0);
  EXPECT(err != NULL && strstr(err, "bundle_hash_mismatch") != NULL);
  bylaw_string_free(err);
  err = NULL;
  char* no_hash = bylaw_engine_hash(strict);
  EXPECT(no_hash == NULL);
  bylaw_engine_free(strict);

  bylaw_engine* engine = bylaw_engine_new_with_options("{\"verify_hash\": false}", &err);
  EXPECT(engine != NULL);
  EXPECT(bylaw_engine_load(engine, bundle, len, &err) == 0);

  char* out = NULL;
  const char* facts =
      "{\"as_of\": \"2024-10-01\", \"inspection\": {\"matter\": \"ebike_fire\", "
      "\"urgent\": true, \"head_approved\": false, \"inspectors\": "
      "[{\"id\": \"a\", \"certified\": true}, {\"id\": \"b\", \"certified\": true}]}}";
  EXPECT(bylaw_engine_evaluate(engine, "may_inspect", facts, "{\"trace\": true}", &out) == 0);
  EXPECT(out != NULL && strstr(out, "\"proceed\":true") != NULL);
  EXPECT(out != NULL && strstr(out, "approve_afterwards") != NULL);
  EXPECT(out != NULL && strstr(out, "\"trace\"") != NULL);
  bylaw_string_free(out);

  out = NULL;
  EXPECT(bylaw_engine_evaluate(engine, "may_inspect", "{\"inspection\": {\"urgent\": \"yes\"}}",
                               NULL, &out) != 0);
  EXPECT(out != NULL && strstr(out, "$.inspection.urgent: expected bool, got \\\"yes\\\"") != NULL);
  bylaw_string_free(out);

  out = NULL;
  EXPECT(bylaw_engine_evaluate(engine, "nope", "{}", NULL, &out) != 0);
  EXPECT(out != NULL && strstr(out, "unknown_decision") != NULL);
  bylaw_string_free(out);

  /* A param value nested far deeper than any param type is refused, not
     serialised recursively until the stack runs out. */
  {
    const size_t depth = 100000;
    char* options = malloc(2 * depth + 64);
    EXPECT(options != NULL);
    if (options) {
      size_t n = (size_t)sprintf(options, "{\"params\": {\"p\": ");
      memset(options + n, '[', depth);
      memset(options + n + depth, ']', depth);
      strcpy(options + n + 2 * depth, "}}");
      out = NULL;
      EXPECT(bylaw_engine_evaluate(engine, "may_inspect", facts, options, &out) != 0);
      EXPECT(out != NULL && strstr(out, "invalid_options") != NULL &&
             strstr(out, "nested deeper than") != NULL);
      bylaw_string_free(out);
      free(options);
    }
  }

  char* hash = bylaw_engine_hash(engine);
  EXPECT(hash != NULL && strncmp(hash, "sha256:", 7) == 0);
  bylaw_string_free(hash);

  /* A corrupt reload keeps the current bundle. */
  err = NULL;
  EXPECT(bylaw_engine_load(engine, bundle, len / 2, &err) != 0);
  EXPECT(err != NULL && strstr(err, "bundle_not_json") != NULL);
  bylaw_string_free(err);
  out = NULL;
  EXPECT(bylaw_engine_evaluate(engine, "may_inspect", facts, NULL, &out) == 0);
  bylaw_string_free(out);

  bylaw_engine_free(engine);
  free(bundle);
  if (failures == 0) printf("c_api_test: all passed\n");
  return failures == 0 ? 0 : 1;
}
