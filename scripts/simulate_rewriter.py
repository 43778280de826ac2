#!/usr/bin/env python3
"""Simulate the SEO rewriter that produced the seed page, over other Chinese text, and measure
how much of the original `unmojibake` gets back.

The rewriter, as the seed's bytes show it (see ../shared/seed/README.md):
  1. Simplified → Traditional with a one-to-one table (Unihan kTraditionalVariant, first variant;
     characters whose variants include themselves are left alone);
  2. "X(py)" inserted after every occurrence of each of N needle characters, by byte-level search
     and replace over the GBK bytes, needles in code-point order, py = first kMandarin reading;
  3. fullwidth punctuation folded to ASCII, also by byte-level replacement (，；？：！（）);
  4. GBK decoding with '?' for a lone lead byte: the '?' swallows the next byte, except the
     folded punctuation bytes, which stay (that is what the seed shows);
  5. NFKC.

Corpus: Simplified Chinese prose lines of the held-out third of the man pages under
/usr/share/man/zh_CN (read as scripts/corpus.py reads them; the other two thirds train the CJK
pair table of src/bigrams.rs) and tests/data/clean/zh_Hans.txt, grouped into documents; `--all`
takes every page (the training ones too, for comparison only); `--text FILE` takes the lines of
a Simplified Chinese UTF-8 file instead (text you wrote, or the repaired seed page). The gettext catalogs of the machine
image are not used.

Usage: python3 scripts/simulate_rewriter.py [--needles 106] [--show N] [--show-spots N] [--all]
                                            [--text FILE]
Prints: damaged lines, lines restored exactly, character error rate; and the same repair run on
the unrewritten documents (nothing may change). `--show N` prints the first N damaged lines that
did not come back exactly; `--show-spots N` the first N damaged spots that did not (the original
from a few characters before, '|' at the spot, and the repaired text at the same place).
"""
import bz2
import collections
import difflib
import json
import os
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402  (page_lines)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
UNIHAN = os.environ.get("UNIHAN_DIR", "/usr/share/unicode")
FOLD = {"，": ",", "；": ";", "？": "?", "：": ":", "！": "!", "（": "(", "）": ")"}
KEPT_AFTER_LONE_LEAD = {ord(c) for c in FOLD.values() if c not in "()"}


def unihan(name, key):
    out = {}
    with bz2.open(os.path.join(UNIHAN, "Unihan_%s.txt.bz2" % name), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] == key:
                out[chr(int(parts[0][2:], 16))] = parts[2]
    return out


def s2t_table():
    table = {}
    for c, value in unihan("Variants", "kTraditionalVariant").items():
        targets = [chr(int(v.split("<")[0][2:], 16)) for v in value.split()]
        if c in targets:
            continue
        table[c] = targets[0]
    return table


def decode_like_the_rewriter(data):
    out, i = [], 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif b == 0x80:
            out.append("€")
            i += 1
        elif b == 0xFF or i + 1 >= len(data):
            out.append("?")
            i += 1
        else:
            n = data[i + 1]
            if 0x40 <= n <= 0x7E or 0x80 <= n <= 0xFE:
                try:
                    out.append(bytes([b, n]).decode("gb18030"))
                except UnicodeDecodeError:
                    out.append("?")
                i += 2
            elif n in KEPT_AFTER_LONE_LEAD:
                out.append("?")
                i += 1
            else:
                out.append("?")
                i += 2
    return "".join(out)


def replace_tracked(data, origin, old, new, spots):
    """bytes.replace(old, new) that keeps `origin` (the original character index of every byte,
    -1 for inserted ones) in step, and adds to `spots` the first character of every match that
    straddles two characters."""
    out, out_origin, i = bytearray(), [], 0
    while True:
        j = data.find(old, i)
        if j < 0:
            break
        out += data[i:j]
        out_origin += origin[i:j]
        matched = origin[j:j + len(old)]
        if len(set(matched)) > 1 and -1 not in matched:
            spots.add(matched[0])
        out += new
        if new.startswith(old):
            out_origin += matched + [-1] * (len(new) - len(old))
        else:
            out_origin += [matched[0]] * len(new)
        i = j + len(old)
    out += data[i:]
    out_origin += origin[i:]
    return bytes(out), out_origin


