#!/usr/bin/env python3
"""Validate a Nagios perfdata string against the plugin guidelines:
'label'=value[UOM];[warn];[crit];[min];[max], labels quoted when needed
('' inside quotes), UOM one of s ms us % B KB MB TB c, plain decimal numbers
(no exponent), warn/crit as ranges. Prints the problems, exit 1 if any."""
import re
import sys

NUM = r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
RANGE = r"@?(?:~|" + NUM + r")?:?(?:" + NUM + r")?"
ITEM = re.compile(
    r"(?P<label>'(?:[^']|'')+'|[^' =]+)=(?P<value>" + NUM + r")(?P<uom>s|ms|us|%|B|KB|MB|TB|c)?"
    r"(?:;(?P<warn>" + RANGE + r")?(?:;(?P<crit>" + RANGE + r")?(?:;(?P<min>" + NUM + r")?"
    r"(?:;(?P<max>" + NUM + r")?)?)?)?)?(?= |$)")


def main():
    text = sys.stdin.read().rstrip("\n")
    pos, problems, count, labels = 0, [], 0, set()
    while pos < len(text):
        m = ITEM.match(text, pos)
        if not m:
            problems.append("cannot parse at: " + text[pos:pos + 80])
            break
        count += 1
        if m.group("label") in labels:
            problems.append("duplicate label " + m.group("label"))
        labels.add(m.group("label"))
        pos = m.end()
        if pos < len(text):
            if text[pos] != " ":
                problems.append("no space after item at " + text[pos:pos + 40])
                break
            pos += 1
    if count == 0:
        problems.append("no perfdata items")
    for p in problems:
        print(p)
    print("%d items" % count)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
