#!/usr/bin/env bash
# Signed bundles from the command line (docs/bundle.md, 1.4): compile
# --sign-key, then eval/plan --trust accept the signed bundle, refuse it
# unsigned, forged (edited and re-hashed) or signed by another key, and the
# signer lands in the audit log. Keys are made here (openssl genpkey);
# exits 77 (skipped) without openssl.
#   bash check_signed_bundle.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
command -v openssl > /dev/null || { echo "skipped: no openssl" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$tmp"
shop="$src/tests/cli/cases/shop"

openssl genpkey -algorithm ed25519 -out key.pem 2> /dev/null
openssl pkey -in key.pem -pubout -out pub.pem
openssl genpkey -algorithm ed25519 -out other.pem 2> /dev/null
openssl pkey -in other.pem -pubout -out other_pub.pem

"$bylaw" compile "$shop/shop.bylaw" --sign-key key.pem -o signed.json 2> compile.err
grep -q "signed" compile.err || fail "compile does not say it signed: $(cat compile.err)"
"$bylaw" compile "$shop/shop.bylaw" -o plain.json 2> /dev/null

eval_with() {  # BUNDLE TRUST...: exit code, stderr in eval.err
  local bundle=$1
  shift
  set +e
  "$bylaw" eval --bundle "$bundle" "$@" --decision permit --facts "$shop/good.json" > eval.out 2> eval.err
  local code=$?
  set -e
  return $code
}
eval_with signed.json --trust pub.pem || fail "the signed bundle is refused: $(cat eval.err)"
eval_with signed.json --trust other_pub.pem --trust pub.pem || fail "a second trusted key breaks it"
eval_with signed.json && true || fail "without --trust a signed bundle should load"
! eval_with plain.json --trust pub.pem || fail "an unsigned bundle is accepted"
grep -q bundle_unsigned eval.err || fail "no bundle_unsigned: $(cat eval.err)"
! eval_with signed.json --trust other_pub.pem || fail "a bundle signed by another key is accepted"
grep -q bundle_untrusted_key eval.err || fail "no bundle_untrusted_key: $(cat eval.err)"

# The forgery of issue 17: edit the content, recompute the unkeyed hash.
python3 - "$src" <<'PY'
import hashlib, json, sys
doc = json.load(open("signed.json", encoding="utf-8"))
doc["rulesets"][0]["version"] = "forged"
body = {k: v for k, v in doc.items() if k not in ("hash", "signature")}
canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
doc["hash"] = "sha256:" + hashlib.sha256(canon.encode("utf-8")).hexdigest()
open("forged.json", "w", encoding="utf-8").write(json.dumps(doc, ensure_ascii=False))
PY
eval_with forged.json || fail "the forged bundle should load when nothing is trusted (its hash is right): $(cat eval.err)"
! eval_with forged.json --trust pub.pem || fail "the forged bundle is accepted under --trust"
grep -q bundle_signature_invalid eval.err || fail "no bundle_signature_invalid: $(cat eval.err)"

# The signer's key id is in the audit record.
"$bylaw" eval --bundle signed.json --trust pub.pem --decision permit --facts "$shop/good.json" \
    --log decisions.jsonl > /dev/null
key_id=$(python3 -c 'import json; print(json.load(open("signed.json"))["signature"]["key_id"])')
grep -q "\"signer\":\"$key_id\"" decisions.jsonl || fail "no signer in the record: $(cat decisions.jsonl)"
"$bylaw" audit verify decisions.jsonl > /dev/null || fail "the log with a signer does not verify"
# bylaw serve --trust refuses to start on an unsigned bundle (when the verb
# is built: it needs cpp-httplib).
if "$bylaw" serve --help > /dev/null 2>&1; then
  set +e
  timeout 20 "$bylaw" serve --bundle plain.json --trust pub.pem --listen 127.0.0.1:0 \
      > serve.out 2> serve.err
  code=$?
  set -e
  [ $code -ne 0 ] && [ $code -ne 124 ] || fail "serve started on an unsigned bundle (exit $code)"
  grep -q bundle_unsigned serve.err || fail "serve gives no bundle_unsigned: $(cat serve.err)"
fi
echo "signed bundles: ok"
