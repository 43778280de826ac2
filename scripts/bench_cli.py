#!/usr/bin/env python3
"""Benchmark the example CLI over a generated crawl dump: pages/s and MB/s on 1 and 2 threads,
and peak memory (max RSS) on a large JSON Lines input.

The pages are made from the man-page corpus (target/corpus, from scripts/corpus.py; never the
gettext catalogs): each page is one language's text, in a legacy charset (with or without a
<meta> declaration), as UTF-8, or as UTF-8 mojibake, as a crawl finds them.

Usage: python3 scripts/corpus.py && cargo build --release --example unmojibake &&
       python3 scripts/bench_cli.py [--pages N] [--big-mb MB]
"""
import argparse
import gzip
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "target", "release", "examples", "unmojibake")
OUT = os.path.join(ROOT, "target", "bench_cli")

# (language, legacy charset a page in it is served in)
LEGACY = {"zh_CN": "gbk", "zh_TW": "big5", "ja": "shift_jis", "ko": "euc-kr", "ru": "cp1251",
          "uk": "cp1251", "pl": "cp1250", "cs": "cp1250", "de": "cp1252", "fr": "cp1252",
          "es": "cp1252", "tr": "cp1254"}


def corpus():
    texts = {}
    for lang in LEGACY:
        path = os.path.join(ROOT, "target", "corpus", f"{lang}.txt")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                lines = [l.rstrip("\n") for l in f if l.strip()]
            if len(lines) > 50:
                texts[lang] = lines
    if not texts:
        sys.exit("no corpus: run python3 scripts/corpus.py first")
    return texts


def page(rng, texts):
    lang = rng.choice(sorted(texts))
    lines = texts[lang]
    start = rng.randrange(0, max(1, len(lines) - 200))
    body = "\n".join(f"<p>{l}</p>" for l in lines[start:start + rng.randint(40, 160)])
    charset = LEGACY[lang]
    shape = rng.choice(["legacy-meta", "legacy-bare", "utf8", "utf8-mojibake"])
    declared = charset if shape == "legacy-meta" else "utf-8"
    html = (f"<!DOCTYPE html>\n<html><head><meta charset=\"{declared}\"><title>{lang}</title>"
            f"</head>\n<body>\n{body}\n</body></html>\n")
    if shape.startswith("legacy"):
        data = html.encode(charset, errors="replace")
    elif shape == "utf8":
        data = html.encode("utf-8")
    else:
        wrong = "gbk" if lang.startswith("zh") else "cp1252"
        data = html.encode("utf-8").decode(wrong, errors="replace").encode("utf-8")
    return lang, shape, data


def warc_record(uri, payload, charset):
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={charset}\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n").encode() + payload
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2026-11-28T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return gzip.compress(head.encode() + http + b"\r\n\r\n", compresslevel=1)


def generate(n_pages):
    rng = random.Random(20261128)
    texts = corpus()
    shutil.rmtree(OUT, ignore_errors=True)
    pages_dir = os.path.join(OUT, "pages")
    os.makedirs(pages_dir)
    total = 0
    with open(os.path.join(OUT, "crawl.warc.gz"), "wb") as warc:
        for i in range(n_pages):
            lang, shape, data = page(rng, texts)
            sub = os.path.join(pages_dir, lang)
            os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, f"{i:05}-{shape}.html"), "wb") as f:
                f.write(data)
            total += len(data)
            charset = "utf-8" if shape.startswith("utf8") else LEGACY[lang]
            warc.write(warc_record(f"http://example.{lang}/{i}", data, charset))
    with open(os.path.join(OUT, "crawl.jsonl"), "w", encoding="utf-8") as f:
        # A crawl's text field: mostly clean, one record in a hundred with mojibake.
        for i in range(20_000):
            lang = rng.choice(sorted(texts))
            start = rng.randrange(0, len(texts[lang]) - 20)
            text = "\n".join(texts[lang][start:start + 20])
            if rng.random() < 0.01:
                wrong = "gbk" if lang.startswith("zh") else "cp1252"
                text = text.encode("utf-8").decode(wrong, errors="replace")
            f.write(json.dumps({"id": i, "url": f"http://example.{lang}/{i}", "text": text},
                               ensure_ascii=False) + "\n")
    with open(os.path.join(OUT, "short.jsonl"), "w", encoding="utf-8") as f:
        for i in range(100_000):
            lang = rng.choice(sorted(texts))
            line = rng.choice(texts[lang])[:rng.randint(20, 200)]
            if rng.random() < 0.3:
                wrong = "gbk" if lang.startswith("zh") else "cp1252"
                line = line.encode("utf-8").decode(wrong, errors="replace")
            f.write(json.dumps({"id": i, "text": line}, ensure_ascii=False) + "\n")
    return total


def run(args, label):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([CLI, "-q", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{label}: exit {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    return elapsed, after.ru_maxrss, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--big-mb", type=int, default=0,
                        help="also measure peak memory on a JSON Lines file of this many MB")
    args = parser.parse_args()
    total = generate(args.pages)
    print(f"{args.pages} pages, {total / 1e6:.1f} MB; WARC with the same pages; 100,000 short JSON lines")
    short = os.path.join(OUT, "short.jsonl")
    short_mb = os.path.getsize(short) / 1e6
    print("| input | threads | seconds | pages or lines/s | MB/s | speed-up |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, cli_args, docs, mb in [
        ("pages directory → -o", ["-o", os.path.join(OUT, "out"), os.path.join(OUT, "pages")], args.pages, total / 1e6),
        ("WARC.gz → JSON Lines", [os.path.join(OUT, "crawl.warc.gz")], args.pages, total / 1e6),
        ("short JSON Lines", [short], 100_000, short_mb),
    ]:
        one = None
        for threads in (1, 2):
            best = min(run(["-j", str(threads), *cli_args], name)[0] for _ in range(3))
            one = one or best
            print(f"| {name} | {threads} | {best:.2f} | {docs / best:,.0f} | {mb / best:.1f} | {one / best:.2f}× |")
    if args.big_mb:
        big = os.path.join(OUT, "big.jsonl")
        with open(os.path.join(OUT, "crawl.jsonl"), "rb") as src:
            chunk = src.read()
        with open(big, "wb") as f:
            written = 0
            while written < args.big_mb * 1_000_000:
                f.write(chunk)
                written += len(chunk)
        for threads in (1, 2):
            elapsed, rss_kb, _ = run(["-j", str(threads), big], "big")
            print(f"big JSON Lines (1 % mojibake) {written / 1e6:.0f} MB, {threads} threads: {elapsed:.1f} s, "
                  f"{written / 1e6 / elapsed:.1f} MB/s, peak RSS {rss_kb / 1024:.0f} MB")
        os.remove(big)


if __name__ == "__main__":
    main()
