#!/usr/bin/env python3
"""Drives one `bylaw lsp` session over pipes and asserts every answer.

usage: check_lsp.py BYLAW_BIN WORK_DIR

A two-ruleset project is written under WORK_DIR: `base` (an enum, facts
with labelled fields, a dated param) and `user`, which imports it and has
an error after Chinese text on one line. The session: initialize, didOpen
(diagnostics with the UTF-16 column), hover on a param and on a field,
definition across the import, references, documentSymbol, completion after
`.`, formatting, bad JSON-RPC input, shutdown and exit.
"""
import faulthandler
import json
import os
import shutil
import subprocess
import sys

BASE = """ruleset base
  level national

enum Grade "信用等级" {
  A "信用风险低"
  B "信用风险高"
}

facts Shop "商户" {
  id: text
  grade: Grade "等级"
  staff: int "在岗人数"
}

param min_staff "最少在岗人数": int {
  from 2020-01-01 = 2 basis "旧条例第二条"
  from 2024-01-01 = 3 basis "新条例第二条"
}
"""

# Line 6 (0-based 5) has Chinese text before the unknown name `nope`.
USER = """ruleset user
  level national

import base

let greeting = "中文" == nope

def enough (s: Shop) -> bool = s.staff >=   min_staff

def top (g: Grade) -> bool = g == Z
"""

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)


class Session:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "lsp", "--max-message-bytes", "100000"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.next_id = 0
        self.notifications = []

    def send_raw(self, body: bytes):
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, method, params=None, request=True):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        self.send_raw(json.dumps(msg).encode("utf-8"))
        return msg.get("id")

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length).decode("utf-8"))

    def error_response(self):
        """The next message that is not a notification."""
        while True:
            m = self.read()
            if "method" not in m:
                return m
            self.notifications.append(m)

    def response(self, id_):
        while True:
            m = self.read()
            if "method" in m:
                self.notifications.append(m)
            elif m.get("id") == id_:
                return m

    def request(self, method, params=None):
        return self.response(self.send(method, params))

    def diagnostics_for(self, uri):
        """The latest publishDiagnostics for `uri` (reading until it comes)."""
        while True:
            for m in reversed(self.notifications):
                if (m["method"] == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == uri):
                    return m["params"]["diagnostics"]
            self.notifications.append(self.read())


def uri(path):
    return "file://" + path


