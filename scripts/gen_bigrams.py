#!/usr/bin/env python3
"""Generate src/bigrams.rs: letter-pair statistics of Latin- and Cyrillic-script text, which
non-ASCII letters share lines (the languages that write them together), which letter triples
with a non-ASCII letter the text writes, which words with a non-ASCII letter it writes (as
fingerprints, for filling lost bytes inside a word), and which pairs of CJK
letters (Han, kana, Hangul) Chinese, Japanese and Korean text writes side by side.

Source data: the translated man pages under /usr/share/man/<lang> (an allowed source; the
machine's gettext catalogs are reserved for independent evaluation and never read here). Files
are split by a hash of their path: two thirds train this model, the other third is what
scripts/corpus.py extracts for examples/evaluate.rs, so the evaluation never sees training text.
The CJK pairs also learn from the word lists under data/words (common Chinese, Japanese and
Korean words written for this project: the everyday vocabulary, 你好, 学习, 谢谢, that manuals
seldom write), Simplified Chinese ones also in Traditional characters (Unihan's
kTraditionalVariant, the first of each); the known words of the Latin-, Cyrillic- and Greek-script
languages learn from data/words/latin.txt, cyrillic.txt and greek.txt (uložiť, ścieżka,
módosítás, сохранить, налаштування, αποθήκευση: interface and everyday words) the same way.

The model: every letter below U+0530 is mapped to its lower case; the letters seen often enough
get an index of their own, the rare ones share symbol 1, everything else (spaces, digits,
punctuation, letters of other scripts) is the boundary symbol 0. For each pair of symbols (a, b) the table holds -log2 P(b | a) in whole bits,
interpolated with P(b) (see BACKOFF), capped at MAX_BITS.

Usage:
    python3 scripts/gen_bigrams.py            # rewrite src/bigrams.rs
    python3 scripts/gen_bigrams.py --check    # exit 1 if src/bigrams.rs is not what this makes
"""
import collections
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402  (page_lines, LANGS)
import gen_tables  # noqa: E402  (read_unihan, parse_variants)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "bigrams.rs")
# Languages written in Latin or Cyrillic letters among the man pages.
LANGS = [l for l in corpus.LANGS if l not in ("zh_CN", "zh_TW", "ja", "ko")]
LIMIT = 0x530  # Latin, Latin Extended-A/B, IPA, Greek, Cyrillic (+ Supplement)
MIN_COUNT = 8  # letters seen fewer times are boundaries
MAX_BITS = 24
SMOOTHING = 0.5  # added to every symbol's count, so that none has probability 0
BACKOFF = 20  # weight of a symbol's own frequency in every pair it ends
RARE = 1  # the symbol of the letters seen fewer than MIN_COUNT times, all together
COOC_BACKOFF = 5  # weight, in lines, of a letter's overall share in its line co-occurrence estimate
TRIGRAM_MIN_COUNT = 2  # letter triples seen fewer times are left out
CJK_LANGS = ["zh_CN", "zh_TW", "ja", "ko"]
CJK_PAIR_MIN_COUNT = 2  # CJK letter pairs seen fewer times are left out (names, chance)
WORDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "words")
WORD_LIST_COUNT = 4  # what a word of the lists counts as, in sightings of its pairs
WORD_MIN_LETTERS = 2  # shorter words are not worth a fingerprint
LIST_WORD_MIN_LETTERS = 4  # shorter words of data/words/latin.txt are left out


def is_cjk_letter(c):
    """Han (the URO and Extension A), hiragana, katakana (with the prolonged sound mark) and
    Hangul syllables: the BMP letters of the CJK pair table."""
    cp = ord(c)
    return (0x3041 <= cp <= 0x30FF or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF
            or 0xAC00 <= cp <= 0xD7A3)


def traditional_variants():
    """Simplified → Traditional, one character each (Unihan kTraditionalVariant, the first)."""
    variants = gen_tables.read_unihan("Variants").get("kTraditionalVariant", {})
    return {chr(cp): chr(gen_tables.parse_variants(value)[0]) for cp, value in variants.items()}


def word_list(name):
    """The words of data/words/<name>.txt (comment lines start with '#')."""
    with open(os.path.join(WORDS, name + ".txt"), encoding="utf-8") as f:
        return [w for line in f if not line.startswith("#") for w in line.split()]


