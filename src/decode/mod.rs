//! Bytes → text: BOM, the valid-UTF-8 fast path, declared charsets, detection, mixed input.
//!
//! The order of evidence:
//! 1. A byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE).
//! 2. Valid UTF-8 is UTF-8, whatever the page declares (pages declaring ISO-8859-1 while being
//!    UTF-8 are common), and is borrowed, not copied; unless it has NUL bytes in every other
//!    position, which makes it UTF-16 without a BOM (step 3).
//! 3. Otherwise a [`Plan`] is made from a bounded prefix ([`DETECTION_PREFIX`] bytes): UTF-16
//!    without a BOM (NUL bytes in every other position); UTF-8 with islands of legacy bytes (valid
//!    multi-byte UTF-8 sequences at least as frequent as invalid ones); or a legacy encoding,
//!    taken from the caller's hint or the document's declaration (`<meta>`, XML declaration) when
//!    that declaration decodes the prefix cleanly, else from chardetng.
//! 4. The plan is carried out with encoding_rs; islands in UTF-8 are decoded run by run with
//!    every UTF-8 sequence validated, so "café" in windows-1252 inside UTF-8 comes out right.

mod mixed;
pub(crate) mod prescan;

pub(crate) use mixed::decode_mixed;

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};

use crate::charset::{Charset, Unit, utf8_unit};
use crate::report::{Action, Step};

/// How many bytes the encoding decision looks at.
pub(crate) const DETECTION_PREFIX: usize = 64 * 1024;

/// The decision on how to decode a document.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Plan {
    /// A BOM of this many bytes names the charset.
    Bom(Charset, usize),
    /// UTF-8 throughout, with islands of another charset decoded as that charset.
    Mixed { island: Charset },
    /// One legacy charset; `guessed` when no BOM or declaration backed it.
    Whole { charset: Charset, guessed: bool },
}

/// The text decoded from bytes, and how.
pub(crate) struct Decoded<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) source: Charset,
    pub(crate) steps: Vec<Step>,
    /// The charset was guessed by detection (strict mode refuses that).
    pub(crate) guessed: bool,
    /// The text is not simply the input read as UTF-8.
    pub(crate) changed: bool,
}

/// Decodes `bytes`, with an optional declared charset from outside the document (HTTP header).
pub(crate) fn decode(bytes: &[u8], hint: Option<Charset>) -> Decoded<'_> {
    let may_be_utf16 = bytes[..bytes.len().min(1024)].contains(&0);
    if encoding_rs::Encoding::for_bom(bytes).is_none()
        && !may_be_utf16
        && let Ok(text) = simdutf8::basic::from_utf8(bytes)
    {
        return Decoded {
            text: Cow::Borrowed(text),
            source: Charset::UTF_8,
            steps: vec![decode_step(Charset::UTF_8, 0..bytes.len(), false)],
            guessed: false,
            changed: false,
        };
    }
    let plan = plan(bytes, hint);
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut steps = Vec::new();
    let (source, guessed) = match plan {
        Plan::Bom(charset, bom_len) => {
            let rest = bytes.get(bom_len..).unwrap_or(&[]);
            if charset.is_utf8() {
                mixed::decode_mixed(rest, bom_len, Charset::WINDOWS_1252, &mut text, &mut steps);
            } else {
                let lossy = decode_lossy(charset, rest, &mut text);
                steps.push(decode_step(charset, bom_len..bytes.len(), lossy));
            }
            (charset, false)
        }
        Plan::Mixed { island } => {
            mixed::decode_mixed(bytes, 0, island, &mut text, &mut steps);
            (Charset::UTF_8, false)
        }
        Plan::Whole { charset, guessed } => {
            let lossy = decode_lossy(charset, bytes, &mut text);
            steps.push(decode_step(charset, 0..bytes.len(), lossy));
            (charset, guessed)
        }
    };
    Decoded {
        text: Cow::Owned(text),
        source,
        steps,
        guessed,
        changed: true,
    }
}

pub(crate) fn decode_step(charset: Charset, range: std::ops::Range<usize>, lossy: bool) -> Step {
    Step {
        action: Action::Decode(charset),
        range,
        replacement: String::new(),
        lossy,
    }
}

