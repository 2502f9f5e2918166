#!/usr/bin/env python3
"""Read check results back from a Nagios status.dat or an Icinga 2 state file.

status_read.py nagios STATUS_DAT SERVICE FIELD   -> prints the field of that servicestatus
status_read.py nagios-hard STATUS_DAT N         -> exit 0 when N services are checked and in a
                                                      HARD state (retries of a failing check done)
status_read.py icinga STATE_FILE SERVICE FIELD    -> field of last_check_result (state, output,
                                                      performance_data as JSON, exit_status)
"""
import json
import sys


def nagios_blocks(path):
    blocks, cur, kind = [], None, None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            s = line.strip()
            if s.endswith("{") and cur is None:
                kind, cur = s[:-1].strip(), {}
            elif s == "}" and cur is not None:
                blocks.append((kind, cur))
                cur = None
            elif cur is not None and "=" in s:
                k, v = s.split("=", 1)
                cur[k] = v
    return blocks


def nagios_service(path, name):
    for kind, b in nagios_blocks(path):
        if kind == "servicestatus" and b.get("service_description") == name:
            return b
    return None


def netstrings(data):
    # Icinga's state file is a sequence of netstrings "LEN:JSON,"
    pos = 0
    while pos < len(data):
        colon = data.index(b":", pos)
        size = int(data[pos:colon])
        yield data[colon + 1:colon + 1 + size]
        pos = colon + 1 + size + 1


def icinga_service(path, name):
    with open(path, "rb") as f:
        data = f.read()
    for item in netstrings(data):
        obj = json.loads(item)
        if obj.get("type") == "Service" and obj.get("name", "").endswith("!" + name):
            return obj.get("update", {}).get("last_check_result")
    return None


def main(argv):
    mode = argv[1]
    if mode == "nagios":
        b = nagios_service(argv[2], argv[3])
        if b is None:
            return 1
        v = b.get(argv[4], "")
        # status.dat escapes newlines in long output as a literal \n
        print(v.replace("\\n", "\n"))
        return 0
    if mode == "nagios-hard":
        try:
            blocks = nagios_blocks(argv[2])
        except OSError:
            return 1
        # The shipped template retries a failing check (max_check_attempts 3), so
        # a failing service is only final, and logged as HARD, after its retries.
        done = sum(1 for k, b in blocks if k == "servicestatus" and b.get("has_been_checked") == "1"
                   and b.get("state_type") == "1")
        return 0 if done >= int(argv[3]) else 1
    if mode == "icinga":
        cr = icinga_service(argv[2], argv[3])
        if cr is None:
            return 1
        v = cr.get(argv[4])
        print(json.dumps(v) if isinstance(v, (list, dict)) else v)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