ROMANIAN_COMMA_CEDILLA = str.maketrans("șțȘȚşţŞŢ", "şţŞŢșțȘȚ")


def romanian_variant(word):
    """`word` with Romanian's comma-below ș ț written with a cedilla, and the other way round."""
    return word.translate(ROMANIAN_COMMA_CEDILLA)


def listed_words():
    """The words of the lists, the Simplified Chinese ones in Traditional characters too."""
    simplified = word_list("zh_Hans")
    s2t = traditional_variants()
    traditional = ["".join(s2t.get(c, c) for c in w) for w in simplified]
    return simplified + [w for w in traditional if w not in simplified] + word_list("ja") + word_list("ko")


def cjk_pairs():
    """The pairs of CJK letters written side by side at least CJK_PAIR_MIN_COUNT times in the
    training pages, a word of the lists counting as WORD_LIST_COUNT sightings of its pairs, as
    sorted (key, count), key = first << 16 | second."""
    seen = collections.Counter()
    for lang in CJK_LANGS:
        for line in corpus.page_lines(lang, "training"):
            seen.update(a + b for a, b in zip(line, line[1:]) if is_cjk_letter(a) and is_cjk_letter(b))
    listed = set()
    for word in listed_words():
        listed.update(a + b for a, b in zip(word, word[1:]) if is_cjk_letter(a) and is_cjk_letter(b))
    for pair in listed:
        seen[pair] += WORD_LIST_COUNT
    return sorted((ord(p[0]) << 16 | ord(p[1]), k) for p, k in seen.items() if k >= CJK_PAIR_MIN_COUNT)


def hangul_bits():
    """(offset from U+AC00, -log2 share in whole bits) of every Hangul syllable the Korean
    training pages and word list write, sorted; a word of the list counts once."""
    seen = collections.Counter()
    for line in list(corpus.page_lines("ko", "training")) + word_list("ko"):
        seen.update(c for c in line if 0xAC00 <= ord(c) <= 0xD7A3)
    total = sum(seen.values())
    return sorted((ord(c) - 0xAC00, min(MAX_BITS, round(-math.log2(k / total)))) for c, k in seen.items())


def symbol_of(c):
    cp = ord(c)
    if cp >= LIMIT or not c.isalpha():
        return None
    low = c.lower()
    return low if len(low) == 1 and ord(low) < LIMIT else None


def fingerprint(word):
    """FNV-1a (32 bits) of the word's UTF-8 bytes, each letter in lower case where that is one
    letter (as `score::word_fingerprint` computes it); 0 is no key of a set, so it becomes 1."""
    h = 0x811C9DC5
    for c in word:
        low = c.lower()
        for b in (low if len(low) == 1 else c).encode("utf-8"):
            h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h or 1


def is_word_letter(c):
    return c.isalpha() and ord(c) < LIMIT


def known_words(lines):
    """Fingerprints of the words (maximal runs of letters below LIMIT) with a non-ASCII letter
    that the training pages write, sorted and without repeats."""
    keys = set()
    for line in lines:
        word = []
        for c in line + " ":
            if is_word_letter(c):
                word.append(c)
                continue
            if len(word) >= WORD_MIN_LETTERS and any(ord(x) >= 0x80 for x in word):
                keys.add(fingerprint(word))
            word = []
    return sorted(keys)


def texts():
    for lang in LANGS:
        yield from corpus.page_lines(lang, "training")