def rewrite(doc, s2t, needles, readings, spots=None):
    """The rewritten document; `spots` (a set) receives the index of the first original
    character of every needle or fold that straddled two characters."""
    spots = set() if spots is None else spots
    trad = "".join(s2t.get(c, c) for c in doc)
    data, origin = bytearray(), []
    for k, c in enumerate(trad):
        b = c.encode("gbk", errors="replace")
        data += b
        origin += [k] * len(b)
    data = bytes(data)
    for needle in sorted(needles):
        try:
            nb = needle.encode("gbk")
            insert = nb + ("(" + readings[needle] + ")").encode("gbk")
        except (UnicodeEncodeError, KeyError):
            continue
        data, origin = replace_tracked(data, origin, nb, insert, spots)
    for full, ascii_ in FOLD.items():
        data, origin = replace_tracked(data, origin, full.encode("gbk"), ascii_.encode(), spots)
    return unicodedata.normalize("NFKC", decode_like_the_rewriter(data))


SHOW_SPOTS = [0]  # how many unrestored spots are left to print (--show-spots N)


def spot_restored(original, repaired, spot, needles):
    """Whether the repair left the damaged run at `spot` as the original has it: the straddled
    pair and what follows up to where the decoder fell back into step (the next ASCII character
    or needle, where the rewriter inserted ASCII)."""
    end = spot + 2
    while end < len(original) and not original[end].isascii() and original[end] not in needles:
        end += 1
    matcher = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal" and i1 <= end and i2 >= spot:
            if SHOW_SPOTS[0] > 0:
                SHOW_SPOTS[0] -= 1
                shown = ("spot      %s|%s\nrepaired  %s|%s\n" % (
                    original[max(0, spot - 12):spot], original[spot:end + 8],
                    repaired[max(0, j1 - 12 - (i1 - spot)):j1], repaired[j1:j2 + 8]))
                print(shown.replace("\n", "⏎").replace("⏎repaired", "\nrepaired").rstrip("⏎") + "\n")
            return False
    return True


def fold_width(text):
    """The text with fullwidth punctuation folded to ASCII: the rewriter's fold cannot be undone
    exactly where the author mixed both styles, and this separates that guess from byte repair."""
    return "".join(FOLD.get(c, c) for c in text)


def levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def repair_all(texts):
    # UNMOJIBAKE_BIN: another build's example binary, for an A/B comparison.
    exe = os.environ.get("UNMOJIBAKE_BIN") or os.path.join(ROOT, "target", "release", "examples", "unmojibake")
    if not os.path.exists(exe):
        subprocess.run(["cargo", "build", "--release", "--example", "unmojibake"], cwd=ROOT, check=True)
    payload = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    done = subprocess.run([exe, "--jsonl", "--explain"], input=payload.encode(), capture_output=True, check=True)
    rows = [json.loads(l) for l in done.stdout.decode().splitlines() if l.strip()]
    return [r["text"] for r in rows], [r.get("unmojibake_steps", []) for r in rows]


