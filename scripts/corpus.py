#!/usr/bin/env python3
"""Extract clean text lines from the man pages under /usr/share/man/<lang> (an allowed source of
test text; the machine's gettext catalogs are reserved for independent evaluation and never read here).

Writes target/corpus/<lang>.txt, one line of plain text per line, for examples/evaluate.rs, from
the third of the pages held out of the training of src/bigrams.rs (see `held_out`).
Usage: python3 scripts/corpus.py [--out DIR]
"""
import gzip
import os
import re
import sys
import zlib

LANGS = ["zh_CN", "zh_TW", "ja", "ko", "ru", "uk", "de", "fr", "es", "it", "pt", "pt_BR", "pl", "cs",
         "hu", "ro", "tr", "sv", "da", "nl", "fi", "sr", "sl", "hr", "id"]
ROFF_ESCAPES = re.compile(r"\\f(\[[^\]]*\]|\(..|.)|\\\((..)|\\\[[^\]]*\]|\\[&|^%:/,~0 ]|\\\*(\(..|\[[^\]]*\]|.)|\\s[-+]?\d+")


def clean_line(line):
    if line.startswith((".", "'")):
        # Macro lines: keep the text argument of font macros (.B text, .I text).
        m = re.match(r"^\.(B|I|BI|IB|BR|RB|IR|RI|SH|SS|TP|IP)\s+(.*)$", line)
        if not m:
            return ""
        line = m.group(2)
    line = ROFF_ESCAPES.sub("", line)
    line = line.replace("\\-", "-").replace("\\e", "\\").replace('"', "")
    line = re.sub(r"\\.", "", line)
    return " ".join(line.split())


def is_mojibake(line):
    """Some translated man pages carry real mojibake (UTF-8 read as windows-1252): keep such
    lines out of a corpus of clean text."""
    for codec in ("cp1252", "latin-1"):
        try:
            again = line.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if again != line:
            return True
    return "Ã" in line or "â€" in line


def held_out(rel):
    """Whether the man page at `rel` (language/section/name) is kept for evaluation: a third of
    the pages, by a hash of the path. The other two thirds train src/bigrams.rs
    (scripts/gen_bigrams.py), so the evaluation never sees training text."""
    return zlib.crc32(rel.encode("utf-8")) % 3 == 0


def pages(lang):
    """(path, language-relative path) of every man page of `lang`, in a fixed order."""
    root = os.path.join("/usr/share/man", lang)
    for dirpath, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            yield path, os.path.relpath(path, "/usr/share/man")


def read_page(path):
    """The text of a man page (gzip or plain), or None if it is not UTF-8."""
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8", errors="strict") as f:
            return f.read()
    except (UnicodeDecodeError, OSError):
        return None


def page_lines(lang, part="all"):
    """The cleaned, non-empty, non-mojibake lines of the man pages of `lang`: of every page
    (`part="all"`), of the held-out third (`"held_out"`, the evaluation's) or of the other two
    thirds (`"training"`, what the generated tables learn from)."""
    for path, rel in pages(lang):
        if part != "all" and held_out(rel) != (part == "held_out"):
            continue
        raw = read_page(path)
        if raw is None:
            continue
        for raw_line in raw.splitlines():
            line = clean_line(raw_line)
            if line and not is_mojibake(line):
                yield line


def extract(lang):
    seen, lines = set(), []
    for line in page_lines(lang, "held_out"):
        if len(line) >= 2 and any(ord(c) > 0x7F for c in line) and line not in seen:
            seen.add(line)
            lines.append(line)
    return lines


def main():
    out = "target/corpus"
    if "--out" in sys.argv:
        out = sys.argv[sys.argv.index("--out") + 1]
    os.makedirs(out, exist_ok=True)
    for lang in LANGS:
        lines = extract(lang)
        with open(os.path.join(out, lang + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(lang, len(lines))


if __name__ == "__main__":
    main()
