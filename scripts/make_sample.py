#!/usr/bin/env python3
"""Write examples/data/sample.html: a small UTF-8 page written for this project, garbled in the
ways unmojibake repairs (the README's first command runs the CLI over it)."""
import os

# Python's gbk/shift_jis/big5 codecs are stricter than browsers'; their supersets decode the
# way the WHATWG Encoding Standard does for these bytes.
WHATWG_LIKE = {"gbk": "gb18030", "shift_jis": "cp932", "big5": "big5hkscs"}


def garble(text, actual, wrong):
    return text.encode(actual).decode(WHATWG_LIKE.get(wrong, wrong), errors="replace")

lines = [
    "<!DOCTYPE html>",
    '<html><head><meta charset="utf-8"><title>unmojibake sample</title></head><body>',
    "<h1>" + garble("乱码修复示例", "utf-8", "gbk") + "</h1>",
    "<p>UTF-8 read as GBK: " + garble("我们的网站使用统一的编码。", "utf-8", "gbk") + "</p>",
    "<p>GBK read as windows-1252: " + garble("欢迎光临本店", "gbk", "cp1252") + "</p>",
    "<p>UTF-8 read as windows-1252: " + garble("Crème brûlée, naïve café", "utf-8", "cp1252") + "</p>",
    "<p>UTF-8 read as Shift_JIS: " + garble("日本語のテキストです", "utf-8", "shift_jis") + "</p>",
    "<p>Big5 read as GBK: " + garble("繁體中文的網頁", "big5", "gbk") + "</p>",
    "<p>Two layers: " + garble(garble("中文网页", "utf-8", "gbk"), "utf-8", "cp1252") + "</p>",
    "<p>Clean text stays as it is: 这是一段正常的中文。これは普通の日本語です。정상적인 한국어.</p>",
    "<p>Lost bytes (Python's strict gbk codec): " + "发送成功".encode("utf-8").decode("gbk", errors="replace") + "</p>",
    "<p>Irreversible marker: 锟斤拷锟斤拷</p>",
    "</body></html>",
]
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "data", "sample.html")
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