def build():
    lines = list(texts())  # read once: the triples need the letters the first pass finds
    unigram, pairs = {}, {}
    # Lines holding each non-ASCII letter, and each pair of them.
    lines_with, lines_with_both, non_ascii_lines = collections.Counter(), collections.Counter(), 0
    for line in lines:
        present = {symbol_of(c) for c in line if ord(c) >= 0x80} - {None}
        if present:
            non_ascii_lines += 1
            lines_with.update(present)
            lines_with_both.update((a, b) for a in present for b in present if a != b)
        prev = None  # boundary
        for c in line + " ":
            s = symbol_of(c)
            if s is not None:
                unigram[s] = unigram.get(s, 0) + 1
            if not (s is None and prev is None):
                pairs[(prev, s)] = pairs.get((prev, s), 0) + 1
            prev = s
    letters = sorted(s for s, n in unigram.items() if n >= MIN_COUNT)
    index = {s: i + 2 for i, s in enumerate(letters)}
    n = len(letters) + 2

    def symbol_index(s):
        return 0 if s is None else index.get(s, RARE)

    counts = [[0] * n for _ in range(n)]
    for (a, b), k in pairs.items():
        counts[symbol_index(a)][symbol_index(b)] += k
    # Interpolated with the symbol's own frequency (Witten-Bell-like, with a fixed weight): an
    # unseen pair after a frequent letter is very unlikely, after a rare one about as likely as
    # its second letter alone.
    column = [sum(counts[a][b] for a in range(n)) + SMOOTHING for b in range(n)]
    grand = sum(column)
    bits = []
    for a in range(n):
        row_total = sum(counts[a])
        for b in range(n):
            p = (counts[a][b] + BACKOFF * column[b] / grand) / (row_total + BACKOFF)
            bits.append(min(MAX_BITS, round(-math.log2(p))))
    # Which non-ASCII letters share lines (the languages that write them): -log2 P(a in the
    # line | b in the line), interpolated with a's share of all lines with a non-ASCII letter.
    cooc = []
    for a in letters:
        for b in letters:
            if a == b or ord(a) < 0x80 or ord(b) < 0x80:
                cooc.append(0)
                continue
            prior = (lines_with[a] + SMOOTHING) / max(1, non_ascii_lines)
            p = (lines_with_both[(a, b)] + COOC_BACKOFF * prior) / (lines_with[b] + COOC_BACKOFF)
            cooc.append(min(MAX_BITS, round(-math.log2(p))))
    letter_index = [0] * LIMIT
    for cp in range(LIMIT):
        c = chr(cp)
        s = symbol_of(c)
        if s is not None:
            letter_index[cp] = symbol_index(s)
    # Letter triples with a non-ASCII letter (the boundary 0 at either end, never in the middle)
    # seen at least TRIGRAM_MIN_COUNT times, as symbol keys.
    triples = collections.Counter()
    for line in lines:
        syms = [0] + [symbol_index(symbol_of(c)) for c in line] + [0]
        chars = [" "] + list(line) + [" "]
        for i in range(len(syms) - 2):
            a_, b_, c_ = syms[i:i + 3]
            if b_ < 2 or a_ == 1 or c_ == 1:
                continue
            if not any(ord(x) >= 0x80 and symbol_of(x) is not None for x in chars[i:i + 3]):
                continue
            triples[(a_ * n + b_) * n + c_] += 1
    trigram_keys = sorted(k for k, v in triples.items() if v >= TRIGRAM_MIN_COUNT)
    # The known words also learn from the word lists data/words/latin.txt, cyrillic.txt and
    # greek.txt (the everyday and interface words of the languages written in those alphabets,
    # which manuals seldom write); the letter pairs and triples do not.
    # (Words of four letters and more only: a short one is too easily another language's word
    # re-read, Romanian tău from a piece tãu.)
    listed = [w for name in ("latin", "cyrillic", "greek") for w in word_list(name)
              if len(w) >= LIST_WORD_MIN_LETTERS and "'" not in w]
    # Romanian writes ș and ț with a comma below, or with the cedilla of the older standard and
    # of windows-1250 and ISO-8859-2, which have no other (ştergere): each listed word both ways
    # (a Turkish ş gains a comma form no text writes, which no reading makes either).
    listed += [romanian_variant(w) for w in listed if romanian_variant(w) != w]
    return letters, letter_index, bits, n, cooc, trigram_keys, known_words(lines + listed)


def static_array(out, doc, name, ty, items, per_line):
    """Appends a documented `pub(crate) static name: [ty; N]` of `items` (Rust literals), per_line a line."""
    out.extend("/// " + line for line in doc)
    out.append("#[rustfmt::skip]")
    out.append("pub(crate) static %s: [%s; %d] = [" % (name, ty, len(items)))
    for i in range(0, len(items), per_line):
        out.append("    " + ",".join(items[i:i + per_line]) + ",")
    out.append("];")


