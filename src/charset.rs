//! Character encodings as the repair engine uses them: strict re-encoding, strict re-decoding and
//! the byte structure (how long is the character that starts here?) of every supported charset.
//!
//! [`Charset`] wraps `encoding_rs` (so the public API does not expose a dependency's type) and
//! adds true ISO-8859-1, which the WHATWG Encoding Standard folds into windows-1252.

use std::fmt;

use encoding_rs::{EncoderResult, Encoding};

/// A character encoding: an `encoding_rs` encoding or true ISO-8859-1.
///
/// Decoding follows the WHATWG Encoding Standard as browsers do: windows-1252 maps its five
/// undefined bytes (0x81 0x8D 0x8F 0x90 0x9D) to the C1 controls, GBK is Microsoft's cp936
/// (0x80 = €, the user-defined areas = private use characters), Shift_JIS is cp932, EUC-KR is cp949.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Charset(Inner);

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Inner {
    Whatwg(&'static Encoding),
    Latin1,
    /// IBM code page 437, which encoding_rs does not have (a chain's wrong charset only).
    Cp437,
}

/// How the byte sequence at a position reads in a charset.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Unit {
    /// A well-formed sequence of this many bytes (its mapping may still be undefined).
    Seq(usize),
    /// Malformed: this many bytes form no character.
    Bad(usize),
}

impl Charset {
    /// UTF-8.
    pub const UTF_8: Charset = Charset(Inner::Whatwg(encoding_rs::UTF_8));
    /// ISO-8859-1 as Python and Java define it: every byte is the code point of the same value.
    pub const LATIN_1: Charset = Charset(Inner::Latin1);
    /// windows-1252, with the WHATWG mapping of its undefined bytes to C1 controls.
    pub const WINDOWS_1252: Charset = Charset(Inner::Whatwg(encoding_rs::WINDOWS_1252));
    /// GBK in its cp936 flavour (a subset of GB18030).
    pub const GBK: Charset = Charset(Inner::Whatwg(encoding_rs::GBK));
    /// GB18030.
    pub const GB18030: Charset = Charset(Inner::Whatwg(encoding_rs::GB18030));
    /// Big5 with the HKSCS extensions (WHATWG).
    pub const BIG5: Charset = Charset(Inner::Whatwg(encoding_rs::BIG5));
    /// Shift_JIS in its cp932 flavour.
    pub const SHIFT_JIS: Charset = Charset(Inner::Whatwg(encoding_rs::SHIFT_JIS));
    /// EUC-JP.
    pub const EUC_JP: Charset = Charset(Inner::Whatwg(encoding_rs::EUC_JP));
    /// EUC-KR in its cp949 (Unified Hangul Code) flavour.
    pub const EUC_KR: Charset = Charset(Inner::Whatwg(encoding_rs::EUC_KR));
    /// The legacy multi-byte charsets of Chinese, Japanese and Korean.
    pub(crate) const LEGACY_CJK: [Charset; 6] = [
        Charset::GBK,
        Charset::GB18030,
        Charset::BIG5,
        Charset::SHIFT_JIS,
        Charset::EUC_JP,
        Charset::EUC_KR,
    ];
    /// UTF-16LE.
    pub const UTF_16LE: Charset = Charset(Inner::Whatwg(encoding_rs::UTF_16LE));
    /// UTF-16BE.
    pub const UTF_16BE: Charset = Charset(Inner::Whatwg(encoding_rs::UTF_16BE));
    /// IBM code page 437, the DOS console's (not in the WHATWG set; decoded by this crate). Only
    /// ever a wrong charset in a repair chain: documents are not decoded from it.
    pub const IBM437: Charset = Charset(Inner::Cp437);

    /// Looks up a charset by a WHATWG label (`"gb2312"`, `"latin1"`, `"x-sjis"` …), case-insensitive,
    /// surrounding whitespace ignored. `"iso-8859-1"`, `"latin1"` and `"l1"` give windows-1252 as in
    /// browsers; use [`Charset::LATIN_1`] for the strict ISO-8859-1.
    pub fn for_label(label: &[u8]) -> Option<Charset> {
        Encoding::for_label(label).map(Charset::from_encoding)
    }

