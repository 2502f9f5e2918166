#!/usr/bin/env python3
"""What a compiled catalog says for a msgid, formatted as the C programs would.

usage: catalog_phrase.py LOCALEDIR LANG MSGID [ARG...]
       catalog_phrase.py LOCALEDIR LANG --plural MSGID MSGID_PLURAL N [ARG...]
       catalog_phrase.py LOCALEDIR LANG --lines-of TOKEN

The first two print the translation with the C conversions (%s, %.64s, %d,
%zu, %lld, %1$s, %%) filled from ARG...; the plural form is chosen by
Python's own evaluation of the catalog's Plural-Forms, not the C library's.
--lines-of prints each line without a conversion of the translation of the
msgid that contains TOKEN (help texts). Exits 1 when the catalog does not
translate the msgid (the translation would be the English text itself), so
a test built on it cannot pass on untranslated output.
"""
import gettext
import re
import sys

CONVERSION = re.compile(r"%(?:(\d+)\$)?([-#0 +]*\d*(?:\.\d+)?)(?:hh|h|ll|l|z|j|t)?([sdiuxc%])")


def c_format(fmt, args):
    position = 0

    def one(m):
        nonlocal position
        index, flags, conv = m.group(1), m.group(2), m.group(3)
        if conv == "%":
            return "%"
        if index:
            value = args[int(index) - 1]
        else:
            value = args[position]
            position += 1
        if conv in "diux":
            return ("%" + flags + "d") % int(value)
        return ("%" + flags + "s") % value

    return CONVERSION.sub(one, fmt)


def fail(why):
    print(why, file=sys.stderr)
    sys.exit(1)


def main():
    localedir, lang, *rest = sys.argv[1:]
    try:
        catalog = gettext.translation("arcprobe", localedir, languages=[lang])
    except OSError as e:
        fail(f"no {lang} catalog under {localedir}: {e}")
    if rest[0] == "--lines-of":
        token = rest[1]
        msgid = next((k for k in catalog._catalog if isinstance(k, str) and token in k), None)
        if msgid is None:
            fail(f"no msgid contains {token!r}")
        text = catalog.gettext(msgid)
        if text == msgid:
            fail(f"the {lang} catalog does not translate the msgid with {token!r}")
        for line in text.split("\n"):
            if line.strip() and "%" not in line:
                print(line)
        return
    if rest[0] == "--plural":
        msgid, plural, n, *args = rest[1:]
        text = catalog.ngettext(msgid, plural, int(n))
        english = msgid if int(n) == 1 else plural
    else:
        msgid, *args = rest
        text = catalog.gettext(msgid)
        english = msgid
    if text == english:
        fail(f"the {lang} catalog does not translate {msgid!r}")
    print(c_format(text, args))


if __name__ == "__main__":
    main()
