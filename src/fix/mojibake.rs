//! The mojibake search: find spans that are text in one charset decoded as another, and undo them.
//!
//! For every chain (actual, wrong) the text is cut into segments of characters the wrong charset
//! can encode. Each segment is re-encoded with the wrong charset, giving back the bytes the wrong
//! decoder saw, and those bytes are read again with the actual charset. Wherever that second
//! reading is well-formed, from a character boundary of the first reading to another, it is a
//! candidate repair. A candidate is taken when the plausibility model prices the repaired span
//! lower than the span as it stands, by more than the chain's prior (a fixed margin that rarer
//! chains must clear). Candidates of all chains compete; the best non-overlapping ones win. The
//! whole search repeats for as many layers as the configuration allows.
//!
//! Lost bytes: where the wrong decoder met a byte it could not decode it emitted '?' or U+FFFD.
//! When the actual reading breaks at such a character, the bytes it could have stood for are
//! enumerated (the structure of the actual charset and the bytes the wrong charset can lose leave
//! few) and the plausibility model picks one, if one is clearly best; otherwise U+FFFD stays and
//! the loss is reported.

use std::borrow::Cow;

use crate::charset::{Charset, Unit, utf8_unit};
use crate::edit::{Rewriter, apply};
use crate::report::{Action, Chain, Step};
use crate::score::{char_cost, text_cost};

/// A chain and its prior: the margin (in cost units) a repair along it must clear.
struct ChainSpec {
    chain: Chain,
    prior: i64,
}

const fn spec(actual: Charset, wrong: Charset, prior: i64) -> ChainSpec {
    ChainSpec {
        chain: Chain { actual, wrong },
        prior,
    }
}

macro_rules! single {
    ($e:ident) => {
        Charset::from_encoding(encoding_rs::$e)
    };
}

/// The chains searched, most common first (ties between equal repairs go to the earlier chain).
static CHAINS: &[ChainSpec] = &[
    spec(Charset::UTF_8, Charset::WINDOWS_1252, 3),
    spec(Charset::UTF_8, Charset::LATIN_1, 3),
    spec(Charset::UTF_8, Charset::GBK, 4),
    spec(Charset::UTF_8, Charset::BIG5, 5),
    spec(Charset::UTF_8, Charset::SHIFT_JIS, 4),
    spec(Charset::UTF_8, Charset::EUC_JP, 6),
    spec(Charset::UTF_8, Charset::EUC_KR, 5),
    spec(Charset::UTF_8, single!(WINDOWS_1251), 7),
    spec(Charset::UTF_8, single!(WINDOWS_1250), 4),
    spec(Charset::UTF_8, single!(ISO_8859_2), 5),
    spec(Charset::UTF_8, single!(WINDOWS_1253), 7),
    spec(Charset::UTF_8, single!(WINDOWS_1254), 4),
    spec(Charset::UTF_8, single!(WINDOWS_1255), 5),
    spec(Charset::UTF_8, single!(WINDOWS_1256), 5),
    spec(Charset::UTF_8, single!(WINDOWS_1257), 5),
    spec(Charset::UTF_8, single!(WINDOWS_1258), 5),
    spec(Charset::UTF_8, single!(MACINTOSH), 5),
    spec(Charset::UTF_8, single!(KOI8_R), 7),
    spec(Charset::UTF_8, single!(KOI8_U), 7),
    spec(Charset::UTF_8, single!(IBM866), 7),
    spec(Charset::UTF_8, single!(WINDOWS_874), 5),
    spec(Charset::GBK, Charset::WINDOWS_1252, 6),
    spec(Charset::GBK, Charset::LATIN_1, 6),
    spec(Charset::BIG5, Charset::WINDOWS_1252, 7),
    spec(Charset::BIG5, Charset::LATIN_1, 7),
    spec(Charset::SHIFT_JIS, Charset::WINDOWS_1252, 7),
    spec(Charset::SHIFT_JIS, Charset::LATIN_1, 7),
    spec(Charset::EUC_JP, Charset::WINDOWS_1252, 8),
    spec(Charset::EUC_JP, Charset::LATIN_1, 8),
    spec(Charset::EUC_KR, Charset::WINDOWS_1252, 8),
    spec(Charset::EUC_KR, Charset::LATIN_1, 8),
    spec(Charset::BIG5, Charset::GBK, 8),
    spec(Charset::GBK, Charset::BIG5, 8),
];

