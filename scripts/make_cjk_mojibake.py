#!/usr/bin/env python3
"""Varied CJK mojibake for timing the lost-byte search (`examples/throughput FILE…`,
`examples/profile_one FILE`): the man pages of each CJK language under /usr/share/man (an allowed
source; the gettext catalogs are never read) written as UTF-8 and read with a wrong decoder.

Writes target/speed/:
  gbk_zh.txt         Simplified Chinese read by a browser's GBK decoder (gb18030 with 0x80 as €,
                     U+FFFD for a lead byte it cannot pair: before ASCII, mostly)
  gbk_cjk.txt        Chinese, Japanese and Korean read so, more than the 256 KB document head
  gbk_late_loss.txt  60 KB of GBK mojibake lines that lose nothing, then one line that loses an
                     ambiguous byte (看那边 followed by a space)
  sjis_ja.txt        Japanese read by Python's cp932 decoder with errors="replace"
  big5_zh_TW.txt     Traditional Chinese read by Python's big5 decoder with errors="replace"
  euckr_ko.txt       Korean (300,000 characters) read by Python's cp949 decoder, errors="replace"

Usage: python3 scripts/make_cjk_mojibake.py [--out DIR]
"""
import codecs
import gzip
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

MAX_BYTES = 400_000


def man_text(lang):
    """The cleaned lines of the first man pages of `lang`, up to about MAX_BYTES bytes."""
    out, size = [], 0
    for path in sorted(glob.glob(f"/usr/share/man/{lang}/man*/*")):
        try:
            data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError, EOFError):
            continue
        for line in text.split("\n"):
            cleaned = corpus.clean_line(line)
            if cleaned:
                out.append(cleaned)
                size += len(cleaned.encode()) + 1
        if size > MAX_BYTES:
            break
    return "\n".join(out) + "\n"


def browser_gbk_errors(error):
    """0x80 is € to a browser; any other byte it cannot read is one U+FFFD."""
    bad = error.object[error.start:error.end]
    return ("€" if bad[:1] == b"\x80" else "\ufffd", error.start + 1)


def main():
    args = sys.argv[1:]
    out_dir = args[args.index("--out") + 1] if "--out" in args else os.path.join("target", "speed")
    os.makedirs(out_dir, exist_ok=True)
    codecs.register_error("browser_gbk", browser_gbk_errors)

    def browser_gbk(text):
        return text.encode("utf-8").decode("gb18030", "browser_gbk")

    texts = {lang: man_text(lang) for lang in ["zh_CN", "zh_TW", "ja", "ko"]}
    strict = [line for line in browser_gbk(texts["zh_CN"]).split("\n") if "\ufffd" not in line]
    late, size = [], 0
    for line in strict:
        if size + len(line.encode()) + 1 > 60_000:
            break
        late.append(line)
        size += len(line.encode()) + 1
    files = {
        "gbk_zh.txt": browser_gbk(texts["zh_CN"]),
        "gbk_cjk.txt": browser_gbk("".join(texts.values())),
        "gbk_late_loss.txt": "\n".join(late) + "\n" + browser_gbk("看那边 x\n"),
        "sjis_ja.txt": texts["ja"].encode("utf-8").decode("cp932", "replace"),
        "big5_zh_TW.txt": texts["zh_TW"].encode("utf-8").decode("big5", "replace"),
        "euckr_ko.txt": texts["ko"].encode("utf-8").decode("cp949", "replace")[:300_000],
    }
    for name, text in files.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{name}\t{len(text.encode())} bytes")


if __name__ == "__main__":
    main()