    /// The canonical name (`"UTF-8"`, `"GBK"`, `"ISO-8859-1"` for true latin-1 …).
    pub fn name(self) -> &'static str {
        match self.0 {
            Inner::Whatwg(e) => e.name(),
            Inner::Latin1 => "ISO-8859-1",
            Inner::Cp437 => "IBM437",
        }
    }

    /// The `encoding_rs` encoding used to decode (windows-1252 for true latin-1, whose decoding
    /// differs only in 0x80..=0x9F, and for IBM437, which encoding_rs lacks: this crate decodes
    /// those two itself).
    pub fn encoding(self) -> &'static Encoding {
        match self.0 {
            Inner::Whatwg(e) => e,
            Inner::Latin1 | Inner::Cp437 => encoding_rs::WINDOWS_1252,
        }
    }

    pub(crate) const fn from_encoding(encoding: &'static Encoding) -> Charset {
        Charset(Inner::Whatwg(encoding))
    }

    /// Whether a wrong decoder of this charset, meeting byte `b` where it stood, could have failed
    /// on it and emitted '?' or U+FFFD instead: the bytes a lossy decode can have lost. For
    /// single-byte charsets, the bytes they leave undefined (which WHATWG maps to C1 controls);
    /// for multi-byte ones, every non-ASCII byte that is not a character on its own (a lead byte
    /// without a valid trail, or an invalid byte).
    pub(crate) fn may_lose_byte(self, b: u8) -> bool {
        if b < 0x80 {
            return false;
        }
        match self.0 {
            Inner::Latin1 => (0x80..=0x9F).contains(&b),
            Inner::Cp437 => false,
            Inner::Whatwg(e) if e.is_single_byte() => lone_bytes(e)[usize::from(b - 0x80)]
                .is_none_or(|c| ('\u{80}'..='\u{9F}').contains(&c)),
            // (GBK's 0x80 is € to browsers and Windows, but Python's and Java's GBK have no €:
            // the last byte of 一, E4 B8 80, is lost there.)
            Inner::Whatwg(_) if b == 0x80 && (self == Charset::GBK || self == Charset::GB18030) => {
                true
            }
            Inner::Whatwg(_) => !matches!(self.unit_at(&[b], 0), Unit::Seq(1)),
        }
    }

    pub(crate) fn is_utf8(self) -> bool {
        self == Charset::UTF_8
    }

    /// True for charsets where one byte is one character.
    pub(crate) fn is_single_byte(self) -> bool {
        match self.0 {
            Inner::Latin1 | Inner::Cp437 => true,
            Inner::Whatwg(e) => e.is_single_byte(),
        }
    }

    /// Decodes `bytes` strictly: `None` if any sequence is malformed or unmapped.
    pub(crate) fn decode_strict(self, bytes: &[u8], out: &mut String) -> bool {
        match self.0 {
            Inner::Latin1 => {
                out.extend(bytes.iter().map(|&b| char::from(b)));
                true
            }
            Inner::Cp437 => {
                out.extend(bytes.iter().map(|&b| cp437_char(b)));
                true
            }
            Inner::Whatwg(e) => {
                match e.decode_without_bom_handling_and_without_replacement(bytes) {
                    Some(text) => {
                        out.push_str(&text);
                        true
                    }
                    None => false,
                }
            }
        }
    }

    /// Decodes one well-formed unit (see [`Charset::unit_at`]) strictly, appending to `out`;
    /// `false` (and nothing appended) if its mapping is undefined.
    pub(crate) fn decode_unit(self, unit: &[u8], out: &mut String) -> bool {
        if let [b] = unit
            && *b < 0x80
        {
            // ASCII reads as itself in every charset here.
            out.push(char::from(*b));
            return true;
        }
        match self.0 {
            Inner::Latin1 => {
                out.extend(unit.iter().map(|&b| char::from(b)));
                true
            }
            Inner::Cp437 => {
                out.extend(unit.iter().map(|&b| cp437_char(b)));
                true
            }
            Inner::Whatwg(e) if e == encoding_rs::UTF_8 => match std::str::from_utf8(unit) {
                Ok(s) => {
                    out.push_str(s);
                    true
                }
                Err(_) => false,
            },
            Inner::Whatwg(e) => {
                let mut decoder = e.new_decoder_without_bom_handling();
                let before = out.len();
                out.reserve(unit.len() * 3 + 4);
                let (result, _) = decoder.decode_to_string_without_replacement(unit, out, true);
                if result == encoding_rs::DecoderResult::InputEmpty {
                    true
                } else {
                    out.truncate(before);
                    false
                }
            }
        }
    }

    /// Like [`Charset::decode_unit`], through a memo of two-byte units (text repeats itself).
    pub(crate) fn decode_unit_cached(
        self,
        unit: &[u8],
        cache: &mut DecodeCache,
        out: &mut String,
    ) -> bool {
        if let (Inner::Whatwg(e), [b @ 0x80..=0xFF]) = (self.0, unit)
            && e.is_single_byte()
        {
            // A single-byte table answers at once.
            return match cache.single_byte(e)[usize::from(b - 0x80)] {
                Some(c) => {
                    out.push(c);
                    true
                }
                None => false,
            };
        }
        let key = match unit {
            [a] if *a >= 0x80 => u16::from(*a),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => return self.decode_unit(unit, out),
        };
        let Some(table) = cache.table_for(self) else {
            return self.decode_unit(unit, out);
        };
        let Some(slot) = table.get_mut(usize::from(key) % DECODE_CACHE_SLOTS) else {
            return self.decode_unit(unit, out);
        };
        if slot.0 != key {
            let mut tmp = String::new();
            let ch = if self.decode_unit(unit, &mut tmp) {
                tmp.chars().next()
            } else {
                None
            };
            *slot = (key, ch);
        }
        match slot.1 {
            Some(c) => {
                out.push(c);
                true
            }
            None => false,
        }
    }

    /// Encodes `text` strictly, appending to `out`; on the first character the charset cannot
    /// represent, returns its byte offset in `text` (what was before it is appended).
    pub(crate) fn encode_strict(self, text: &str, out: &mut Vec<u8>) -> Result<(), usize> {
        match self.0 {
            Inner::Latin1 => {
                for (i, c) in text.char_indices() {
                    let Ok(b) = u8::try_from(u32::from(c)) else {
                        return Err(i);
                    };
                    out.push(b);
                }
                Ok(())
            }
            Inner::Cp437 => {
                for (i, c) in text.char_indices() {
                    match cp437_byte(c) {
                        Some(b) => out.push(b),
                        None => return Err(i),
                    }
                }
                Ok(())
            }
            Inner::Whatwg(e) if e == encoding_rs::UTF_8 => {
                out.extend_from_slice(text.as_bytes());
                Ok(())
            }
            Inner::Whatwg(e) if e == encoding_rs::BIG5 => {
                // The WHATWG Big5 encoder leaves out the HKSCS part that its decoder reads:
                // encode those characters back from the decoder's own table.
                let mut start = 0;
                loop {
                    match encode_whatwg_strict(e, &text[start..], out) {
                        Ok(()) => return Ok(()),
                        Err(at) => {
                            let at = start + at;
                            let Some(c) = text[at..].chars().next() else {
                                return Err(at);
                            };
                            let Some(bytes) = big5_hkscs_bytes(c) else {
                                return Err(at);
                            };
                            out.extend_from_slice(&bytes);
                            start = at + c.len_utf8();
                        }
                    }
                }
            }
            Inner::Whatwg(e) if e == encoding_rs::SHIFT_JIS => {
                // The WHATWG encoder writes the NEC-selected IBM extensions (rows 0xED and 0xEE,
                // which its decoder reads) as their IBM twins (0xFA..=0xFC): the bytes a
                // decoder read are what a repair must get back (하, ED 95 98 in UTF-8, reads as
                // 﨑 through Shift_JIS).
                let start = out.len();
                let result = encode_whatwg_strict(e, text, out);
                let mut i = start;
                while i < out.len() {
                    let (Unit::Seq(len) | Unit::Bad(len)) = self.unit_at(out, i);
                    if len == 2
                        && out[i] >= 0xFA
                        && let Some(nec) = sjis_nec_selected_bytes([out[i], out[i + 1]])
                    {
                        out[i..i + 2].copy_from_slice(&nec);
                    }
                    i += len.max(1);
                }
                result
            }
            Inner::Whatwg(e) => encode_whatwg_strict(e, text, out),
        }
    }

    /// The unit that starts at `bytes[i]` (which must exist) in this charset.
    pub(crate) fn unit_at(self, bytes: &[u8], i: usize) -> Unit {
        let b = bytes[i];
        let next = |k: usize| bytes.get(i + k).copied();
        if b < 0x80 {
            return Unit::Seq(1);
        }
        let enc = match self.0 {
            Inner::Latin1 | Inner::Cp437 => return Unit::Seq(1),
            Inner::Whatwg(e) => e,
        };
        if enc.is_single_byte() {
            return Unit::Seq(1);
        }
        if enc == encoding_rs::UTF_8 {
            return utf8_unit(bytes, i);
        }
        let in_range = |x: Option<u8>, lo: u8, hi: u8| x.is_some_and(|x| (lo..=hi).contains(&x));
        if enc == encoding_rs::GBK || enc == encoding_rs::GB18030 {
            if b == 0x80 {
                return Unit::Seq(1);
            }
            if b == 0xFF {
                return Unit::Bad(1);
            }
            if enc == encoding_rs::GB18030
                && in_range(next(1), 0x30, 0x39)
                && in_range(next(2), 0x81, 0xFE)
                && in_range(next(3), 0x30, 0x39)
            {
                return Unit::Seq(4);
            }
            return if in_range(next(1), 0x40, 0x7E) || in_range(next(1), 0x80, 0xFE) {
                Unit::Seq(2)
            } else {
                Unit::Bad(1)
            };
        }
        if enc == encoding_rs::BIG5 {
            if b == 0x80 || b == 0xFF {
                return Unit::Bad(1);
            }
            return if in_range(next(1), 0x40, 0x7E) || in_range(next(1), 0xA1, 0xFE) {
                Unit::Seq(2)
            } else {
                Unit::Bad(1)
            };
        }
        if enc == encoding_rs::SHIFT_JIS {
            if b == 0x80 || (0xA1..=0xDF).contains(&b) {
                return Unit::Seq(1);
            }
            if !((0x81..=0x9F).contains(&b) || (0xE0..=0xFC).contains(&b)) {
                return Unit::Bad(1);
            }
            return if in_range(next(1), 0x40, 0x7E) || in_range(next(1), 0x80, 0xFC) {
                Unit::Seq(2)
            } else {
                Unit::Bad(1)
            };
        }
        if enc == encoding_rs::EUC_JP {
            return match b {
                0x8E if in_range(next(1), 0xA1, 0xDF) => Unit::Seq(2),
                0x8F if in_range(next(1), 0xA1, 0xFE) && in_range(next(2), 0xA1, 0xFE) => {
                    Unit::Seq(3)
                }
                0xA1..=0xFE if in_range(next(1), 0xA1, 0xFE) => Unit::Seq(2),
                _ => Unit::Bad(1),
            };
        }
        if enc == encoding_rs::EUC_KR {
            if b == 0x80 || b == 0xFF {
                return Unit::Bad(1);
            }
            return if in_range(next(1), 0x41, 0x5A)
                || in_range(next(1), 0x61, 0x7A)
                || in_range(next(1), 0x81, 0xFE)
            {
                Unit::Seq(2)
            } else {
                Unit::Bad(1)
            };
        }
        // Stateful or otherwise unsupported encodings never take part in a chain.
        Unit::Bad(1)
    }
}

