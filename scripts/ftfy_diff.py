#!/usr/bin/env python3
"""Differential test against ftfy 6.3.1 (the reference mojibake fixer), on the Latin-script side
and beyond: both tools repair the same generated cases, and every disagreement is listed.

Cases come from allowed text only: the held-out man-page lines of target/corpus (run
scripts/corpus.py first), the hand-written corpus in tests/data/clean, and the real-world shapes
below. Each is garbled in this script along the chains ftfy handles (UTF-8 read as a single-byte
charset, one or two layers, and the lossy shapes ftfy knows) and the ones it does not; the
machine's gettext catalogs are never read.

ftfy runs as `ftfy.fix_encoding` (encoding repairs only), unmojibake as the example CLI with
`--encoding-only` over a JSON Lines file, so both see exactly the same strings.

Usage: python3 scripts/ftfy_diff.py [--per-chain N] [--show N]
(installs ftfy 6.3.1 into target/ftfy-venv on first use)
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftfy_venv  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PY = ftfy_venv.PY

# (name, codec chain): text is encoded with the first codec and decoded with the next ones.
CHAINS = [
    ("UTF-8 as windows-1252", ["utf-8", "whatwg-1252"]),
    ("UTF-8 as ISO-8859-1", ["utf-8", "latin-1"]),
    ("UTF-8 as windows-1250", ["utf-8", "cp1250"]),
    ("UTF-8 as windows-1251", ["utf-8", "cp1251"]),
    ("UTF-8 as windows-1253", ["utf-8", "cp1253"]),
    ("UTF-8 as windows-1254", ["utf-8", "cp1254"]),
    ("UTF-8 as windows-1255", ["utf-8", "cp1255"]),
    ("UTF-8 as windows-1256", ["utf-8", "cp1256"]),
    ("UTF-8 as windows-1257", ["utf-8", "cp1257"]),
    ("UTF-8 as ISO-8859-2", ["utf-8", "iso8859_2"]),
    ("UTF-8 as macintosh", ["utf-8", "mac_roman"]),
    ("UTF-8 as cp437", ["utf-8", "cp437"]),
    ("UTF-8 as KOI8-R", ["utf-8", "koi8_r"]),
    ("UTF-8 as windows-874", ["utf-8", "cp874"]),
    ("UTF-8 as windows-1252, twice", ["utf-8", "whatwg-1252", "whatwg-1252"]),
    ("UTF-8 as GBK", ["utf-8", "gbk"]),
    ("UTF-8 as Shift_JIS", ["utf-8", "shift_jis"]),
    ("windows-1251 as windows-1252", ["cp1251", "whatwg-1252"]),
]

# Shapes seen in the wild, written here (not taken from ftfy's tests): (garbled, expected).
SHAPES = [
    ("The Mona Lisa doesnâ€™t have eyebrows.", "The Mona Lisa doesn’t have eyebrows."),
    ("cafÃ© au lait, crÃ¨me brÃ»lÃ©e", "café au lait, crème brûlée"),
    ("Ã¼ber 10 â‚¬ pro StÃ¼ck", "über 10 € pro Stück"),
    ("ÐŸÑ€Ð¸Ð²ÐµÑ‚, Ð¼Ð¸Ñ€", "Привет, мир"),
    ("æ—¥æœ¬èªžã®ãƒ†ã‚­ã‚¹ãƒˆ", "日本語のテキスト"),
    ("鎴戜滑鐨勪骇鍝", "我们的产品"),
    ("Ïðèâåò, ìèð", "Привет, мир"),
    ("naÃ¯ve faÃ§ade", "naïve façade"),
]


def ensure_venv():
    ftfy_venv.ensure()


def decode(data, codec):
    if codec == "whatwg-1252":
        # What browsers do: the five undefined bytes become C1 controls.
        return "".join(data[i:i + 1].decode("cp1252", errors="ignore") or chr(data[i])
                       for i in range(len(data)))
    return data.decode(codec)


def garble(text, chain):
    try:
        data = text.encode(chain[0])
        out = None
        for codec in chain[1:]:
            out = decode(data, codec)
            data = out.encode("utf-8")
        return out
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def lines():
    dirs = [os.path.join(ROOT, "tests", "data", "clean"), os.path.join(ROOT, "target", "corpus")]
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".txt"):
                with open(os.path.join(d, name), encoding="utf-8") as f:
                    for line in f:
                        line = line.strip()
                        if line and not line.startswith("#"):
                            yield line


def build_cases(per_chain):
    corpus = list(dict.fromkeys(lines()))
    cases = [("real-world shapes", g, e) for g, e in SHAPES]
    for name, chain in CHAINS:
        n = 0
        for text in corpus:
            if n >= per_chain:
                break
            garbled = garble(text, chain)
            if garbled is None or garbled == text:
                continue
            cases.append((name, garbled, text))
            n += 1
    clean = [("clean", t, t) for t in corpus[::7][:per_chain * 2]]
    return cases + clean


def run_ftfy(texts):
    code = ("import ftfy, json, sys\n"
            "for line in sys.stdin:\n"
            "    print(json.dumps(ftfy.fix_encoding(json.loads(line)), ensure_ascii=False))\n")
    out = subprocess.run([PY, "-c", code], input="\n".join(json.dumps(t) for t in texts) + "\n",
                         capture_output=True, text=True, check=True)
    return [json.loads(l) for l in out.stdout.splitlines()]


def run_unmojibake(texts):
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "unmojibake"],
                   cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "examples", "unmojibake")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
        path = f.name
    out = subprocess.run([binary, "--encoding-only", "--quiet", "--format", "jsonl", "--field",
                          "text", "-j", "1", path], capture_output=True, text=True)
    os.unlink(path)
    return [json.loads(l)["text"] for l in out.stdout.splitlines()]


def main():
    per_chain = int(sys.argv[sys.argv.index("--per-chain") + 1]) if "--per-chain" in sys.argv else 1000
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 3
    ensure_venv()
    cases = build_cases(per_chain)
    texts = [g for _, g, _ in cases]
    ftfy_out = run_ftfy(texts)
    ours = run_unmojibake(texts)
    assert len(ftfy_out) == len(ours) == len(cases), (len(ftfy_out), len(ours), len(cases))
    rows = {}
    for (name, garbled, expected), f, u in zip(cases, ftfy_out, ours):
        r = rows.setdefault(name, {"n": 0, "ftfy": 0, "ours": 0, "ftfy_only": [], "ours_only": []})
        r["n"] += 1
        r["ftfy"] += f == expected
        r["ours"] += u == expected
        if f == expected and u != expected:
            r["ftfy_only"].append((garbled, expected, u))
        if u == expected and f != expected:
            r["ours_only"].append((garbled, expected, f))
    print("| cases | n | ftfy 6.3.1 exact | unmojibake exact | only ftfy right | only unmojibake right |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        print("| %s | %d | %.2f%% | %.2f%% | %d | %d |" % (
            name, r["n"], 100 * r["ftfy"] / r["n"], 100 * r["ours"] / r["n"],
            len(r["ftfy_only"]), len(r["ours_only"])))
    print()
    for name, r in rows.items():
        for garbled, expected, got in r["ftfy_only"][:show]:
            print("only ftfy right [%s]\n  garbled  %r\n  expected %r\n  ours     %r" % (
                name, garbled, expected, got))


if __name__ == "__main__":
    main()