/// Decodes `bytes` with `charset`, U+FFFD for malformed sequences; returns whether any occurred.
pub(crate) fn decode_lossy(charset: Charset, bytes: &[u8], out: &mut String) -> bool {
    if charset == Charset::LATIN_1 || charset == Charset::IBM437 {
        // Every byte is a character in both (encoding_rs has neither).
        charset.decode_strict(bytes, out);
        return false;
    }
    let (text, had_errors) = charset.encoding().decode_without_bom_handling(bytes);
    out.push_str(&text);
    had_errors
}

/// Makes the decoding [`Plan`] from the first [`DETECTION_PREFIX`] bytes of `bytes`.
pub(crate) fn plan(bytes: &[u8], hint: Option<Charset>) -> Plan {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return Plan::Bom(Charset::from_encoding(encoding), bom_len);
    }
    let whole = bytes.len() <= DETECTION_PREFIX;
    let prefix = &bytes[..bytes.len().min(DETECTION_PREFIX)];
    if let Some(utf16) = utf16_without_bom(prefix) {
        return Plan::Whole {
            charset: utf16,
            guessed: true,
        };
    }
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        // Valid UTF-8 with NUL bytes that did not look like UTF-16.
        return Plan::Mixed {
            island: Charset::WINDOWS_1252,
        };
    }
    let declared = hint
        .or_else(|| prescan::declared_charset(prefix))
        .filter(|c| *c != Charset::UTF_16LE && *c != Charset::UTF_16BE);
    let declared_legacy = declared.filter(|c| !c.is_utf8());
    let stats = Utf8Stats::of(prefix);
    if stats.invalid == 0 || (stats.multibyte > 0 && stats.multibyte >= stats.invalid) {
        let island = declared_legacy.unwrap_or_else(|| {
            let island_bytes = mixed::island_bytes(prefix);
            if island_bytes.is_empty() {
                Charset::WINDOWS_1252
            } else {
                detect(&island_bytes, true)
            }
        });
        return Plan::Mixed { island };
    }
    let guess = detect_with_model(prefix, whole);
    if let Some(declared) = declared_legacy {
        let clean_prefix = trim_to_line(prefix, whole);
        let declared_clean = decodes_cleanly(declared, clean_prefix);
        // A single-byte declaration accepts any bytes; a CJK guess that decodes cleanly is
        // stronger evidence than a label on a page that was saved in another encoding.
        let guess_beats_declaration = guess != declared
            && !guess.is_single_byte()
            && decodes_cleanly(guess, clean_prefix)
            && (declared.is_single_byte() || !declared_clean);
        if declared_clean && !guess_beats_declaration {
            return Plan::Whole {
                charset: declared,
                guessed: false,
            };
        }
    }
    Plan::Whole {
        charset: guess,
        guessed: true,
    }
}

/// Below this many bytes chardetng sees too little; its guess then competes with the common
/// legacy charsets under the plausibility model.
const SHORT_INPUT: usize = 16 * 1024;

/// chardetng's guess, checked on short inputs against the usual suspects: the charset whose
/// clean decoding the plausibility model prices lowest wins (chardetng's own guess gets a head
/// start, a decoding with errors pays for each).
fn detect_with_model(prefix: &[u8], whole: bool) -> Charset {
    let guess = detect(prefix, whole);
    if prefix.len() > SHORT_INPUT {
        return guess;
    }
    let candidates = [
        guess,
        Charset::GBK,
        Charset::BIG5,
        Charset::SHIFT_JIS,
        Charset::EUC_KR,
        Charset::EUC_JP,
        Charset::WINDOWS_1252,
        Charset::from_encoding(encoding_rs::WINDOWS_1251),
    ];
    let sample = trim_to_line(prefix, whole);
    let mut best = (u64::MAX, guess);
    for (i, charset) in candidates.into_iter().enumerate() {
        if i > 0 && charset == guess {
            continue;
        }
        let (text, _) = charset.encoding().decode_without_bom_handling(sample);
        let errors = text.matches('\u{FFFD}').count() as u64;
        let mut cost = u64::from(crate::score::text_cost(None, &text, None)) + 20 * errors;
        if i == 0 {
            cost = cost.saturating_sub(4);
        }
        if cost < best.0 {
            best = (cost, charset);
        }
    }
    best.1
}

fn detect(bytes: &[u8], last: bool) -> Charset {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, last);
    // No TLD: `guess` panics on a malformed one, and a document has none to offer.
    Charset::from_encoding(detector.guess(None, Utf8Detection::Deny))
}