def main():
    binary, work = sys.argv[1], sys.argv[2]
    # A server that stops answering fails the test instead of hanging it.
    faulthandler.dump_traceback_later(int(os.environ.get('LSP_TEST_TIMEOUT', '120')), exit=True)
    root = os.path.realpath(os.path.join(work, "lsp_project"))
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "user"))
    base_path = os.path.join(root, "base.bylaw")
    user_path = os.path.join(root, "user", "rules.bylaw")
    with open(base_path, "w", encoding="utf-8") as f:
        f.write(BASE)
    # The user file exists on disk with other text: the buffer must win.
    with open(user_path, "w", encoding="utf-8") as f:
        f.write("ruleset user\n  level national\n")

    s = Session(binary)
    init = s.request("initialize", {"processId": None, "rootUri": uri(root),
                                    "capabilities": {}})
    caps = init["result"]["capabilities"]
    for cap in ("hoverProvider", "definitionProvider", "referencesProvider",
                "documentFormattingProvider", "documentSymbolProvider"):
        check(caps.get(cap) is True, "capability " + cap)
    check(caps["completionProvider"]["triggerCharacters"] == ["."],
          "completion triggered by `.`")
    s.send("initialized", {}, request=False)

    # Bad input is answered, never fatal.
    s.send_raw(b"{not json")
    bad = s.error_response()
    check(bad.get("error", {}).get("code") == -32700 and bad.get("id") is None,
          "parse error for bad JSON: %r" % bad)
    unknown = s.request("bylaw/nonsense", {})
    check(unknown.get("error", {}).get("code") == -32601, "unknown method error")
    bad_params = s.request("textDocument/hover", {"textDocument": 3})
    check(bad_params.get("error", {}).get("code") == -32602,
          "bad params error: %r" % bad_params)

    # A burst of edits in one write (under PIPE_BUF, so it arrives whole)
    # is checked once, on the last text: the debounce.
    burst = b""
    for version, text in ((1, "ruleset user\n  level national\nlet a = b\n"),
                          (2, "ruleset user\n  level national\nlet a = c\n"), (3, USER)):
        if version == 1:
            msg = {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                "textDocument": {"uri": uri(user_path), "languageId": "bylaw",
                                 "version": 1, "text": text}}}
        else:
            msg = {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri(user_path), "version": version},
                "contentChanges": [{"text": text}]}}
        body = json.dumps(msg).encode("utf-8")
        burst += b"Content-Length: %d\r\n\r\n" % len(body) + body
    check(len(burst) < 4096, "the burst fits one atomic pipe write")
    s.proc.stdin.write(burst)
    s.proc.stdin.flush()
    diags = s.diagnostics_for(uri(user_path))
    s.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(user_path)}})
    published = [m for m in s.notifications
                 if m["method"] == "textDocument/publishDiagnostics"
                 and m["params"]["uri"] == uri(user_path)]
    check(len(published) == 1, "one publish for the burst, got %d" % len(published))
    nope = [d for d in diags if d.get("code") == "unknown_name"]
    check(len(nope) == 1, "one unknown_name diagnostic: %r" % diags)
    if nope:
        d = nope[0]
        # `let greeting = "中文" == ` is 15 + 4 + 4 = 23 UTF-16 units
        # (27 bytes): the error starts at character 23.
        line = USER.splitlines()[5]
        expect = len(line[:line.index("nope")].encode("utf-16-le")) // 2
        check(expect == 23, "test arithmetic")
        check(d["range"]["start"] == {"line": 5, "character": expect},
              "UTF-16 start column: %r" % d["range"])
        check(d["range"]["end"] == {"line": 5, "character": expect + 4},
              "UTF-16 end column: %r" % d["range"])
        check(d["severity"] == 1 and d["source"] == "bylaw", "severity and source")
        check("`nope`" in d["message"], "message names the name: %r" % d["message"])
    # Help text, and the label in the imported file as related information.
    member = [d for d in diags if d.get("code") == "unknown_member"]
    check(len(member) == 1, "one unknown_member diagnostic: %r" % diags)
    if member:
        d = member[0]
        check(d["range"]["start"] == {"line": 9, "character": 34}, "member range")
        check("\nhelp: did you mean `A`?" in d["message"], "help text: %r" % d["message"])
        related = d.get("relatedInformation", [])
        grade_line = BASE.splitlines().index('enum Grade "信用等级" {')
        check(len(related) == 1 and related[0]["location"]["uri"] == uri(base_path)
              and related[0]["location"]["range"]["start"] == {"line": grade_line, "character": 5}
              and related[0]["message"] == "enum declared here",
              "related information: %r" % related)
    # The imported file is clean and gets its (empty) diagnostics too.
    check(s.diagnostics_for(uri(base_path)) == [], "base has no diagnostics")

    # Hover on the param `min_staff` (used in user, declared in base).
    user_lines = USER.splitlines()
    use_line = 7
    use_col = user_lines[use_line].index("min_staff") + 2
    hover = s.request("textDocument/hover", {
        "textDocument": {"uri": uri(user_path)},
        "position": {"line": use_line, "character": use_col}})
    text = hover["result"]["contents"]["value"]
    for part in ("**param**", "`base.min_staff`", "最少在岗人数", "`int`",
                 "from 2020-01-01: `2`", "from 2024-01-01: `3`", "新条例第二条"):
        check(part in text, "param hover has %s: %r" % (part, text))

    # Hover on the field `s.staff`.
    field_col = user_lines[use_line].index("s.staff") + 3
    hover = s.request("textDocument/hover", {
        "textDocument": {"uri": uri(user_path)},
        "position": {"line": use_line, "character": field_col}})
    text = hover["result"]["contents"]["value"]
    for part in ("**field**", "`Shop.staff`", "在岗人数", "`int`"):
        check(part in text, "field hover has %s: %r" % (part, text))

    # Definition across the import: `Shop` in user -> base.bylaw.
    shop_col = user_lines[use_line].index("Shop") + 1
    definition = s.request("textDocument/definition", {
        "textDocument": {"uri": uri(user_path)},
        "position": {"line": use_line, "character": shop_col}})["result"]
    base_lines = BASE.splitlines()
    shop_line = next(i for i, l in enumerate(base_lines) if l.startswith("facts Shop"))
    check(definition is not None and definition["uri"] == uri(base_path),
          "definition in base.bylaw: %r" % definition)
    if definition:
        check(definition["range"]["start"] == {"line": shop_line, "character": 6},
              "definition range: %r" % definition["range"])

    # References of `min_staff`: its declaration and the use.
    refs = s.request("textDocument/references", {
        "textDocument": {"uri": uri(user_path)},
        "position": {"line": use_line, "character": use_col},
        "context": {"includeDeclaration": True}})["result"]
    check(sorted(r["uri"] for r in refs) == sorted([uri(base_path), uri(user_path)]),
          "references in both files: %r" % refs)

    # Document symbols of user.
    symbols = s.request("textDocument/documentSymbol",
                        {"textDocument": {"uri": uri(user_path)}})["result"]
    check([x["name"] for x in symbols] == ["greeting", "enough", "top"],
          "symbols: %r" % symbols)

    # Completion after `s.`: the fields of Shop.
    edited = USER.replace("s.staff >=", "s. >=")
    s.send("textDocument/didChange", {
        "textDocument": {"uri": uri(user_path), "version": 2},
        "contentChanges": [{"text": edited}]}, request=False)
    dot_col = edited.splitlines()[use_line].index("s. ") + 2
    completion = s.request("textDocument/completion", {
        "textDocument": {"uri": uri(user_path)},
        "position": {"line": use_line, "character": dot_col}})["result"]
    labels = sorted(i["label"] for i in completion)
    check(labels == ["grade", "id", "staff"], "field completion: %r" % labels)
    s.send("textDocument/didChange", {
        "textDocument": {"uri": uri(user_path), "version": 3},
        "contentChanges": [{"text": USER}]}, request=False)

    # Formatting: the extra spaces before `min_staff` go.
    edits = s.request("textDocument/formatting", {
        "textDocument": {"uri": uri(user_path)},
        "options": {"tabSize": 2, "insertSpaces": True}})["result"]
    check(len(edits) == 1, "one whole-document edit: %r" % edits)
    if edits:
        check("s.staff >= min_staff" in edits[0]["newText"], "formatted text")
        check(edits[0]["range"]["start"] == {"line": 0, "character": 0},
              "edit starts at the top")
        # `bylaw fmt` reads the disk file; format the buffer's text there too.
        with open(user_path, "w", encoding="utf-8") as f:
            f.write(USER)
        formatted = subprocess.run([binary, "fmt", "--stdout", user_path],
                                   capture_output=True, text=True)
        check(formatted.stdout == edits[0]["newText"], "same text as `bylaw fmt`")

    # Oversized and headerless messages are refused, and the session goes on.
    s.proc.stdin.write(b"Content-Type: x\r\n\r\n")
    s.proc.stdin.flush()
    check(s.error_response().get("error", {}).get("code") == -32600, "missing Content-Length")
    s.send("textDocument/didSave", {"padding": "x" * 200000}, request=False)
    big = s.error_response()
    check(big.get("error", {}).get("code") == -32600 and "limit" in big["error"]["message"],
          "oversized message refused: %r" % big)

    shut = s.request("shutdown")
    check("result" in shut and shut["result"] is None, "shutdown answers null")
    after = s.request("textDocument/hover", {
        "textDocument": {"uri": uri(user_path)},
        "position": {"line": 0, "character": 0}})
    check(after.get("error", {}).get("code") == -32600, "requests refused after shutdown")
    s.send("exit", request=False)
    s.proc.stdin.close()
    code = s.proc.wait(timeout=30)
    check(code == 0, "exit code 0 after shutdown, got %r" % code)

    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("lsp session ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