fn encode_whatwg_strict(
    enc: &'static Encoding,
    text: &str,
    out: &mut Vec<u8>,
) -> Result<(), usize> {
    let mut encoder = enc.new_encoder();
    let mut read_total = 0;
    loop {
        let rest = &text[read_total..];
        let needed = encoder
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len() * 4 + 16);
        let start = out.len();
        out.resize(start + needed, 0);
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut out[start..], true);
        out.truncate(start + written);
        read_total += read;
        match result {
            EncoderResult::InputEmpty => return Ok(()),
            EncoderResult::OutputFull => continue,
            EncoderResult::Unmappable(c) => return Err(read_total - c.len_utf8()),
        }
    }
}

const DECODE_CACHE_SLOTS: usize = 4096;

/// The legacy CJK charsets whose two-byte units [`DecodeCache`] remembers.
const CACHED_DECODERS: [Charset; 5] = [
    Charset::GBK,
    Charset::BIG5,
    Charset::SHIFT_JIS,
    Charset::EUC_JP,
    Charset::EUC_KR,
];

/// [`DECODE_CACHE_SLOTS`] slots.
type DecodeTable = Box<[(u16, Option<char>)]>;

/// An empty memo, made on the heap: built in place, a table this size would make every call
/// of [`Charset::decode_unit_cached`] probe 32 KB of stack (measured: a quarter of the search
/// time on Latin mojibake).
#[cold]
#[inline(never)]
fn new_decode_table() -> DecodeTable {
    vec![(0, None); DECODE_CACHE_SLOTS].into_boxed_slice()
}

