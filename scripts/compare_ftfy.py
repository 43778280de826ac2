#!/usr/bin/env python3
"""Times unmojibake against ftfy 6.3.1 and plsfix (a Rust port of ftfy with Python bindings) on
identical inputs, one core each, in one run, and prints a Markdown table with the ratios.

Inputs are built here from the hand-written clean corpus (tests/data/clean): documents of
clean ASCII, Chinese and Latin-script text, the same garbled (UTF-8 read as windows-1252 and as
GBK), and JSON Lines of short strings of which a third are mojibake. unmojibake runs as the
library, in process, through `examples/throughput.rs FILE` (best of three) for documents, and as
the example CLI with one thread (`-j 1`) for JSON Lines, so that those figures include process
start, I/O and JSON parsing; ftfy and plsfix are timed in-process on the already-loaded strings:
`fix_text` on each document as crawl pipelines call it (it splits lines itself), `fix_encoding`
line by line (on a whole document it judges the document as one string and mostly gives up).

Usage: python3 scripts/compare_ftfy.py [--mb N] [--strings N]
(installs ftfy 6.3.1 and plsfix into target/ftfy-venv on first use)
"""
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftfy_venv  # noqa: E402
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PY = ftfy_venv.PY
BINARY = os.path.join(ROOT, "target", "release", "examples", "unmojibake")
THROUGHPUT = os.path.join(ROOT, "target", "release", "examples", "throughput")
ENGLISH = [
    "The quick brown fox jumps over the lazy dog.",
    "A journey of a thousand miles begins with a single step.",
    "All that glitters is not gold, and not all who wander are lost.",
    "Repair the bytes, keep the text, and report what was done.",
]


def ensure_tools():
    ftfy_venv.ensure(("ftfy==6.3.1", "plsfix"))
    for example in ["unmojibake", "throughput"]:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--example", example],
                       cwd=ROOT, check=True)


def sentences(name):
    with open(os.path.join(ROOT, "tests", "data", "clean", name), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def document(parts, size, rng):
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(parts) for _ in range(rng.randint(2, 4)))
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


def garble(text, codec):
    """UTF-8 read as `codec` the way browsers do: windows-1252's five undefined bytes become
    C1 controls (nothing is lost)."""
    data = text.encode("utf-8")
    if codec == "cp1252":
        return "".join(data[i:i + 1].decode("cp1252", errors="ignore") or chr(data[i])
                       for i in range(len(data)))
    return data.decode(codec, errors="replace")


def time_python(tool, texts, repeat=1):
    """Seconds for `tool` over every string of `texts`, in the venv's Python."""
    code = (
        "import json, sys, time\n"
        "tool = sys.argv[1]\n"
        "texts = json.load(open(sys.argv[2], encoding='utf-8'))\n"
        "if tool == 'ftfy.fix_text':\n"
        "    import ftfy; f = ftfy.fix_text\n"
        "elif tool.startswith('ftfy.fix_encoding'):\n"
        "    import ftfy; f = ftfy.fix_encoding\n"
        "else:\n"
        "    import plsfix; f = plsfix.fix_text\n"
        "if tool.endswith('by line'):\n"
        "    texts = [l for t in texts for l in t.splitlines(keepends=True)]\n"
        "start = time.perf_counter()\n"
        "for t in texts:\n"
        "    f(t)\n"
        "print(time.perf_counter() - start)\n")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False)
        path = f.name
    out = subprocess.run([PY, "-c", code, tool, path], capture_output=True, text=True, check=True)
    os.unlink(path)
    return float(out.stdout.strip())


def time_library(path, args):
    out = subprocess.run([THROUGHPUT, *args, path], capture_output=True, text=True, check=True)
    mb_per_s = float(out.stdout.split("\t")[1])
    return os.path.getsize(path) / 1e6 / mb_per_s


def time_unmojibake(path, args):
    best = None
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([BINARY, "--quiet", "-j", "1", *args, path], stdout=subprocess.DEVNULL,
                       check=True)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    mb = float(sys.argv[sys.argv.index("--mb") + 1]) if "--mb" in sys.argv else 0.5
    n_strings = int(sys.argv[sys.argv.index("--strings") + 1]) if "--strings" in sys.argv else 20000
    ensure_tools()
    rng = random.Random(7)
    size = int(mb * 1e6)
    zh, latin = sentences("zh_Hans.txt"), sentences("latin.txt")
    docs = [
        ("clean ASCII", document(ENGLISH, size, rng)),
        ("clean Chinese", document(zh, size, rng)),
        ("clean Latin", document(latin, size, rng)),
        ("Latin mojibake (UTF-8 as cp1252)", garble(document(latin, size, rng), "cp1252")),
        ("CJK mojibake (UTF-8 as GBK)", garble(document(zh, size, rng), "gbk")),
    ]
    pool = zh + latin + sentences("ja.txt") + sentences("ko.txt") + sentences("ru.txt")
    strings = []
    for i in range(n_strings):
        s = rng.choice(pool)[: rng.randint(10, 60)]
        strings.append(garble(s, "cp1252") if i % 3 == 0 else garble(s, "gbk") if i % 3 == 1 else s)
    rows = []
    tmp = tempfile.mkdtemp()
    for name, text in docs:
        path = os.path.join(tmp, "doc.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        mbytes = len(text.encode("utf-8")) / 1e6
        ours = time_library(path, [])
        ours_enc = time_library(path, ["--encoding-only"])
        ftfy_t = time_python("ftfy.fix_text", [text])
        ftfy_e = time_python("ftfy.fix_encoding by line", [text])
        pls = time_python("plsfix", [text])
        rows.append((name, mbytes, ours, ours_enc, ftfy_t, ftfy_e, pls))
    path = os.path.join(tmp, "strings.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for s in strings:
            f.write(json.dumps({"text": s}, ensure_ascii=False) + "\n")
    mbytes = os.path.getsize(path) / 1e6
    jsonl = ["--format", "jsonl", "--field", "text"]
    rows.append(("%d JSON strings, two thirds mojibake" % n_strings, mbytes,
                 time_unmojibake(path, jsonl), time_unmojibake(path, jsonl + ["--encoding-only"]),
                 time_python("ftfy.fix_text", strings), time_python("ftfy.fix_encoding", strings),
                 time_python("plsfix", strings)))
    print("| input | MB | unmojibake | unmojibake --encoding-only | ftfy fix_text | "
          "ftfy fix_encoding | plsfix | vs fix_text | encoding-only vs fix_encoding |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, mbytes, ours, ours_enc, ftfy_t, ftfy_e, pls in rows:
        speed = lambda s: "%.1f MB/s" % (mbytes / s)
        print("| %s | %.2f | %s | %s | %s | %s | %s | %.1f× | %.1f× |" % (
            name, mbytes, speed(ours), speed(ours_enc), speed(ftfy_t), speed(ftfy_e), speed(pls),
            ftfy_t / ours, ftfy_e / ours_enc))


if __name__ == "__main__":
    main()