/// How much cheaper the best fill for a lost byte must be than the second best.
const RECOVERY_MARGIN: u32 = 3;
/// The most a recovered character may cost: only plausible characters are invented.
const RECOVERY_MAX_COST: u32 = 11;

/// One candidate repair of `range` (byte offsets in the text searched).
struct Candidate {
    range: std::ops::Range<usize>,
    replacement: String,
    chain: Chain,
    gain: i64,
    recovered: bool,
    lossy: bool,
}

/// Undoes up to `max_layers` layers of mojibake in `text`.
pub(crate) fn fix_mojibake<'t>(
    text: &'t str,
    max_layers: u8,
    steps: &mut Vec<Step>,
) -> Cow<'t, str> {
    let mut current = Cow::Borrowed(text);
    for _ in 0..max_layers {
        if current.is_ascii() {
            break;
        }
        let mut changed = false;
        current = apply(current, steps, |s, st| {
            let r = one_layer(s, st);
            changed = matches!(r, Cow::Owned(_));
            r
        });
        if !changed {
            break;
        }
    }
    current
}

fn one_layer<'t>(text: &'t str, steps: &mut Vec<Step>) -> Cow<'t, str> {
    let mut candidates = Vec::new();
    for spec in CHAINS {
        search_chain(text, spec, &mut candidates);
    }
    if candidates.is_empty() {
        return Cow::Borrowed(text);
    }
    // Best gain first; among equals, the earlier chain (stable sort keeps search order).
    candidates.sort_by_key(|c| std::cmp::Reverse(c.gain));
    let mut chosen: Vec<Candidate> = Vec::new();
    for cand in candidates {
        let overlaps = chosen
            .iter()
            .any(|c| c.range.start < cand.range.end && cand.range.start < c.range.end);
        if !overlaps {
            chosen.push(cand);
        }
    }
    chosen.sort_by_key(|c| c.range.start);
    let mut rw = Rewriter::new(text);
    for c in &chosen {
        let action = if c.recovered {
            Action::RecoveredBytes(c.chain)
        } else {
            Action::Mojibake(c.chain)
        };
        rw.replace(c.range.clone(), &c.replacement, action, c.lossy);
    }
    rw.finish(steps)
}

/// Characters a single-byte charset can never encode: a cheap test that spares the encoder.
fn surely_unencodable(wrong: Charset, c: char) -> bool {
    wrong.is_single_byte() && c >= '\u{2600}' && c != '\u{FFFD}'
}

/// Finds the candidates of one chain in `text`.
fn search_chain(text: &str, spec: &ChainSpec, out: &mut Vec<Candidate>) {
    let wrong = spec.chain.wrong;
    let mut seg = Segment::default();
    let mut pos = 0;
    while pos < text.len() {
        // Skip characters that cannot start a segment.
        let rest = &text[pos..];
        let Some(c) = rest.chars().next() else { break };
        if c == '\n' || surely_unencodable(wrong, c) {
            pos += c.len_utf8();
            continue;
        }
        let consumed = seg.encode(wrong, text, pos);
        if consumed == 0 {
            pos += c.len_utf8();
            continue;
        }
        if seg.has_non_ascii {
            scan_segment(text, &seg, spec, out);
        }
        pos += consumed;
    }
}

/// A stretch of text re-encoded with the wrong charset, with the map between the two.
#[derive(Default)]
struct Segment {
    /// The bytes the wrong decoder saw.
    bytes: Vec<u8>,
    /// Byte offset (in `bytes`) where each character of the wrong reading starts, plus the end.
    byte_at: Vec<usize>,
    /// Text offset where each character starts, plus the end.
    text_at: Vec<usize>,
    /// Offsets in `bytes` that were '?' or U+FFFD in the text (both stand there as b'?').
    wildcards: Vec<usize>,
    /// Offsets in `bytes` that were U+FFFD: they read as U+FFFD again unless a lost byte is
    /// recovered, never as the placeholder '?'.
    replacement_chars: Vec<usize>,
    has_non_ascii: bool,
}