/// Direct-mapped memos of two-byte units, one per legacy CJK charset, made on first use.
#[derive(Default)]
pub(crate) struct DecodeCache {
    tables: [Option<DecodeTable>; 5],
    /// The byte tables of the single-byte charsets met so far (a handful; a search reads every
    /// byte through one, and [`lone_bytes`] takes a lock).
    single_byte: Vec<(&'static Encoding, &'static [Option<char>; 128])>,
}

impl DecodeCache {
    fn single_byte(&mut self, encoding: &'static Encoding) -> &'static [Option<char>; 128] {
        if let Some(&(_, table)) = self.single_byte.iter().find(|(e, _)| *e == encoding) {
            return table;
        }
        let table = lone_bytes(encoding);
        self.single_byte.push((encoding, table));
        table
    }

    fn table_for(&mut self, charset: Charset) -> Option<&mut DecodeTable> {
        let i = CACHED_DECODERS.iter().position(|&c| c == charset)?;
        // Keys: a lone byte 0x80..=0xFF as itself, a pair as lead·trail (lead ≥ 0x81, so the two
        // never meet); key 0 is neither, so an empty slot never matches.
        Some(self.tables[i].get_or_insert_with(new_decode_table))
    }
}

/// Encodes one character at a time into a charset, fast: a table for single-byte charsets, one
/// reused encoding_rs encoder for the others.
pub(crate) struct CharEncoder {
    charset: Charset,
    kind: EncoderKind,
}

enum EncoderKind {
    Latin1,
    SingleByte(&'static [(char, u8)]),
    /// The encoder, its memo, and the dense table (looked up on first need).
    Multi(
        encoding_rs::Encoder,
        Box<[CacheSlot; CACHE_SLOTS]>,
        Option<&'static [u32]>,
    ),
}

/// Slots of the direct-mapped memo of a multi-byte encoder: text repeats its characters, and
/// encoding_rs is slow on characters a charset does not have (Big5 and Simplified Chinese).
const CACHE_SLOTS: usize = 4096;

#[derive(Clone, Copy)]
struct CacheSlot {
    ch: char,
    /// 0: not encodable as one unit.
    len: u8,
    bytes: [u8; 4],
}

impl CharEncoder {
    pub(crate) fn new(charset: Charset) -> CharEncoder {
        let kind = match charset.0 {
            Inner::Latin1 => EncoderKind::Latin1,
            Inner::Cp437 => EncoderKind::SingleByte(cp437_table()),
            Inner::Whatwg(e) if e.is_single_byte() => EncoderKind::SingleByte(single_byte_table(e)),
            Inner::Whatwg(e) => EncoderKind::Multi(
                e.new_encoder(),
                Box::new(
                    [CacheSlot {
                        ch: '\0',
                        len: 0,
                        bytes: [0; 4],
                    }; CACHE_SLOTS],
                ),
                None,
            ),
        };
        CharEncoder { charset, kind }
    }

    /// The charset this encodes into.
    pub(crate) fn charset(&self) -> Charset {
        self.charset
    }

    /// The first byte `c` would be encoded with, if it can be.
    pub(crate) fn peek_first_byte(&mut self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        let mut buf = Vec::with_capacity(4);
        self.encode_char(c, &mut buf).then(|| buf[0])
    }