def render():
    letters, letter_index, bits, n, cooc, trigram_keys, words = build()
    out = []
    out.append("// BEGIN GENERATED by scripts/gen_bigrams.py from the man pages under /usr/share/man")
    out.append("// and the word lists under data/words.")
    out.append("// Do not edit by hand: change the script and run `python3 scripts/gen_bigrams.py`.")
    out.append("//! Generated tables: letter-pair costs of Latin- and Cyrillic-script text.")
    out.append("")
    out.append("/// Code points below this may be letters of the model.")
    out.append("pub(crate) const LETTER_LIMIT: u32 = 0x%X;" % LIMIT)
    out.append("/// Symbols: 0 for a boundary (anything but a letter below [`LETTER_LIMIT`]), 1 for a rare")
    out.append("/// letter, then the letters:")
    out.append("/// " + "".join(letters).replace("\\", ""))
    out.append("pub(crate) const SYMBOLS: usize = %d;" % n)
    out.append("/// The symbol of each code point below [`LETTER_LIMIT`] (upper case as lower case).")
    out.append("#[rustfmt::skip]")
    out.append("pub(crate) static LETTER_INDEX: [u8; %d] = [" % LIMIT)
    for i in range(0, LIMIT, 32):
        out.append("    " + ",".join(str(x) for x in letter_index[i:i + 32]) + ",")
    out.append("];")
    out.append("/// -log2 P(b | a) in whole bits (at most %d), at `a * SYMBOLS + b`." % MAX_BITS)
    out.append("#[rustfmt::skip]")
    out.append("pub(crate) static PAIR_BITS: [u8; %d] = [" % len(bits))
    for i in range(0, len(bits), n):
        out.append("    " + ",".join(str(x) for x in bits[i:i + n]) + ",")
    out.append("];")
    m = len(letters)
    out.append("/// -log2 P(a in a line | b in the line) in whole bits (at most %d) for the non-ASCII" % MAX_BITS)
    out.append("/// letters a and b, at `(a - 2) * (SYMBOLS - 2) + (b - 2)` (0 where either is ASCII).")
    out.append("#[rustfmt::skip]")
    out.append("pub(crate) static SAME_LINE_BITS: [u8; %d] = [" % len(cooc))
    for i in range(0, len(cooc), m):
        out.append("    " + ",".join(str(x) for x in cooc[i:i + m]) + ",")
    out.append("];")
    static_array(out, [
        "The letter triples (symbols as above, 0 a boundary at either end) with a non-ASCII letter",
        "that the text writes (seen at least %d times), as `(a * SYMBOLS + b) * SYMBOLS + c`, sorted." % TRIGRAM_MIN_COUNT,
    ], "LETTER_TRIPLES", "u32", [str(k) for k in trigram_keys], 16)
    static_array(out, [
        "Fingerprints (see `score::word_fingerprint`) of the words of at least %d letters with a" % WORD_MIN_LETTERS,
        "non-ASCII letter that the text writes, sorted.",
    ], "KNOWN_WORDS", "u32", ["0x%08X" % k for k in words], 12)
    pairs = cjk_pairs()
    static_array(out, [
        "The pairs of CJK letters (Han, kana, Hangul syllables) that Chinese, Japanese and Korean",
        "text writes side by side (seen at least %d times), as `first << 16 | second`, sorted." % CJK_PAIR_MIN_COUNT,
    ], "CJK_PAIRS", "u32", ["0x%08X" % k for k, _ in pairs], 12)
    static_array(out, [
        "How often each pair of [`CJK_PAIRS`] was seen: the bit length of its count (2 for 2 or",
        "3 times, 3 for 4 to 7 …), at most 15.",
    ], "CJK_PAIR_WEIGHTS", "u8", [str(min(15, k.bit_length())) for _, k in pairs], 40)
    syllables = hangul_bits()
    static_array(out, [
        "The Hangul syllables the Korean text writes, as offsets from U+AC00, sorted.",
    ], "HANGUL_SEEN", "u16", [str(k) for k, _ in syllables], 16)
    static_array(out, [
        "-log2 of each syllable's share of the syllables written, in whole bits (at most %d)," % MAX_BITS,
        "in the order of [`HANGUL_SEEN`].",
    ], "HANGUL_BITS", "u8", [str(b) for _, b in syllables], 40)
    out.append("// END GENERATED")
    return "\n".join(out) + "\n"


def main():
    text = render()
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("src/bigrams.rs is out of date: run python3 scripts/gen_bigrams.py")
                sys.exit(1)
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
