#!/usr/bin/env python3
"""Extract clean strings in every language CLDR covers, for measuring false positives on
languages and scripts the man pages lack (Vietnamese, Estonian, Icelandic, Amharic, Tamil…).

Source: the CLDR locale data of Debian's `unicode-cldr-core` package (an allowed source:
/usr/share/unicode/cldr/common/main/*.xml, the display names of languages, territories,
scripts, months, days and units, and common/annotations/*.xml, the names and keywords of emoji
in every language). Only base locales (`fi.xml`, not `fi_FI.xml`) are read. Writes
target/cldr/<locale>.txt: the locale's distinct non-ASCII strings, one per line, for
`cargo run --release --example evaluate -- --clean-only target/cldr`.

Usage: python3 scripts/cldr_corpus.py [--out DIR] [--cldr DIR]
"""
import os
import sys
import xml.etree.ElementTree as ET

CLDR = "/usr/share/unicode/cldr/common"


def strings_of(path):
    """The text of every element and the keywords of every annotation in one CLDR file."""
    try:
        tree = ET.parse(path)
    except (ET.ParseError, OSError):
        return
    for el in tree.iter():
        text = (el.text or "").strip()
        if not text:
            continue
        if el.tag == "annotation" and el.get("type") != "tts":
            # "face | grin | grinning face": each keyword is a string of its own.
            for keyword in text.split("|"):
                yield keyword.strip()
        else:
            yield text


def main():
    args = sys.argv[1:]
    out = args[args.index("--out") + 1] if "--out" in args else "target/cldr"
    cldr = args[args.index("--cldr") + 1] if "--cldr" in args else CLDR
    main_dir = os.path.join(cldr, "main")
    if not os.path.isdir(main_dir):
        sys.exit(f"{main_dir} is missing: apt-get install unicode-cldr-core")
    os.makedirs(out, exist_ok=True)
    written = 0
    for name in sorted(os.listdir(main_dir)):
        locale, ext = os.path.splitext(name)
        if ext != ".xml" or "_" in locale or locale == "root":
            continue
        seen = set()
        lines = []
        for sub in ("main", "annotations"):
            for s in strings_of(os.path.join(cldr, sub, name)):
                # Patterns and symbols alone (¤#,##0.00, ‹{0}›) are no language, and neither
                # are the exemplar sets of a locale's letters ([a à â ǎ ā b …]).
                exemplars = s.startswith("[") and s.endswith("]")
                if s.isascii() or "\n" in s or s in seen or exemplars or not any(c.isalpha() for c in s):
                    continue
                seen.add(s)
                lines.append(s)
        if len(lines) < 20:
            continue
        with open(os.path.join(out, locale + ".txt"), "w", encoding="utf-8") as f:
            f.write(f"# CLDR {locale} ({CLDR}), extracted by scripts/cldr_corpus.py\n")
            f.write("\n".join(lines) + "\n")
        written += 1
    print(f"{written} locales written to {out}")


if __name__ == "__main__":
    main()