    /// Appends the bytes of non-ASCII `c` to `out` if the charset can encode it as exactly one
    /// of its units; `false` (nothing appended) otherwise.
    pub(crate) fn encode_char(&mut self, c: char, out: &mut Vec<u8>) -> bool {
        match &mut self.kind {
            EncoderKind::Latin1 => match u8::try_from(u32::from(c)) {
                Ok(b) => {
                    out.push(b);
                    true
                }
                Err(_) => false,
            },
            EncoderKind::SingleByte(table) => match table.binary_search_by_key(&c, |&(ch, _)| ch) {
                Ok(i) => {
                    out.push(table[i].1);
                    true
                }
                Err(_) => false,
            },
            EncoderKind::Multi(encoder, cache, dense) => {
                let entry = dense_index(c).and_then(|i| {
                    let Inner::Whatwg(e) = self.charset.0 else {
                        return None;
                    };
                    dense
                        .get_or_insert_with(|| dense_table(self.charset, e))
                        .get(i)
                });
                if let Some(&entry) = entry {
                    let len = (entry >> 24) as usize;
                    if len == 0 {
                        return false;
                    }
                    out.extend_from_slice(&entry.to_be_bytes()[4 - len..]);
                    return true;
                }
                let slot = &mut cache[(u32::from(c) as usize) % CACHE_SLOTS];
                if slot.ch != c {
                    *slot = CacheSlot {
                        ch: c,
                        len: 0,
                        bytes: [0; 4],
                    };
                    if let Some((bytes, len)) = encode_one(self.charset, encoder, c) {
                        slot.len = len;
                        slot.bytes = bytes;
                    }
                }
                if slot.len == 0 {
                    return false;
                }
                out.extend_from_slice(&slot.bytes[..usize::from(slot.len)]);
                true
            }
        }
    }
}

/// The blocks where text has thousands of distinct characters (CJK ideographs, Hangul
/// syllables): a memo thrashes there, so each multi-byte charset gets a dense table of them.
const DENSE_BLOCKS: [(u32, u32); 2] = [(0x4E00, 0x9FFF), (0xAC00, 0xD7A3)];

/// `c`'s index in a dense table, if it is in one of the [`DENSE_BLOCKS`].
fn dense_index(c: char) -> Option<usize> {
    let cp = u32::from(c);
    let mut offset = 0usize;
    for (first, last) in DENSE_BLOCKS {
        if (first..=last).contains(&cp) {
            return Some(offset + (cp - first) as usize);
        }
        offset += (last - first + 1) as usize;
    }
    None
}

/// The dense table of a multi-byte charset: per character of the [`DENSE_BLOCKS`], in order,
/// `len << 24 | bytes` (big-endian in the low bytes; `len` 0: not one unit). Built on first use
/// per charset and kept for the life of the process.
fn dense_table(charset: Charset, encoding: &'static Encoding) -> &'static [u32] {
    static TABLES: PerEncoding<[u32]> = std::sync::OnceLock::new();
    per_encoding(&TABLES, encoding, || {
        dense_entries_read_back(charset, encoding)
    })
}

/// A dense table entry: the length of `bytes` in the top byte, the bytes below it.
fn dense_entry(bytes: &[u8]) -> u32 {
    let mut word = [0u8; 4];
    word[0] = bytes.len() as u8;
    word[4 - bytes.len()..].copy_from_slice(bytes);
    u32::from_be_bytes(word)
}

/// The entries of [`dense_table`] for the characters `asked` picks out by their index (0 for
/// the others), each asked of the encoder.
#[cfg(test)]
fn dense_entries(
    charset: Charset,
    encoding: &'static Encoding,
    asked: impl Fn(usize) -> bool,
) -> Box<[u32]> {
    let mut encoder = encoding.new_encoder();
    DENSE_BLOCKS
        .iter()
        .flat_map(|&(first, last)| first..=last)
        .enumerate()
        .map(|(i, cp)| {
            char::from_u32(cp)
                .filter(|_| asked(i))
                .and_then(|ch| encode_one(charset, &mut encoder, ch))
                .filter(|&(_, len)| len <= 3)
                .map_or(0, |(bytes, len)| dense_entry(&bytes[..usize::from(len)]))
        })
        .collect()
}

/// The entries of [`dense_table`], read off the decoder: a character of the [`DENSE_BLOCKS`]
/// that exactly one two-byte sequence of `encoding` decodes to is written as that sequence (what
/// an encoder writes decodes back to the character); the encoder is asked only about those that
/// several sequences decode to, or a three-byte one of EUC-JP (JIS X 0212, which the encoder
/// never writes). None decodes to the others, which no unit of the charset is. (Asking the
/// encoder about every character cost more than any other table at start-up: Big5's encoder
/// searches its index for each; the test `dense_tables_are_what_asking_the_encoder_of_every_
/// character_gives` holds the two ways equal.)
fn dense_entries_read_back(charset: Charset, encoding: &'static Encoding) -> Box<[u32]> {
    /// Marks a character several sequences decode to.
    const SEVERAL: u32 = u32::MAX;
    let size: usize = DENSE_BLOCKS
        .iter()
        .map(|&(first, last)| (last - first + 1) as usize)
        .sum();
    let mut entries = vec![0u32; size];
    let mark = |bytes: &[u8], entries: &mut Vec<u32>| {
        if let Some(i) = decode_lone_char(encoding, bytes).and_then(dense_index)
            && let Some(slot) = entries.get_mut(i)
        {
            *slot = if *slot == 0 && bytes.len() == 2 {
                dense_entry(bytes)
            } else {
                SEVERAL
            };
        }
    };
    for lead in 0x80u8..=0xFF {
        for trail in 0x30u8..=0xFF {
            mark(&[lead, trail], &mut entries);
        }
    }
    if encoding == encoding_rs::EUC_JP {
        for second in 0xA1u8..=0xFE {
            for third in 0xA1u8..=0xFE {
                mark(&[0x8F, second, third], &mut entries);
            }
        }
    }
    let mut encoder = encoding.new_encoder();
    let chars = DENSE_BLOCKS.iter().flat_map(|&(first, last)| first..=last);
    for (entry, cp) in entries.iter_mut().zip(chars) {
        if *entry == SEVERAL {
            *entry = char::from_u32(cp)
                .and_then(|ch| encode_one(charset, &mut encoder, ch))
                .filter(|&(_, len)| len <= 3)
                .map_or(0, |(bytes, len)| dense_entry(&bytes[..usize::from(len)]));
        }
    }
    entries.into_boxed_slice()
}

/// The one character `bytes` decode to in `encoding`, strictly (`None`: malformed, unmapped, or
/// more than one character), without the allocation of encoding_rs's one-shot decoders (the
/// tables made at start-up decode every two-byte sequence of each charset).
pub(crate) fn decode_lone_char(encoding: &'static Encoding, bytes: &[u8]) -> Option<char> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buf = [0u8; 16];
    let (result, read, written) = decoder.decode_to_utf8_without_replacement(bytes, &mut buf, true);
    if result != encoding_rs::DecoderResult::InputEmpty || read != bytes.len() {
        return None;
    }
    let text = std::str::from_utf8(buf.get(..written)?).ok()?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The bytes of `c` in a multi-byte charset, if they are exactly one unit of it.
fn encode_one(
    charset: Charset,
    encoder: &mut encoding_rs::Encoder,
    c: char,
) -> Option<([u8; 4], u8)> {
    let mut utf8 = [0u8; 4];
    let mut buf = [0u8; 8];
    let (result, _, written) =
        encoder.encode_from_utf8_without_replacement(c.encode_utf8(&mut utf8), &mut buf, false);
    let len = match result {
        // (The NEC-selected twin of an IBM extension: see `Charset::encode_strict`.)
        EncoderResult::InputEmpty
            if charset == Charset::SHIFT_JIS
                && written == 2
                && buf[0] >= 0xFA
                && let Some(nec) = sjis_nec_selected_bytes([buf[0], buf[1]]) =>
        {
            buf[..2].copy_from_slice(&nec);
            2
        }
        EncoderResult::InputEmpty => written,
        _ if charset == Charset::BIG5 && big5_hkscs_bytes(c).is_some() => {
            buf[..2].copy_from_slice(&big5_hkscs_bytes(c)?);
            2
        }
        _ => {
            // A byte the decoder reads alone but the encoder never writes (Shift_JIS 0x80 as
            // U+0080): encode it back from the decoder's own reading.
            buf[0] = lone_byte_of(charset, c)?;
            1
        }
    };
    // One character must be one unit of the charset, or the maps between the two readings break.
    if len == 0 || len > 4 || charset.unit_at(&buf[..len], 0) != Unit::Seq(len) {
        return None;
    }
    let mut bytes = [0u8; 4];
    bytes[..len].copy_from_slice(&buf[..len]);
    Some((bytes, len as u8))
}

/// A table per encoding, built on first use and kept for the life of the process (there are a
/// few dozen encodings at most).
type PerEncoding<T> = std::sync::OnceLock<std::sync::Mutex<Vec<(&'static Encoding, &'static T)>>>;

fn per_encoding<T: ?Sized>(
    tables: &'static PerEncoding<T>,
    encoding: &'static Encoding,
    build: impl FnOnce() -> Box<T>,
) -> &'static T {
    let tables = tables.get_or_init(|| std::sync::Mutex::new(Vec::new()));
    let mut guard = match tables.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some((_, t)) = guard.iter().find(|(e, _)| *e == encoding) {
        return t;
    }
    let table: &'static T = Box::leak(build());
    guard.push((encoding, table));
    table
}

/// The encode table (character → byte, sorted) of a single-byte encoding's upper half, from
/// what its decoder reads each byte as.
fn single_byte_table(encoding: &'static Encoding) -> &'static [(char, u8)] {
    static TABLES: PerEncoding<[(char, u8)]> = std::sync::OnceLock::new();
    per_encoding(&TABLES, encoding, || {
        let mut table: Vec<(char, u8)> = lone_bytes(encoding)
            .iter()
            .zip(0x80u8..=0xFF)
            .filter_map(|(c, b)| c.map(|c| (c, b)))
            .collect();
        table.sort_unstable();
        table.dedup_by_key(|(c, _)| *c);
        table.into_boxed_slice()
    })
}

/// What IBM437 reads byte `b` as.
fn cp437_char(b: u8) -> char {
    match b.checked_sub(0x80) {
        Some(i) => crate::tables::CP437_HIGH
            .get(usize::from(i))
            .copied()
            .unwrap_or('\u{FFFD}'),
        None => char::from(b),
    }
}

/// The IBM437 byte of `c`, if it has one.
fn cp437_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    let table = cp437_table();
    table
        .binary_search_by_key(&c, |&(ch, _)| ch)
        .ok()
        .map(|i| table[i].1)
}

/// IBM437's high half as (character, byte), sorted by character.
fn cp437_table() -> &'static [(char, u8)] {
    static TABLE: std::sync::OnceLock<Vec<(char, u8)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(char, u8)> = crate::tables::CP437_HIGH
            .iter()
            .copied()
            .zip(0x80u8..=0xFF)
            .collect();
        table.sort_unstable();
        table
    })
}