impl Segment {
    /// Encodes from `text[start..]` up to the first character `wrong` cannot encode or a line
    /// break; returns the number of text bytes taken.
    fn encode(&mut self, wrong: Charset, text: &str, start: usize) -> usize {
        self.bytes.clear();
        self.byte_at.clear();
        self.text_at.clear();
        self.wildcards.clear();
        self.replacement_chars.clear();
        self.has_non_ascii = false;
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let mut pos = start;
        let mut buf = [0u8; 4];
        while pos < line_end {
            let Some(c) = text[pos..].chars().next() else {
                break;
            };
            let before = self.bytes.len();
            if c == '\u{FFFD}' {
                self.wildcards.push(before);
                self.replacement_chars.push(before);
                self.bytes.push(b'?');
            } else if c.is_ascii() {
                if c == '?' {
                    self.wildcards.push(before);
                }
                self.bytes.push(c as u8);
            } else {
                if surely_unencodable(wrong, c)
                    || wrong
                        .encode_strict(c.encode_utf8(&mut buf), &mut self.bytes)
                        .is_err()
                {
                    self.bytes.truncate(before);
                    break;
                }
                // One character must be one unit of the wrong charset, or the map breaks.
                if wrong.unit_at(&self.bytes, before) != Unit::Seq(self.bytes.len() - before) {
                    self.bytes.truncate(before);
                    break;
                }
                self.has_non_ascii = true;
            }
            self.byte_at.push(before);
            self.text_at.push(pos);
            pos += c.len_utf8();
        }
        self.byte_at.push(self.bytes.len());
        self.text_at.push(pos);
        pos - start
    }
}

/// The state of the run of well-formed actual-charset text being read.
struct Run {
    /// Index (into the segment's character maps) where the run starts.
    start: usize,
    decoded: String,
    recovered: bool,
    lossy: bool,
    /// The last point where both readings were at a character boundary: (character index,
    /// decoded length, recovered, lossy) at that point.
    last_common: (usize, usize, bool, bool),
}

/// Reads the segment's bytes in the actual charset and emits a candidate per maximal run.
fn scan_segment(text: &str, seg: &Segment, spec: &ChainSpec, out: &mut Vec<Candidate>) {
    let actual = spec.chain.actual;
    let bytes = &seg.bytes;
    let n = bytes.len();
    let mut k = 0;
    let mut i = 0;
    let mut run: Option<Run> = None;
    loop {
        while seg.byte_at[k] < i {
            k += 1;
        }
        if seg.byte_at[k] == i {
            match &mut run {
                None => {
                    run = Some(Run {
                        start: k,
                        decoded: String::new(),
                        recovered: false,
                        lossy: false,
                        last_common: (k, 0, false, false),
                    })
                }
                Some(r) => r.last_common = (k, r.decoded.len(), r.recovered, r.lossy),
            }
        }
        if i >= n {
            break;
        }
        let prev_char = run.as_ref().and_then(|r| r.decoded.chars().next_back());
        match read_unit(actual, spec.chain.wrong, seg, i, prev_char) {
            Read::Ok {
                len,
                text: piece,
                recovered,
                lossy,
            } => {
                if let Some(r) = &mut run {
                    r.decoded.push_str(&piece);
                    r.recovered |= recovered;
                    r.lossy |= lossy;
                }
                i += len;
            }
            Read::Bad(len) => {
                if let Some(r) = run.take() {
                    finish_run(text, seg, spec, r, out);
                }
                i += len.max(1);
            }
        }
    }
    if let Some(r) = run.take() {
        finish_run(text, seg, spec, r, out);
    }
}

enum Read {
    Ok {
        len: usize,
        text: String,
        recovered: bool,
        lossy: bool,
    },
    Bad(usize),
}

/// Reads the character of `actual` at `bytes[i]`, recovering a lost byte where a wildcard
/// stands in the way of an otherwise well-formed UTF-8 sequence.
fn read_unit(actual: Charset, wrong: Charset, seg: &Segment, i: usize, prev: Option<char>) -> Read {
    let bytes = &seg.bytes;
    if seg.replacement_chars.binary_search(&i).is_ok() {
        return Read::Ok {
            len: 1,
            text: "\u{FFFD}".to_owned(),
            recovered: false,
            lossy: true,
        };
    }
    match actual.unit_at(bytes, i) {
        Unit::Seq(len) => {
            let mut piece = String::new();
            if actual.decode_strict(&bytes[i..i + len], &mut piece) {
                Read::Ok {
                    len,
                    text: piece,
                    recovered: false,
                    lossy: false,
                }
            } else {
                Read::Bad(1)
            }
        }
        Unit::Bad(have) if actual.is_utf8() && seg.wildcards.binary_search(&(i + have)).is_ok() => {
            recover_utf8(wrong, seg, i, prev).unwrap_or(Read::Bad(have))
        }
        Unit::Bad(len) => Read::Bad(len),
    }
}

