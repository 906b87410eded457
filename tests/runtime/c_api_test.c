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

/* The events of the "trace" array in the outcome JSON `out` (compact, as
   the C API writes it), each as its object's text and a newline, into a
   malloc'ed string: all of them, or with `tables_and_rules` only those of
   kind "table" or "rule". *count receives how many were kept. NULL when
   `out` has no trace. */
static char* trace_events(const char* out, int tables_and_rules, int* count) {
  *count = 0;
  const char* p = out ? strstr(out, "\"trace\":[") : NULL;
  if (!p) return NULL;
  p += strlen("\"trace\":[");
  char* kept = malloc(strlen(p) + 1);
  if (!kept) return NULL;
  size_t n = 0;
  while (*p == '{') {
    /* One event: to its matching brace, outside strings (whose quotes and
       braces are escaped or quoted). */
    const char* begin = p;
    int depth = 0, in_string = 0;
    for (; *p; ++p) {
      if (in_string) {
        if (*p == '\\' && p[1]) {
          ++p;
        } else if (*p == '"') {
          in_string = 0;
        }
      } else if (*p == '"') {
        in_string = 1;
      } else if (*p == '{' || *p == '[') {
        ++depth;
      } else if ((*p == '}' || *p == ']') && --depth == 0) {
        ++p;
        break;
      }
    }
    const size_t len = (size_t)(p - begin);
    /* The kind is the event's own key: a nested object (source) has none,
       and a quote inside a string value is escaped. */
    char* event = malloc(len + 1);
    if (!event) break;
    memcpy(event, begin, len);
    event[len] = '\0';
    if (!tables_and_rules || strstr(event, "\"kind\":\"table\"") != NULL ||
        strstr(event, "\"kind\":\"rule\"") != NULL) {
      memcpy(kept + n, event, len);
      n += len;
      kept[n++] = '\n';
      ++*count;
    }
    free(event);
    if (*p == ',') ++p;
  }
  kept[n] = '\0';
  return kept;
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

  /* trace_tables_and_rules_only: the trace holds exactly the table and
     rule steps of the full trace, in its order, and the outputs are the
     same. */
  {
    char* full = NULL;
    char* steps = NULL;
    EXPECT(bylaw_engine_evaluate(engine, "may_inspect", facts, "{\"trace\": true}", &full) == 0);
    EXPECT(bylaw_engine_evaluate(engine, "may_inspect", facts,
                                 "{\"trace\": true, \"trace_tables_and_rules_only\": true}",
                                 &steps) == 0);
    int all = 0, full_steps = 0, only = 0, only_steps = 0;
    char* full_all = trace_events(full, 0, &all);
    char* full_kept = trace_events(full, 1, &full_steps);
    char* only_all = trace_events(steps, 0, &only);
    char* only_kept = trace_events(steps, 1, &only_steps);
    /* The full trace has other steps (facts, outputs), so the option has
       something to leave out; both list table and rule steps. */
    EXPECT(full_steps > 0 && all > full_steps);
    EXPECT(only == only_steps);
    EXPECT(full_kept != NULL && only_all != NULL && strcmp(full_kept, only_all) == 0);
    const char* outputs_full = full ? strstr(full, "\"outputs\":") : NULL;
    const char* outputs_steps = steps ? strstr(steps, "\"outputs\":") : NULL;
    const char* end_full = full ? strstr(full, ",\"trace\":") : NULL;
    const char* end_steps = steps ? strstr(steps, ",\"trace\":") : NULL;
    EXPECT(outputs_full && outputs_steps && end_full && end_steps &&
           end_full - outputs_full == end_steps - outputs_steps &&
           strncmp(outputs_full, outputs_steps, (size_t)(end_full - outputs_full)) == 0);
    free(full_all);
    free(full_kept);
    free(only_all);
    free(only_kept);
    bylaw_string_free(full);
    bylaw_string_free(steps);
  }

  /* An option of the wrong JSON type is refused with an error object. */
  {
    static const char* const kBad[] = {
        "{\"trace\": \"yes\"}",
        "{\"trace\": true, \"trace_tables_and_rules_only\": 1}",
        "{\"trace_tables_and_rules_only\": null}",
        "{\"as_of\": 20241001}",
        "{\"params\": [1]}",
    };
    for (size_t i = 0; i < sizeof kBad / sizeof kBad[0]; ++i) {
      out = NULL;
      EXPECT(bylaw_engine_evaluate(engine, "may_inspect", facts, kBad[i], &out) != 0);
      EXPECT(out != NULL && strstr(out, "\"code\":\"invalid_options\"") != NULL &&
             strstr(out, "must be") != NULL);
      if (out == NULL || strstr(out, "invalid_options") == NULL) {
        fprintf(stderr, "  options %s gave %s\n", kBad[i], out ? out : "(null)");
      }
      bylaw_string_free(out);
    }
    err = NULL;
    EXPECT(bylaw_engine_new_with_options("{\"verify_hash\": \"no\"}", &err) == NULL);
    EXPECT(err != NULL && strstr(err, "option `verify_hash` must be a boolean") != NULL);
    bylaw_string_free(err);
  }

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