/// The byte 0x80..=0xFF that `charset` decodes, on its own, to `c`.
fn lone_byte_of(charset: Charset, c: char) -> Option<u8> {
    if u32::from(c) < 0x80 {
        return None;
    }
    lone_bytes(charset.encoding())
        .iter()
        .position(|&x| x == Some(c))
        .and_then(|i| u8::try_from(0x80 + i).ok())
}

/// What each byte 0x80..=0xFF decodes to on its own in `encoding` (`None`: malformed alone, or
/// more than one character), computed once per encoding.
fn lone_bytes(encoding: &'static Encoding) -> &'static [Option<char>; 128] {
    static TABLES: PerEncoding<[Option<char>; 128]> = std::sync::OnceLock::new();
    per_encoding(&TABLES, encoding, || {
        let mut table = [None; 128];
        for (slot, b) in table.iter_mut().zip(0x80u8..=0xFF) {
            *slot = decode_lone_char(encoding, &[b]);
        }
        Box::new(table)
    })
}

/// The Big5 bytes of a character only the HKSCS part of Big5 (lead bytes 0x87..=0xA0 and the
/// HKSCS rows above) maps, built once from encoding_rs's decoder: the first pair that decodes to
/// a character no pair of the encoder's range (lead 0xA1 and up) decodes to. (The encoder writes every character of its range, which asking it of
/// each pair showed at a tenth of the start-up cost; the test
/// `big5_hkscs_bytes_are_what_the_encoder_cannot_write` holds the two ways equal.)
fn big5_hkscs_bytes(c: char) -> Option<[u8; 2]> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static TABLE: OnceLock<HashMap<char, [u8; 2]>> = OnceLock::new();
    TABLE.get_or_init(big5_hkscs_table).get(&c).copied()
}