/// A UTF-8 sequence starting at `i` whose byte `i + have` is a wildcard: every byte of the
/// sequence after the lead is either a continuation byte that is there or a wildcard; each
/// wildcard is tried with every byte the wrong charset could have lost (at most two wildcards).
fn recover_utf8(wrong: Charset, seg: &Segment, i: usize, prev: Option<char>) -> Option<Read> {
    let bytes = &seg.bytes;
    let need = match bytes[i] {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let seq_bytes = bytes.get(i..i + need)?;
    let mut holes = Vec::with_capacity(2);
    for (k, &b) in seq_bytes.iter().enumerate().skip(1) {
        if seg.wildcards.binary_search(&(i + k)).is_ok() {
            holes.push(k);
        } else if !(0x80..=0xBF).contains(&b) {
            return None;
        }
    }
    if holes.is_empty() || holes.len() > 2 {
        return None;
    }
    let fills: Vec<u8> = (0x80u8..=0xBF)
        .filter(|&b| wrong.may_lose_byte(b))
        .collect();
    let mut best: Option<(u32, char)> = None;
    let mut second = u32::MAX;
    let mut seq = seq_bytes.to_vec();
    let combos = fills.len().pow(holes.len() as u32);
    for n in 0..combos {
        let mut rest = n;
        for &k in &holes {
            seq[k] = fills[rest % fills.len()];
            rest /= fills.len();
        }
        let Unit::Seq(_) = utf8_unit(&seq, 0) else {
            continue;
        };
        let Some(c) = std::str::from_utf8(&seq)
            .ok()
            .and_then(|s| s.chars().next())
        else {
            continue;
        };
        let cost = char_cost(c).0 + prev.map_or(0, |p| text_cost(Some(p), "", Some(c)));
        match best {
            Some((b, _)) if cost >= b => second = second.min(cost),
            _ => {
                if let Some((b, _)) = best {
                    second = second.min(b);
                }
                best = Some((cost, c));
            }
        }
    }
    let (cost, c) = best?;
    let confident = cost <= RECOVERY_MAX_COST && second.saturating_sub(cost) >= RECOVERY_MARGIN;
    Some(if confident {
        Read::Ok {
            len: need,
            text: c.to_string(),
            recovered: true,
            lossy: false,
        }
    } else {
        Read::Ok {
            len: need,
            text: "\u{FFFD}".to_owned(),
            recovered: false,
            lossy: true,
        }
    })
}

fn is_cjk_legacy(charset: Charset) -> bool {
    [
        Charset::GBK,
        Charset::GB18030,
        Charset::BIG5,
        Charset::SHIFT_JIS,
        Charset::EUC_JP,
        Charset::EUC_KR,
    ]
    .contains(&charset)
}

/// Extra cost of a character in a repair along `chain`, for what the chain makes unlikely: a
/// CJK decoder was wrong mostly because the text was CJK, so UTF-8 that turns out to be
/// Cyrillic or accented Latin needs more evidence; kana in Chinese or Korean, Hanja in Korean
/// and Cyrillic or Greek out of a CJK charset are rare in real text.
fn foreign_penalty(chain: Chain, c: char) -> u32 {
    let cp = u32::from(c);
    let letter_outside_cjk = (0xC0..0x800).contains(&cp) && c.is_alphabetic();
    let kana = (0x3041..=0x30FF).contains(&cp) || (0xFF65..=0xFF9F).contains(&cp);
    let han = (0x4E00..=0x9FFF).contains(&cp);
    if chain.actual.is_utf8() {
        return if is_cjk_legacy(chain.wrong) && letter_outside_cjk {
            4
        } else {
            0
        };
    }
    // Almost any pair of high bytes is a character in a legacy CJK charset, so a well-formed
    // reading there is weaker evidence than well-formed UTF-8: each character pays for it.
    let mut penalty = if c.is_ascii() || !chain.wrong.is_single_byte() {
        0
    } else {
        3
    };
    if letter_outside_cjk {
        penalty += 4;
    }
    if kana && [Charset::GBK, Charset::BIG5, Charset::EUC_KR].contains(&chain.actual) {
        penalty += 5;
    }
    if han && chain.actual == Charset::EUC_KR {
        penalty += 3;
    }
    penalty
}

/// The cost from which a Han character counts as rare (GB2312 level 2, Big5 less frequent and
/// rarer).
const RARE_HAN_COST: u32 = 15;

/// Extra cost of a character in the text as a wrong CJK decoder left it, when that text also
/// holds rare Han characters: kana among rare Han in what a Chinese or Korean decoder produced
/// is the fingerprint of that decoder being wrong (clean katakana words are left alone).
fn wrong_side_penalty(chain: Chain, c: char) -> u32 {
    let cp = u32::from(c);
    let kana = (0x3041..=0x30FF).contains(&cp);
    match chain.wrong {
        w if (w == Charset::GBK || w == Charset::BIG5 || w == Charset::EUC_KR) && kana => 4,
        _ => 0,
    }
}

/// Turns a finished run into a candidate if it is a repair worth making.
fn finish_run(text: &str, seg: &Segment, spec: &ChainSpec, run: Run, out: &mut Vec<Candidate>) {
    let (end_k, decoded_len, recovered, lossy) = run.last_common;
    if end_k <= run.start {
        return;
    }
    let range = seg.text_at[run.start]..seg.text_at[end_k];
    let original = &text[range.clone()];
    let Some(replacement) = run.decoded.get(..decoded_len) else {
        return;
    };
    if original == replacement || original.is_ascii() {
        return;
    }
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let foreign: u32 = replacement
        .chars()
        .map(|c| foreign_penalty(spec.chain, c))
        .sum();
    let rare_han = original.chars().any(|c| {
        let (cost, script) = char_cost(c);
        script == crate::score::Script::Han && cost >= RARE_HAN_COST
    });
    let suspicious: u32 = if rare_han {
        original
            .chars()
            .map(|c| wrong_side_penalty(spec.chain, c))
            .sum()
    } else {
        0
    };
    let gain = i64::from(text_cost(before, original, after) + suspicious)
        - i64::from(text_cost(before, replacement, after) + foreign)
        - spec.prior;
    if gain > 0 {
        out.push(Candidate {
            range,
            replacement: replacement.to_owned(),
            chain: spec.chain,
            gain,
            recovered,
            lossy,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn garble(text: &str, actual: Charset, wrong: Charset) -> String {
        let mut bytes = Vec::new();
        actual.encode_strict(text, &mut bytes).unwrap();
        let mut out = String::new();
        crate::decode::decode_lossy(wrong, &bytes, &mut out);
        out
    }

    fn fix(text: &str) -> String {
        fix_mojibake(text, 3, &mut Vec::new()).into_owned()
    }

    #[test]
    fn utf8_read_as_gbk() {
        assert_eq!(garble("我们", Charset::UTF_8, Charset::GBK), "鎴戜滑");
        assert_eq!(fix("鎴戜滑"), "我们");
        let sentence = "他说：我们是最好的朋友。";
        let garbled = format!(
            "他说：{}",
            garble("我们是最好的朋友", Charset::UTF_8, Charset::GBK)
        ) + "。";
        assert_eq!(fix(&garbled), sentence);
    }

    #[test]
    fn legacy_read_as_cp1252() {
        assert_eq!(fix("ÎÒÃÇ"), "我们");
        assert_eq!(fix("cafÃ©"), "café");
    }

    #[test]
    fn lost_byte_without_a_clear_best_stays_replacement_character() {
        let garbled = garble("我们的", Charset::UTF_8, Charset::GBK);
        assert!(garbled.ends_with('\u{FFFD}'), "{garbled}");
        let fixed = fix(&garbled);
        assert_eq!(
            fixed, "我们\u{FFFD}",
            "的 competes with 目, 直, 相: no clear best, U+FFFD stays"
        );
        let garbled = garble("发送成功", Charset::UTF_8, Charset::GBK);
        assert_eq!(garbled, "鍙戦€佹垚鍔\u{FFFD}");
    }

    #[test]
    fn clean_text_is_untouched() {
        for s in [
            "我们",
            "中文",
            "學習",
            "日本語のテキスト",
            "한국어",
            "café crème",
            "Привет",
        ] {
            assert_eq!(fix(s), s);
        }
    }
}
