#!/usr/bin/env python3
"""Generate src/tables.rs: the plausibility and conversion tables of unmojibake.

Source data: the Unicode Character Database's Unihan files as shipped by the Debian package
`unicode-data` (Unicode 15.0.0, Unicode License v3, permissive), read from /usr/share/unicode.
Hangul membership in KS X 1001 is read off Python's `euc_kr` codec (structure of the standard), and
IBM code page 437 (which encoding_rs lacks) off Python's `cp437` codec. The frequent Hangul syllables
add those seen often in the training two thirds of the Korean man pages under /usr/share/man/ko
(split as scripts/corpus.py splits them: the evaluation's third is never read here; the machine's
gettext catalogs never are).

Usage:
    python3 scripts/gen_tables.py            # rewrite src/tables.rs
    python3 scripts/gen_tables.py --check    # exit 1 if src/tables.rs is not what this script makes
"""
import bz2
import collections
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402  (page_lines)

UNIHAN = os.environ.get("UNIHAN_DIR", "/usr/share/unicode")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "tables.rs")
URO_START, URO_END = 0x4E00, 0x9FFF  # CJK Unified Ideographs block


def read_unihan(name):
    fields = {}
    with bz2.open(os.path.join(UNIHAN, "Unihan_%s.txt.bz2" % name), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cp, key, value = line.rstrip("\n").split("\t", 2)
            fields.setdefault(key, {})[int(cp[2:], 16)] = value
    return fields


def han_costs(d):
    """Cost (0..15, lower = more plausible in running text) of each URO ideograph."""
    freq = d.get("kFrequency", {})
    grade = d.get("kGradeLevel", {})
    tgh = d.get("kTGH", {})
    gb0 = d.get("kGB0", {})
    big5 = d.get("kBigFive", {})
    jis0 = d.get("kJis0", {})
    joyo = d.get("kJoyoKanji", {})
    jinmei = d.get("kJinmeiyoKanji", {})
    ksc0 = d.get("kKSC0", {})
    pinlu = {}
    for cp, value in d.get("kHanyuPinlu", {}).items():
        pinlu[cp] = sum(int(part.split("(")[1].rstrip(")")) for part in value.split())
    big_sources = ("kGB1", "kGB3", "kGB5", "kGB7", "kGB8", "kHKSCS", "kJIS0213", "kKSC1", "kCNS1992")

    def tgh_index(cp):
        value = tgh.get(cp)
        return int(value.split(":")[1]) if value else None

    def gb_level(cp):
        value = gb0.get(cp)
        if not value:
            return None
        return 1 if int(value[:2]) <= 55 else 2

    def jis_level(cp):
        value = jis0.get(cp)
        if not value:
            return None
        return 1 if int(value[:2]) <= 47 else 2

    def big5_frequent(cp):
        value = big5.get(cp)
        return value is not None and 0xA440 <= int(value, 16) <= 0xC67E

    costs = []
    for cp in range(URO_START, URO_END + 1):
        t = tgh_index(cp)
        f = int(freq[cp]) if cp in freq else None
        g = int(grade[cp]) if cp in grade else None
        p = pinlu.get(cp, 0)
        if (f is not None and f <= 2) or p >= 400 or (g is not None and g <= 2):
            cost = 2
        elif (f is not None and f <= 3) or p >= 60 or (t is not None and t <= 1500) or (g is not None and g <= 4):
            cost = 3
        elif (f is not None or p > 0 or g is not None or (t is not None and t <= 3500) or gb_level(cp) == 1
              or big5_frequent(cp) or jis_level(cp) == 1 or cp in joyo):
            cost = 5
        elif t is not None or gb_level(cp) == 2 or jis_level(cp) == 2 or cp in big5 or cp in ksc0 or cp in jinmei:
            cost = 8
        elif any(cp in d.get(k, {}) for k in big_sources):
            cost = 11
        else:
            cost = 13
        costs.append(cost)
    return costs


# Native Korean syllables of particles and verb endings, the most frequent in running text,
# which no Hanja reading covers (written for this project).
NATIVE_FREQUENT = "는를을은이가의에서고와과도만요다니까게했있없하한할합되된될것수그저우리너나더또"
# Syllables seen at least this often in the training part of the Korean man pages count as frequent.
SEEN_FREQUENT = 8


def seen_syllables():
    """Hangul syllables of the training part of the Korean man pages, with their counts."""
    counts = collections.Counter()
    for line in corpus.page_lines("ko", "training"):
        counts.update(c for c in line if 0xAC00 <= ord(c) <= 0xD7A3)
    return counts


def hangul_tiers(d):
    """Two bit sets over U+AC00..U+D7A3: the 2,350 syllables of KS X 1001, and the frequent ones
    among them: the Sino-Korean readings (Unihan kHangul) of KS X 1001 Hanja, the native
    syllables of particles and endings, and the syllables often seen in Korean man pages."""
    common = bytearray((11172 + 7) // 8)
    frequent = bytearray((11172 + 7) // 8)
    readings = set(NATIVE_FREQUENT)
    readings.update(c for c, n in seen_syllables().items() if n >= SEEN_FREQUENT)
    ksc0 = d.get("kKSC0", {})
    for cp, value in d.get("kHangul", {}).items():
        if cp in ksc0:
            for part in value.split():
                readings.add(part.split(":")[0])
    for i in range(11172):
        ch = chr(0xAC00 + i)
        try:
            b = ch.encode("euc_kr")
        except UnicodeEncodeError:
            continue
        if len(b) == 2 and b[0] >= 0xB0:
            common[i // 8] |= 1 << (i % 8)
            if ch in readings:
                frequent[i // 8] |= 1 << (i % 8)
    return common, frequent


def parse_variants(value):
    return [int(v.split("<")[0][2:], 16) for v in value.split()]


def variant_tables(d):
    """Traditional→Simplified (only where the Traditional form is not itself Simplified) and the
    one-to-one Simplified→Traditional table a naive converter uses (first listed variant)."""
    t2s, s2t = {}, {}
    for cp, value in d.get("kSimplifiedVariant", {}).items():
        targets = parse_variants(value)
        others = [t for t in targets if t != cp and t <= 0xFFFF]
        if cp > 0xFFFF or not others:
            continue
        # Characters valid in both forms (著, 乾, 復 …) map to their other form with bit 16 of the
        # target set, so the converter can keep them in the words that use them; bit 17 marks
        # sources that are themselves GB2312 characters (standard Simplified: 著, 覆, 乾).
        dual = 0x10000 if cp in targets else 0
        in_gb2312 = 0x20000 if cp in d.get("kGB0", {}) else 0
        t2s[cp] = others[0] | dual | in_gb2312
    for cp, value in d.get("kTraditionalVariant", {}).items():
        targets = parse_variants(value)
        if cp in targets or cp > 0xFFFF:
            continue  # one-to-many with itself among them (干, 后, 范 …): left alone
        if targets[0] <= 0xFFFF:
            s2t[cp] = targets[0]
    return sorted(t2s.items()), sorted(s2t.items())


def readings(d):
    """First kMandarin reading of every BMP ideograph, as indexes into a syllable list."""
    mandarin = d.get("kMandarin", {})
    per_char = {}
    for cp, value in mandarin.items():
        if 0x3400 <= cp <= 0x9FFF:
            per_char[cp] = value.split()[0]
    syllables = sorted(set(per_char.values()))
    index = {s: i + 1 for i, s in enumerate(syllables)}
    return syllables, {cp: index[s] for cp, s in per_char.items()}


def pinlu_bits(d):
    """(offsets from U+4E00, bits): every URO ideograph with a kHanyuPinlu count (the frequency of
    its readings in a corpus of modern Mandarin), as -log2 of its share of all counts, rounded."""
    counts = {}
    for cp, value in d.get("kHanyuPinlu", {}).items():
        if URO_START <= cp <= URO_END:
            counts[cp] = sum(int(part.split("(")[1].rstrip(")")) for part in value.split())
    total = sum(counts.values())
    cps = sorted(cp for cp, n in counts.items() if n > 0)
    return [cp - URO_START for cp in cps], [min(255, round(-math.log2(counts[cp] / total))) for cp in cps]


def rust_bytes(name, data, doc):
    lines = ["/// %s" % doc, "#[rustfmt::skip]", "pub(crate) static %s: [u8; %d] = [" % (name, len(data))]
    for i in range(0, len(data), 32):
        lines.append("    " + ",".join(str(b) for b in data[i:i + 32]) + ",")
    lines.append("];")
    return "\n".join(lines)


def rust_u16(name, data, doc):
    lines = ["/// %s" % doc, "#[rustfmt::skip]", "pub(crate) static %s: [u16; %d] = [" % (name, len(data))]
    for i in range(0, len(data), 24):
        lines.append("    " + ",".join(str(b) for b in data[i:i + 24]) + ",")
    lines.append("];")
    return "\n".join(lines)


def rust_pairs(name, pairs, doc):
    lines = ["/// %s" % doc, "#[rustfmt::skip]", "pub(crate) static %s: [(u16, u32); %d] = [" % (name, len(pairs))]
    for i in range(0, len(pairs), 12):
        lines.append("    " + ",".join("(0x%04X,0x%05X)" % p for p in pairs[i:i + 12]) + ",")
    lines.append("];")
    return "\n".join(lines)


def generate():
    d = {}
    for name in ("Readings", "Variants", "DictionaryLikeData", "OtherMappings"):
        d.update(read_unihan(name))
    costs = han_costs(d)
    packed = bytearray((len(costs) + 1) // 2)
    for i, c in enumerate(costs):
        packed[i // 2] |= c << (4 * (i % 2))
    t2s, s2t = variant_tables(d)
    hangul = hangul_tiers(d)
    syllables, reading = readings(d)
    reading_table = [reading.get(cp, 0) for cp in range(0x3400, 0xA000)]
    out = [
        "// BEGIN GENERATED by scripts/gen_tables.py from Unihan 15.0.0 (Debian unicode-data 15.0.0).",
        "// Do not edit by hand: change the script and run `python3 scripts/gen_tables.py`.",
        "//! Generated tables: Han plausibility costs, KS X 1001 Hangul, variants, Mandarin readings.",
        "",
        "/// First code point covered by [`HAN_COST`].",
        "pub(crate) const HAN_COST_START: u32 = 0x%X;" % URO_START,
        rust_bytes("HAN_COST", packed, "Cost of each URO ideograph, two 4-bit values a byte (low nibble first)."),
        rust_bytes("HANGUL_KSX1001", hangul[0], "Bit set over U+AC00..=U+D7A3: syllables in KS X 1001."),
        rust_bytes("HANGUL_FREQUENT", hangul[1], "Bit set over U+AC00..=U+D7A3: Sino-Korean readings of KS X 1001 Hanja and frequent native syllables."),
        rust_pairs("TRADITIONAL_TO_SIMPLIFIED", t2s, "kSimplifiedVariant; bit 16: the source is also Simplified (著 → 着 or 著); bit 17: the source is in GB2312."),
        "/// First code point covered by [`READING`].",
        "pub(crate) const READING_START: u32 = 0x3400;",
        "/// Toned pinyin syllables; [`READING`] holds 1-based indexes into this list (0 = none).",
        "#[rustfmt::skip]",
        "pub(crate) static SYLLABLES: [&str; %d] = [" % len(syllables),
    ]
    for i in range(0, len(syllables), 12):
        out.append("    " + ",".join('"%s"' % s for s in syllables[i:i + 12]) + ",")
    out.append("];")
    out.append(rust_u16("READING", reading_table, "First kMandarin reading of U+3400..=U+9FFF."))
    pinlu_cps, pinlu = pinlu_bits(d)
    out.append(rust_u16("HAN_PINLU_AT", pinlu_cps, "URO ideographs with a kHanyuPinlu count, as offsets from U+4E00, ascending."))
    out.append(rust_bytes("HAN_PINLU_BITS", pinlu, "For each of [`HAN_PINLU_AT`]: -log2 of its share of all kHanyuPinlu counts."))
    # IBM code page 437 (the DOS console's), which encoding_rs does not have: what each byte
    # 0x80..=0xFF reads as, from Python's codec of the standard.
    cp437 = [bytes([b]).decode("cp437") for b in range(0x80, 0x100)]
    out.append("/// What IBM code page 437 reads each byte 0x80..=0xFF as.")
    out.append("#[rustfmt::skip]")
    out.append("pub(crate) static CP437_HIGH: [char; 128] = [")
    for i in range(0, 128, 16):
        out.append("    " + ",".join("'\\u{%X}'" % ord(c) for c in cp437[i:i + 16]) + ",")
    out.append("];")
    out.append("// END GENERATED")
    return "\n".join(out) + "\n"


def main():
    text = generate()
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("src/tables.rs differs from what scripts/gen_tables.py generates", file=sys.stderr)
                sys.exit(1)
        print("src/tables.rs is up to date")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