/// The Big5 trail bytes.
fn big5_trails() -> impl Iterator<Item = u8> {
    (0x40u8..=0x7E).chain(0xA1..=0xFE)
}

/// The table of [`big5_hkscs_bytes`].
fn big5_hkscs_table() -> std::collections::HashMap<char, [u8; 2]> {
    let pairs = || (0x81u8..=0xFE).flat_map(|lead| big5_trails().map(move |trail| [lead, trail]));
    let encodable: std::collections::HashSet<char> = pairs()
        .filter(|pair| pair[0] >= 0xA1)
        .filter_map(|pair| decode_lone_char(encoding_rs::BIG5, &pair))
        .collect();
    let mut map = std::collections::HashMap::new();
    for pair in pairs() {
        if let Some(ch) = decode_lone_char(encoding_rs::BIG5, &pair)
            && !encodable.contains(&ch)
        {
            map.entry(ch).or_insert(pair);
        }
    }
    map
}

/// The NEC-selected IBM extension bytes (rows 0xED and 0xEE) of Shift_JIS that the decoder reads
/// as the character the encoder writes as `ibm` (rows 0xFA..=0xFC), built once from encoding_rs.
fn sjis_nec_selected_bytes(ibm: [u8; 2]) -> Option<[u8; 2]> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static TABLE: OnceLock<HashMap<[u8; 2], [u8; 2]>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for lead in 0xEDu8..=0xEE {
            for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
                let pair = [lead, trail];
                let Some(text) = encoding_rs::SHIFT_JIS
                    .decode_without_bom_handling_and_without_replacement(&pair)
                else {
                    continue;
                };
                let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
                if !unmappable && bytes.len() == 2 && bytes[..] != pair {
                    map.entry([bytes[0], bytes[1]]).or_insert(pair);
                }
            }
        }
        map
    });
    table.get(&ibm).copied()
}

/// UTF-8 sequence structure, with the second-byte limits of RFC 3629 (no overlongs, surrogates or
/// code points above U+10FFFF).
pub(crate) fn utf8_unit(bytes: &[u8], i: usize) -> Unit {
    let b = bytes[i];
    let (len, lo, hi) = match b {
        0x00..=0x7F => return Unit::Seq(1),
        0xC2..=0xDF => (2, 0x80, 0xBF),
        0xE0 => (3, 0xA0, 0xBF),
        0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80, 0xBF),
        0xED => (3, 0x80, 0x9F),
        0xF0 => (4, 0x90, 0xBF),
        0xF1..=0xF3 => (4, 0x80, 0xBF),
        0xF4 => (4, 0x80, 0x8F),
        _ => return Unit::Bad(1),
    };
    for k in 1..len {
        let Some(&c) = bytes.get(i + k) else {
            return Unit::Bad(k);
        };
        let (l, h) = if k == 1 { (lo, hi) } else { (0x80, 0xBF) };
        if !(l..=h).contains(&c) {
            return Unit::Bad(k);
        }
    }
    Unit::Seq(len)
}

/// The character `seq` is, if it is exactly one well-formed UTF-8 sequence of two to four bytes
/// (what [`utf8_unit`] accepts, computed without a validation pass: the lost-byte search tries
/// dozens of fills per hole).
#[inline]
pub(crate) fn utf8_char(seq: &[u8]) -> Option<char> {
    let cont = |b: &u8| u32::from(b & 0x3F);
    let (cp, min) = match seq {
        [a @ 0xC2..=0xDF, b] => (u32::from(a & 0x1F) << 6 | cont(b), 0x80),
        [a @ 0xE0..=0xEF, b, c] => (u32::from(a & 0x0F) << 12 | cont(b) << 6 | cont(c), 0x800),
        [a @ 0xF0..=0xF4, b, c, d] => (
            u32::from(a & 0x07) << 18 | cont(b) << 12 | cont(c) << 6 | cont(d),
            0x1_0000,
        ),
        _ => return None,
    };
    // (Overlong forms fall below `min`; surrogates and what lies past U+10FFFF are no char.)
    if seq[1..].iter().any(|&b| b & 0xC0 != 0x80) || cp < min {
        return None;
    }
    char::from_u32(cp)
}

