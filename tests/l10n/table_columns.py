#!/usr/bin/env python3
"""Checks that an arcprobe table lines up on a terminal.

usage: table_columns.py TABLE_FILE STATE_HEADING ENDPOINT_HEADING LABEL...

The display column of a cell is the terminal width of everything before it,
counted here from Unicode's East Asian Width property (W and F take two
columns, combining marks none), independently of the C library's wcwidth the
program uses. Checked: every row's STATE cell starts where the STATE heading
does (component table and endpoint table), every detail label starts under
the DETAIL heading and every detail text in the same column. The file must
be valid UTF-8: a cut inside a character fails here first.
"""
import re
import sys
import unicodedata

STATES = r"(OK|WARNING|CRITICAL|UNKNOWN)"


def width(text):
    columns = 0
    for c in text:
        if unicodedata.combining(c):
            continue
        columns += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return columns


failures = 0
checked = 0


def expect(what, got, want):
    global failures, checked
    checked += 1
    if got == want:
        print(f"ok   - {what}")
    else:
        print(f"FAIL - {what}: column {got}, want {want}")
        failures += 1


def main():
    global failures
    path, state_heading, endpoint_heading, *labels = sys.argv[1:]
    with open(path, "rb") as f:
        raw = f.read()
    try:
        lines = raw.decode("utf-8", errors="strict").split("\n")
    except UnicodeDecodeError as e:
        print(f"FAIL - the table is not valid UTF-8: {e}")
        return 1
    print("ok   - the table is valid UTF-8")

    # component table: from the heading line to the first empty line
    head_at = next(i for i, l in enumerate(lines) if i > 0 and l and not l.startswith(" "))
    head = lines[head_at]
    state_col = width(head[: head.index(state_heading)])
    after_state = head[head.index(state_heading) + len(state_heading) :]
    detail_col = width(head[: len(head) - len(after_state.lstrip(" "))])
    rows = 0
    text_cols = set()
    for line in lines[head_at + 1 :]:
        if not line:
            break
        m = re.match(r"^([a-z]*) +" + STATES + r"( |$)", line)
        if m:
            expect(f"STATE cell of {line[:40]!r}", width(line[: m.start(2)]), state_col)
            rows += 1
            continue
        body = line.lstrip(" ")
        expect(f"label of {line.strip()[:30]!r} under DETAIL", width(line[: len(line) - len(body)]), detail_col)
        label = next((l for l in sorted(labels, key=len, reverse=True) if body.startswith(l + " ")), None)
        if label is None:
            print(f"FAIL - detail row with no known label: {line!r}")
            failures += 1
            continue
        after = body[len(label) :]
        text_cols.add(width(line[: len(line) - len(after.lstrip(' '))]))
    if rows < 4:
        print(f"FAIL - only {rows} component rows found")
        failures += 1
    if len(text_cols) == 1:
        print(f"ok   - every detail text starts in column {text_cols.pop()}")
    else:
        print(f"FAIL - detail texts start in columns {sorted(text_cols)}")
        failures += 1

    # endpoint table: its heading starts with two blanks and the ENDPOINT heading
    eh_at = next((i for i, l in enumerate(lines) if l.startswith("  " + endpoint_heading + " ")), None)
    if eh_at is None:
        print("FAIL - no endpoint table")
        return 1
    eh = lines[eh_at]
    ep_state_col = width(eh[: eh.index(" " + state_heading + " ") + 1])
    ep_rows = 0
    for line in lines[eh_at + 1 :]:
        m = re.match(r"^  \S+ +\S+ +" + STATES + " ", line)
        if m:
            expect(f"endpoint STATE cell of {line.split()[0]!r}", width(line[: m.start(1)]), ep_state_col)
            ep_rows += 1
    if ep_rows < 1:
        print("FAIL - no endpoint rows found")
        failures += 1
    print(f"{checked} column checks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