def main():
    n_needles = int(sys.argv[sys.argv.index("--needles") + 1]) if "--needles" in sys.argv else 106
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    if "--show-spots" in sys.argv:
        SHOW_SPOTS[0] = int(sys.argv[sys.argv.index("--show-spots") + 1])
    if "--text" in sys.argv:
        with open(sys.argv[sys.argv.index("--text") + 1], encoding="utf-8") as f:
            lines = [l.rstrip("\n") for l in f if l.strip()]
    else:
        lines = list(corpus.page_lines("zh_CN", "all" if "--all" in sys.argv else "held_out"))
        with open(os.path.join(ROOT, "tests", "data", "clean", "zh_Hans.txt"), encoding="utf-8") as f:
            lines += [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    # Chinese prose lines only, in documents of 30 lines.
    lines = [l for l in lines if sum(0x4E00 <= ord(c) <= 0x9FFF for c in l) >= 4]
    docs = ["\n".join(lines[i:i + 30]) for i in range(0, len(lines), 30)]
    s2t = s2t_table()
    readings = {c: v.split()[0] for c, v in unihan("Readings", "kMandarin").items()}
    freq = collections.Counter(c for d in docs for c in "".join(s2t.get(x, x) for x in d) if 0x4E00 <= ord(c) <= 0x9FFF)
    needles = [c for c, _ in freq.most_common(n_needles)]
    spots = [set() for _ in docs]
    rewritten = [rewrite(d, s2t, needles, readings, sp) for d, sp in zip(docs, spots)]
    # The original as the rewriter's own step 5 would have left the punctuation it did not fold.
    originals = [unicodedata.normalize("NFC", d) for d in docs]

    repaired, _ = repair_all(rewritten)
    errors = sum(levenshtein(r, o) for r, o in zip(repaired, originals))
    total = sum(len(o) for o in originals)
    damaged = restored = restored_width = 0
    exact_lines = all_lines = 0
    for doc_r, doc_o, doc_w in zip(repaired, originals, rewritten):
        for lr, lo, lw in zip(doc_r.split("\n"), doc_o.split("\n"), doc_w.split("\n")):
            all_lines += 1
            exact_lines += lr == lo
            if "?" in lw and "?" not in lo:
                damaged += 1
                restored += lr == lo
                restored_width += fold_width(lr) == fold_width(lo)
                if lr != lo and show > 0:
                    show -= 1
                    print("original  %s\nrewritten %s\nrepaired  %s\n" % (lo, lw, lr))
    trad_needles = set(needles)
    n_spots = sum(len(sp) for sp in spots)
    spots_ok = sum(spot_restored(unicodedata.normalize("NFC", d), r, k, trad_needles)
                   for d, r, sp in zip(docs, repaired, spots) for k in sp)
    spots_ok_width = sum(spot_restored(fold_width(unicodedata.normalize("NFC", d)), fold_width(r), k, trad_needles)
                         for d, r, sp in zip(docs, repaired, spots) for k in sp)
    print("documents: %d, characters: %d, needles: %d" % (len(docs), total, len(needles)))
    print("damaged spots (a needle or fold straddling two characters): %d, fully restored: %d (%.1f%%), "
          "up to punctuation width: %d (%.1f%%)" % (n_spots, spots_ok, 100.0 * spots_ok / max(n_spots, 1),
                                                   spots_ok_width, 100.0 * spots_ok_width / max(n_spots, 1)))
    print("character error rate after repair: %.3f%%" % (100.0 * errors / max(total, 1)))
    print("lines restored exactly: %d / %d (%.1f%%)" % (exact_lines, all_lines, 100.0 * exact_lines / max(all_lines, 1)))
    print("lines with converter damage ('?'): %d, restored exactly: %d (%.1f%%), "
          "restored up to punctuation width: %d (%.1f%%)" % (damaged, restored, 100.0 * restored / max(damaged, 1),
                                                           restored_width, 100.0 * restored_width / max(damaged, 1)))
    width_errors = sum(levenshtein(fold_width(r), fold_width(o)) for r, o in zip(repaired, originals))
    print("character error rate up to punctuation width: %.3f%%" % (100.0 * width_errors / max(total, 1)))
    before = sum(levenshtein(w, o) for w, o in zip(rewritten, originals))
    print("character error rate before repair: %.3f%%" % (100.0 * before / max(total, 1)))

    clean_out, clean_steps = repair_all(originals)
    touched = sum(1 for steps in clean_steps if any(s.split(" ")[0] in ("PinyinAnnotation", "ConverterDamage", "Simplified", "Punctuation") for s in steps))
    print("unrewritten documents touched by the annotation/simplification steps: %d / %d" % (touched, len(originals)))


if __name__ == "__main__":
    main()