impl fmt::Debug for Charset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Charset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big5_hkscs_bytes_are_what_the_encoder_cannot_write() {
        let mut expected = std::collections::HashMap::new();
        for lead in 0x81u8..=0xFE {
            for trail in big5_trails() {
                let pair = [lead, trail];
                let Some(text) =
                    encoding_rs::BIG5.decode_without_bom_handling_and_without_replacement(&pair)
                else {
                    continue;
                };
                let mut chars = text.chars();
                if let (Some(ch), None) = (chars.next(), chars.next()) {
                    let (_, _, unmappable) = encoding_rs::BIG5.encode(&text);
                    if unmappable {
                        expected.entry(ch).or_insert(pair);
                    }
                }
            }
        }
        assert!(expected.len() > 1000);
        let table = big5_hkscs_table();
        // (Not the maps themselves: thousands of entries on failure.)
        let differing: Vec<_> = expected
            .iter()
            .filter(|&(c, pair)| table.get(c) != Some(pair))
            .take(5)
            .collect();
        assert!(differing.is_empty(), "{differing:?}");
        assert_eq!(table.len(), expected.len());
    }

    #[test]
    fn dense_tables_are_what_asking_the_encoder_of_every_character_gives() {
        for charset in Charset::LEGACY_CJK {
            let Inner::Whatwg(encoding) = charset.0 else {
                panic!("{charset:?} is no WHATWG charset");
            };
            let every = dense_entries(charset, encoding, |_| true);
            assert_eq!(dense_table(charset, encoding), &every[..], "{charset:?}");
        }
    }

    #[test]
    fn utf8_char_reads_what_std_reads() {
        let std_char = |seq: &[u8]| {
            let s = std::str::from_utf8(seq).ok()?;
            let mut chars = s.chars();
            chars.next().filter(|_| chars.next().is_none())
        };
        let mut seqs: Vec<Vec<u8>> = Vec::new();
        for a in 0x80..=0xFFu8 {
            for b in 0..=0xFFu8 {
                seqs.push(vec![a, b]);
            }
        }
        // Every lead with its boundary continuation bytes, and the leads with special ranges
        // (E0, ED, F0, F4) with every second byte.
        let edges = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF];
        for a in 0xC0..=0xFFu8 {
            let seconds: Vec<u8> = if matches!(a, 0xE0 | 0xED | 0xF0 | 0xF4) {
                (0..=0xFF).collect()
            } else {
                edges.to_vec()
            };
            for &b in &seconds {
                for &c in &edges {
                    seqs.push(vec![a, b, c]);
                    for &d in &edges {
                        seqs.push(vec![a, b, c, d]);
                    }
                }
            }
        }
        for seq in &seqs {
            assert_eq!(utf8_char(seq), std_char(seq), "{seq:02X?}");
        }
        assert_eq!(utf8_char("€".as_bytes()), Some('€'));
        assert_eq!(utf8_char("😀".as_bytes()), Some('😀'));
    }

    #[test]
    fn ibm437_reads_and_writes_every_byte() {
        let bytes: Vec<u8> = (0u8..=0xFF).collect();
        let mut text = String::new();
        assert!(Charset::IBM437.decode_strict(&bytes, &mut text));
        assert!(
            text.starts_with('\0')
                && text.contains("ÇüéâäàåçêëèïîìÄÅ")
                && text.ends_with("²■\u{A0}")
        );
        let mut back = Vec::new();
        assert_eq!(Charset::IBM437.encode_strict(&text, &mut back), Ok(()));
        assert_eq!(back, bytes);
        assert_eq!(Charset::IBM437.encode_strict("€", &mut back), Err(0));
    }

    #[test]
    fn shift_jis_writes_back_the_nec_selected_rows_it_reads() {
        // 嶸 is ED 98 (NEC-selected) and FB 5C (IBM); the decoder reads ED 98, the WHATWG encoder
        // writes FB 5C: a repair must get ED 98 back (the UTF-8 of 호 begins ED 98).
        let mut text = String::new();
        assert!(Charset::SHIFT_JIS.decode_strict(&[0xED, 0x98], &mut text));
        let mut out = Vec::new();
        assert_eq!(Charset::SHIFT_JIS.encode_strict(&text, &mut out), Ok(()));
        assert_eq!(out, [0xED, 0x98]);
        let mut encoder = CharEncoder::new(Charset::SHIFT_JIS);
        out.clear();
        assert!(encoder.encode_char(text.chars().next().unwrap_or('?'), &mut out));
        assert_eq!(out, [0xED, 0x98]);
        // Characters with no NEC-selected twin keep their bytes.
        out.clear();
        assert_eq!(Charset::SHIFT_JIS.encode_strict("日本", &mut out), Ok(()));
        assert_eq!(out, [0x93, 0xFA, 0x96, 0x7B]);
    }

    #[test]
    fn strict_encode_reports_the_first_unmappable_character() {
        let mut out = Vec::new();
        assert_eq!(Charset::GBK.encode_strict("我a한", &mut out), Err(4));
        assert_eq!(out, [0xCE, 0xD2, b'a']);
        out.clear();
        assert_eq!(Charset::LATIN_1.encode_strict("é€", &mut out), Err(2));
    }

    #[test]
    fn cp936_flavour_round_trips_euro_and_private_use() {
        let mut out = Vec::new();
        assert_eq!(Charset::GBK.encode_strict("€\u{E087}", &mut out), Ok(()));
        assert_eq!(out, [0x80, 0xAB, 0xCA]);
        let mut text = String::new();
        assert!(Charset::GBK.decode_strict(&out, &mut text));
        assert_eq!(text, "€\u{E087}");
    }

    #[test]
    fn units_follow_each_charset_structure() {
        assert_eq!(Charset::UTF_8.unit_at(&[0xE6, 0x88, 0x91], 0), Unit::Seq(3));
        assert_eq!(Charset::UTF_8.unit_at(&[0xE6, 0x88], 0), Unit::Bad(2));
        assert_eq!(Charset::UTF_8.unit_at(&[0xED, 0xA0, 0x80], 0), Unit::Bad(1));
        assert_eq!(Charset::GBK.unit_at(&[0xD4, 0x28], 0), Unit::Bad(1));
        assert_eq!(Charset::GBK.unit_at(&[0x82, 0x83], 0), Unit::Seq(2));
        assert_eq!(Charset::SHIFT_JIS.unit_at(&[0xB1], 0), Unit::Seq(1));
        assert_eq!(
            Charset::EUC_JP.unit_at(&[0x8F, 0xA1, 0xA1], 0),
            Unit::Seq(3)
        );
        assert_eq!(Charset::BIG5.unit_at(&[0xA4, 0x80], 0), Unit::Bad(1));
        assert_eq!(Charset::LATIN_1.unit_at(&[0x81], 0), Unit::Seq(1));
    }
}
