#!/usr/bin/env python3
"""Checks the TextMate grammar of the VS Code extension.

usage: check_grammar.py REPO_ROOT

The grammar (tools/editors/vscode/syntaxes/bylaw.tmLanguage.json) must be
valid JSON whose every regex compiles, using only constructs that
Oniguruma and Python's `re` read alike (no possessive quantifiers, no
\\h, \\G, \\A, \\z, named-group or atomic-group syntax, no variable-width
lookbehind); the extension manifest must point at it. Then a small
TextMate tokenizer (match and begin/end rules, captures, includes; the end
pattern wins ties) runs the grammar over every shipped ruleset and checks
that keywords, declaration names, strings, comments and decision-table
rows get their scopes.
"""
import json
import os
import re
import sys

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        if len(failures) < 30:
            print("FAIL:", what)


# Constructs that differ between Oniguruma and Python (or that Python
# lacks), refused so that the Python check stands for the editor's.
UNPORTABLE = [r"\h", r"\G", r"\A", r"\z", r"\Z", "(?>", "(?<name>", "*+", "++", "?+", r"\p{"]


def walk_regexes(node, path="grammar"):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("match", "begin", "end") and isinstance(v, str):
                yield path + "." + k, v
            else:
                yield from walk_regexes(v, path + "." + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk_regexes(v, "%s[%d]" % (path, i))


class Tokenizer:
    def __init__(self, grammar):
        self.grammar = grammar
        self.repo = grammar.get("repository", {})
        self.cache = {}

    def rx(self, source):
        if source not in self.cache:
            self.cache[source] = re.compile(source)
        return self.cache[source]

    def expand(self, patterns):
        out = []
        for p in patterns:
            inc = p.get("include")
            if inc == "$self":
                out.extend(self.expand(self.grammar["patterns"]))
            elif inc is not None:
                rule = self.repo[inc[1:]]
                out.extend(self.expand(rule["patterns"]) if "patterns" in rule and
                           "match" not in rule and "begin" not in rule else [rule])
            else:
                out.append(p)
        return out

    def tokenize(self, lines):
        """Yields, per line, the list of scope stacks of its characters."""
        stack = [(self.grammar, None)]  # (rule, compiled end regex)
        for line in lines:
            scopes = [[] for _ in line]
            pos = 0
            while pos <= len(line):
                rule, end = stack[-1]
                best = None
                if end is not None:
                    m = end.search(line, pos)
                    if m:
                        best = (m, None)
                for p in self.expand(rule.get("patterns", [])):
                    m = self.rx(p.get("match") or p["begin"]).search(line, pos)
                    if m and (best is None or m.start() < best[0].start()):
                        best = (m, p)
                # The grammar's own `name` is a display name, not a scope.
                outer = [r.get("name") for r, _ in stack[1:] if r.get("name")]
                if best is None:
                    for i in range(pos, len(line)):
                        scopes[i] = list(outer)
                    break
                m, p = best
                for i in range(pos, m.start()):
                    scopes[i] = list(outer)
                if p is None:  # the end pattern
                    self.paint(scopes, m, outer, rule.get("endCaptures", {}))
                    stack.pop()
                elif "match" in p:
                    self.paint(scopes, m, outer + ([p["name"]] if "name" in p else []),
                               p.get("captures", {}))
                else:
                    inner = outer + ([p["name"]] if "name" in p else [])
                    self.paint(scopes, m, inner, p.get("beginCaptures", {}))
                    stack.append((p, self.rx(p["end"])))
                # An empty match that changes no state must not loop.
                empty = m.end() == m.start() and p is not None and "match" in p
                pos = m.end() + 1 if empty else m.end()
            yield scopes

    @staticmethod
    def paint(scopes, m, base, captures):
        for i in range(m.start(), m.end()):
            scopes[i] = list(base)
        for group, spec in captures.items():
            g = int(group)
            if m.start(g) < 0 or "name" not in spec:
                continue
            for i in range(m.start(g), m.end(g)):
                scopes[i] = list(base) + [spec["name"]]


def has(scope_list, name):
    return any(s == name or s.startswith(name + ".") or s.startswith(name)
               for s in scope_list)


DECL = re.compile(r"^(ruleset|import|enum|facts|record|param|scenario|reason|matter|table|"
                  r"rule|scorecard|def|let|decision|test)\s+([A-Za-z_][A-Za-z0-9_.]*)")
STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
ROW = re.compile(r"^\s*(@[A-Za-z_][A-Za-z0-9_]*)?\s*\|")


def main():
    root = sys.argv[1]
    vscode = os.path.join(root, "tools", "editors", "vscode")
    with open(os.path.join(vscode, "package.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    grammars = manifest["contributes"]["grammars"]
    check(grammars[0]["scopeName"] == "source.bylaw", "manifest scope name")
    path = os.path.join(vscode, grammars[0]["path"])
    with open(path, encoding="utf-8") as f:
        grammar = json.load(f)
    check(grammar["scopeName"] == "source.bylaw", "grammar scope name")
    check(".bylaw" in manifest["contributes"]["languages"][0]["extensions"],
          "manifest claims .bylaw")
    count = 0
    for where, source in walk_regexes(grammar):
        count += 1
        for bad in UNPORTABLE:
            check(bad not in source, "%s uses %r: %s" % (where, bad, source))
        try:
            re.compile(source)
        except re.error as e:
            check(False, "%s does not compile: %s (%s)" % (where, source, e))
    check(count >= 10, "the grammar has regexes")
    for key, rule in grammar["repository"].items():
        for inc in json.dumps(rule).split('"include": "')[1:]:
            name = inc.split('"')[0]
            check(name == "$self" or name[1:] in grammar["repository"],
                  "include %s resolves" % name)

    tok = Tokenizer(grammar)
    seen = {"comment": 0, "string": 0, "decl": 0, "row": 0}
    files = []
    for d, _, names in os.walk(os.path.join(root, "rulesets")):
        files += [os.path.join(d, n) for n in names if n.endswith(".bylaw")]
    check(len(files) >= 10, "shipped rulesets found")
    for file in sorted(files):
        with open(file, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for n, (line, scopes) in enumerate(zip(lines, tok.tokenize(lines)), 1):
            at = "%s:%d" % (os.path.relpath(file, root), n)
            code = line
            hash_at = None
            # The comment starts at the first `#` outside a string.
            in_string = False
            for i, c in enumerate(line):
                if c == '"' and (i == 0 or line[i - 1] != "\\"):
                    in_string = not in_string
                elif c == "#" and not in_string:
                    hash_at = i
                    break
            if hash_at is not None:
                code = line[:hash_at]
                seen["comment"] += 1
                check(all(has(s, "comment.line") for s in scopes[hash_at:]),
                      "%s: comment not scoped as a comment" % at)
            for m in STRING.finditer(code):
                seen["string"] += 1
                check(all(has(s, "string.quoted") for s in scopes[m.start():m.end()]),
                      "%s: string %s not scoped as a string" % (at, m.group(0)[:20]))
            d = DECL.match(code)
            if d:
                seen["decl"] += 1
                check(has(scopes[d.start(1)], "storage.type"),
                      "%s: `%s` not a declaration keyword" % (at, d.group(1)))
                check(has(scopes[d.start(2)], "entity.name"),
                      "%s: `%s` not a declaration name" % (at, d.group(2)))
            r = ROW.match(code)
            if r:
                seen["row"] += 1
                if r.group(1):
                    check(has(scopes[r.start(1)], "entity.name.tag.row-id"),
                          "%s: row id not scoped" % at)
                in_string = False
                for i, c in enumerate(code):
                    if c == '"':
                        in_string = not in_string
                    if c == "|" and not in_string:
                        check(has(scopes[i], "punctuation.separator.table"),
                              "%s: column %d `|` not a table separator" % (at, i + 1))
    for kind, n in seen.items():
        check(n > 20, "the rulesets exercise %s (%d seen)" % (kind, n))
    print("checked %d regexes; %r" % (count, seen))
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("grammar ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