fn decodes_cleanly(charset: Charset, bytes: &[u8]) -> bool {
    charset
        .encoding()
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
}

/// Cuts a prefix that is not the whole input back to its last line break, so a character split
/// by the cut does not count as an error.
fn trim_to_line(prefix: &[u8], whole: bool) -> &[u8] {
    if whole {
        return prefix;
    }
    match prefix.iter().rposition(|&b| b == b'\n') {
        Some(i) => &prefix[..=i],
        None => prefix,
    }
}

/// UTF-16 without a BOM: ASCII-heavy UTF-16 has NUL in every other byte.
fn utf16_without_bom(prefix: &[u8]) -> Option<Charset> {
    let sample = &prefix[..prefix.len().min(1024) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nul * 10 >= pairs * 6 && even_nul * 10 < pairs {
        Some(Charset::UTF_16LE)
    } else if even_nul * 10 >= pairs * 6 && odd_nul * 10 < pairs {
        Some(Charset::UTF_16BE)
    } else {
        None
    }
}

/// Counts of valid multi-byte UTF-8 sequences and malformed units in a byte string.
struct Utf8Stats {
    multibyte: usize,
    invalid: usize,
}

impl Utf8Stats {
    fn of(bytes: &[u8]) -> Utf8Stats {
        let mut stats = Utf8Stats {
            multibyte: 0,
            invalid: 0,
        };
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                i += 1;
                continue;
            }
            match utf8_unit(bytes, i) {
                Unit::Seq(n) => {
                    stats.multibyte += 1;
                    i += n;
                }
                Unit::Bad(n) => {
                    // A sequence cut by the end of the prefix is not evidence against UTF-8.
                    if i + n < bytes.len() {
                        stats.invalid += 1;
                    }
                    i += n;
                }
            }
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(charset: Charset, text: &str) -> Vec<u8> {
        let (bytes, _, _) = charset.encoding().encode(text);
        bytes.into_owned()
    }

    #[test]
    fn valid_utf8_is_borrowed() {
        let d = decode("中文 text".as_bytes(), Some(Charset::GBK));
        assert!(matches!(d.text, Cow::Borrowed("中文 text")));
        assert!(!d.changed);
    }

    #[test]
    fn bom_decides() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "中文".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None);
        assert_eq!(d.text, "中文");
        assert_eq!(d.source, Charset::UTF_16LE);
        let d = decode(b"\xEF\xBB\xBFabc", None);
        assert_eq!(d.text, "abc");
    }

    #[test]
    fn declared_gbk_is_used() {
        let mut page = b"<meta charset=gbk><p>".to_vec();
        page.extend(encode(Charset::GBK, "我们的中文网页"));
        let d = decode(&page, None);
        assert_eq!(d.source, Charset::GBK);
        assert!(!d.guessed);
        assert!(d.text.ends_with("我们的中文网页"));
    }

    #[test]
    fn a_wrong_single_byte_declaration_loses_to_a_clean_cjk_guess() {
        let mut page = b"<meta charset=iso-8859-1><p>".to_vec();
        page.extend(encode(
            Charset::GBK,
            "这是一个简体中文网页，我们在全市开展了干部作风建设活动。",
        ));
        let d = decode(&page, None);
        assert_eq!(d.source, Charset::GBK);
        assert!(d.text.contains("干部作风"));
    }

    #[test]
    fn undeclared_legacy_is_detected() {
        let cases = [
            (
                Charset::BIG5,
                "這是一個繁體中文的網頁，我們正在學習如何處理編碼。",
            ),
            (
                Charset::SHIFT_JIS,
                "これは日本語のウェブページです。文字コードを正しく判定します。",
            ),
            (
                Charset::EUC_KR,
                "이것은 한국어 웹 페이지입니다. 문자 인코딩을 올바르게 판단합니다.",
            ),
            (
                Charset::from_encoding(encoding_rs::WINDOWS_1251),
                "Это русская страница, и кодировка должна быть определена правильно.",
            ),
        ];
        for (charset, text) in cases {
            let bytes = encode(charset, text);
            let d = decode(&bytes, None);
            assert_eq!(d.source, charset, "{text}");
            assert_eq!(d.text, text);
            assert!(d.guessed);
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let mut bytes = Vec::new();
        for u in "hello, world".encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&bytes, None).text, "hello, world");
    }
}
