#!/usr/bin/env python3
"""Assertions on the endpoint driver's JSON output.

    jcheck.py FILE ASSERTION...

An assertion is PATH OP VALUE with OP one of
    =   equal (as text; null is written as "null")
    ~   contains
    !~  does not contain
    <   less than (numbers)      >   greater than (numbers)
PATH is dot-separated ("state", "endpoints.0.class", "count"); "@NAME/FIELD"
picks the endpoint named NAME; "*" is the whole output as text.
Every failed assertion is printed; the exit status is 1 if any failed."""
import json
import re
import sys


def lookup(doc, path):
    if path.startswith("@"):
        name, _, field = path[1:].rpartition("/")
        for e in doc.get("endpoints", []):
            if e.get("name") == name:
                return e.get(field)
        raise KeyError("no endpoint named %r" % name)
    cur = doc
    for part in path.split("."):
        if isinstance(cur, list):
            cur = cur[int(part)]
        else:
            if part not in cur:
                raise KeyError(part)
            cur = cur[part]
    return cur


def as_text(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    raw = open(sys.argv[1], encoding="utf-8").read()
    try:
        doc = json.loads(raw)
    except ValueError as e:
        print("FAIL: output is not JSON (%s): %r" % (e, raw[:300]))
        return 1
    failed = 0
    for a in sys.argv[2:]:
        m = re.match(r"^(.*?)(!~|=|~|<|>)(.*)$", a, re.S)
        if not m:
            print("bad assertion %r" % a, file=sys.stderr)
            return 2
        path, op, want = m.groups()
        try:
            got = raw if path == "*" else lookup(doc, path)
        except (KeyError, IndexError, ValueError) as e:
            print("FAIL: %s: missing (%s)" % (path, e))
            failed += 1
            continue
        text = as_text(got)
        if op == "=":
            ok = text == want
        elif op == "~":
            ok = want in text
        elif op == "!~":
            ok = want not in text
        else:
            try:
                ok = (float(got) < float(want)) if op == "<" else (float(got) > float(want))
            except (TypeError, ValueError):
                ok = False
        if not ok:
            shown = "<whole output>" if path == "*" else repr(text)
            print("FAIL: %s %s %r, got %s" % (path, op, want, shown))
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
