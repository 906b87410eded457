/* bylaw_host_c: the C host of docs/embedding.md, built by the test suite
 * against the installed package with pkg-config and with find_package.
 *
 *   bylaw_host_c BUNDLE.json DECISION FACTS_JSON
 *
 * Loads the bundle, evaluates DECISION on the facts document given as an
 * argument and prints the outcome JSON. Exit 0 when evaluated (even when the
 * answer is "no"), 1 when the bundle or the facts could not be (the error
 * object goes to stderr), 2 on usage.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bylaw.h"

static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, got;
  char* buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char* bigger = realloc(buf, cap *= 2);
      if (!bigger) free(buf);
      buf = bigger;
    }
  }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fputs("usage: bylaw_host_c BUNDLE.json DECISION FACTS_JSON\n", stderr);
    return 2;
  }
  size_t len = 0;
  char* bundle = read_file(argv[1], &len);
  if (!bundle) {
    fprintf(stderr, "bylaw_host_c: cannot read %s\n", argv[1]);
    return 1;
  }

  /* Errors are JSON objects {"code", "message", "details"}, owned by us. */
  char* error = NULL;
  bylaw_engine* engine = bylaw_engine_new();
  int rc = bylaw_engine_load(engine, bundle, len, &error);
  free(bundle);
  if (rc != 0) {
    fprintf(stderr, "bylaw_host_c: %s\n", error);
    bylaw_string_free(error);
    bylaw_engine_free(engine);
    return 1;
  }

  char* out = NULL;
  rc = bylaw_engine_evaluate(engine, argv[2], argv[3], "{\"trace\": false}", &out);
  /* 0: the outcome, whose "errors" say what failed inside the rules;
   * non-zero: could not evaluate at all (unknown decision, invalid facts). */
  fprintf(rc == 0 ? stdout : stderr, "%s\n", out);
  bylaw_string_free(out);
  bylaw_engine_free(engine);
  return rc == 0 ? 0 : 1;
}
