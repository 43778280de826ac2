//! Pages pushed through an SEO rewriter: single-character pinyin annotations ("學(xué)") inserted
//! by byte-level search and replace over GBK, and the damage that did where a match straddled two
//! characters ("們?cè)谌\u{E087}虚_展" for 們在全市開展).
//!
//! Nothing here knows any page. The mechanism:
//!
//! 1. **Fingerprint.** "X(py)" where py is the first Mandarin reading of the Han character X
//!    (Unihan kMandarin), used consistently: at least [`MIN_ANNOTATIONS`] annotations of at least
//!    [`MIN_ANNOTATED_CHARS`] characters, and nearly every occurrence of an annotated character
//!    annotated. A textbook's "你好(nǐ hǎo)" or a dictionary entry's gloss does not qualify.
//! 2. **Byte stream.** Each damaged line is turned back into the GBK bytes the rewriter's decoder
//!    saw: characters re-encoded (cp936 flavour, private use ↔ user-defined area), annotations
//!    removed, and every '?' the decoder left for a lone byte turned into a hole. Fullwidth
//!    punctuation the rewriter folded to ASCII (，→ , at the byte level) is unfolded where it
//!    touches a hole, and, when punctuation restoration is on, everywhere inside Chinese text.
//!    ASCII in a misaligned run may be a GBK character the rewriter's NFKC step folded (Ｓ → S,
//!    ⒎ → "7."): each such reading is a question too, as is an annotation after bytes that read
//!    as its character.
//! 3. **Lost bytes.** A '?' directly followed by an orphaned reading "py)" is a needle that
//!    matched the trail byte of the character before and the lead byte of the next: the lost byte
//!    is one that makes (that trail byte, lost byte) a character whose reading is py, the likeliest
//!    where several do (and, for two such needles in a row, the likeliest pair). Other holes are
//!    filled by the character that the document itself makes most plausible (its own unigram and
//!    bigram counts, then the general model), or stay U+FFFD; two holes in a row are filled
//!    together. A byte the decoder swallowed after a lone one (an ASCII byte below 0x40) is the
//!    one the document writes after the character the lone byte completes, where it clearly
//!    writes one (the line break after 。); otherwise it is gone, and the line is reported lossy.
//! 4. **Decode.** The repaired stream is decoded again as GBK: the misaligned run after each
//!    damaged spot falls back into place by itself. Which reading each question takes is a greedy
//!    search, questions of one misaligned run together, each trial scored on a window around it
//!    (linear in the line, however many questions it has).

use std::borrow::Cow;
use std::collections::HashMap;

use super::docmodel::{DocumentModel, LOST_SCORE};
use crate::charset::Charset;
use crate::edit::Rewriter;
use crate::report::{Action, Step};
use crate::tables;

/// Fewest annotations that make a fingerprint.
const MIN_ANNOTATIONS: usize = 8;
/// Fewest distinct annotated characters that make a fingerprint.
const MIN_ANNOTATED_CHARS: usize = 4;
/// How much of the document the fingerprint and the document model look at (the same prefix
/// in one-shot and streaming use).
pub(crate) const FINGERPRINT_PREFIX: usize = 256 * 1024;

/// The first Mandarin reading of a BMP ideograph (Unihan kMandarin).
pub(crate) fn reading(c: char) -> Option<&'static str> {
    let cp = u32::from(c);
    let index = cp.checked_sub(tables::READING_START)?;
    let syllable = *tables::READING.get(index as usize)?;
    let i = usize::from(syllable).checked_sub(1)?;
    tables::SYLLABLES.get(i).copied()
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase()
        || matches!(
            c,
            'ā' | 'á'
                | 'ǎ'
                | 'à'
                | 'ē'
                | 'é'
                | 'ě'
                | 'è'
                | 'ī'
                | 'í'
                | 'ǐ'
                | 'ì'
                | 'ō'
                | 'ó'
                | 'ǒ'
                | 'ò'
                | 'ū'
                | 'ú'
                | 'ǔ'
                | 'ù'
                | 'ǖ'
                | 'ǘ'
                | 'ǚ'
                | 'ǜ'
                | 'ü'
                | 'ê'
                | 'ń'
                | 'ň'
                | 'ǹ'
                | 'ḿ'
                | 'ɑ'
                | 'ɡ'
        )
}

fn is_han(c: char) -> bool {
    matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// A pinyin syllable of 1..=7 letters at the start of `s`, followed by ')': its length in bytes
/// (without the parenthesis).
pub(crate) fn syllable_then_paren(s: &str) -> Option<usize> {
    let mut len = 0;
    for (n, c) in s.chars().enumerate() {
        if c == ')' {
            return (n > 0).then_some(len);
        }
        if n >= 7 || !is_pinyin_letter(c) {
            return None;
        }
        len += c.len_utf8();
    }
    None
}

/// An orphaned reading at the start of `rest`, the text after a lost byte's '?': "py)", or
/// "(py)" where the decoder kept the '('. The length of what precedes the syllable (0 or 1) and
/// the syllable's length, in bytes.
fn orphaned_reading(rest: &str) -> Option<(usize, usize)> {
    match rest.strip_prefix('(') {
        Some(after) => syllable_then_paren(after).map(|len| (1, len)),
        None => syllable_then_paren(rest).map(|len| (0, len)),
    }
}

/// The fingerprint of the rewriter: which characters it annotated, with which reading.
pub(crate) struct Fingerprint {
    /// Needle characters by their reading, as observed intact in the document.
    needles_by_reading: HashMap<&'static str, Vec<char>>,
    model: DocumentModel,
}

/// Looks for the fingerprint in the first [`FINGERPRINT_PREFIX`] bytes of `text`.
pub(crate) fn detect(text: &str) -> Option<Fingerprint> {
    if !text.contains(')') {
        return None;
    }
    let prefix = super::head_of(text);
    let mut annotated: HashMap<char, usize> = HashMap::new();
    let mut needles_by_reading: HashMap<&'static str, Vec<char>> = HashMap::new();
    let mut total = 0;
    let mut prev: Option<char> = None;
    for (i, c) in prefix.char_indices() {
        if c == '('
            && let (Some(x), Some(len)) = (prev, syllable_then_paren(&prefix[i + 1..]))
        {
            let py = &prefix[i + 1..i + 1 + len];
            if let Some(r) = reading(x).filter(|r| *r == py) {
                *annotated.entry(x).or_default() += 1;
                total += 1;
                let list = needles_by_reading.entry(r).or_default();
                if !list.contains(&x) {
                    list.push(x);
                }
            }
        }
        prev = Some(c);
    }
    if total < MIN_ANNOTATIONS || annotated.len() < MIN_ANNOTATED_CHARS {
        return None;
    }
    // Consistency: the rewriter annotates every occurrence of its needles.
    let occurrences: usize = prefix.chars().filter(|c| annotated.contains_key(c)).count();
    if total * 10 < occurrences * 9 {
        return None;
    }
    Some(Fingerprint {
        needles_by_reading,
        model: DocumentModel::of_folded(prefix),
    })
}

/// One element of a reconstructed GBK byte stream.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Item {
    Byte(u8),
    /// A byte the decoder lost ('?' in the text), with the index of the bytes it may be (the
    /// candidates a needle rule leaves) or `None` for any byte.
    Hole(Option<usize>),
    /// A character GBK cannot hold; passed through.
    Opaque(char),
    /// An ASCII byte the decoder swallowed after a lone byte: restored where the document
    /// clearly says what follows the character it ends ([`DocumentModel::swallowed_after`]).
    Swallowed,
}

/// Whether `c` is ASCII punctuation the rewriter folds from its fullwidth form (，→ , at the
/// byte level).
pub(crate) fn is_folded_punctuation(c: char) -> bool {
    matches!(c, ',' | ';' | '?' | ':' | '!' | '(' | ')')
}

/// The fullwidth form (U+FF01–FF5E) of printable ASCII `c`.
pub(crate) fn fullwidth(c: char) -> char {
    char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c)
}

/// The GBK bytes of the fullwidth form of punctuation the rewriter folded: GBK's A3 row is the
/// fullwidth ASCII (，is A3 AC).
fn fullwidth_of(c: char) -> Option<[u8; 2]> {
    is_folded_punctuation(c).then_some([0xA3, c as u8 | 0x80])
}

fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(u32::from(c), 0x3000..=0x303F | 0xFF01..=0xFF60 | 0x2018..=0x201D | 0x2026)
}

/// Repairs a fingerprinted document line by line.
pub(crate) fn repair<'t>(
    text: &'t str,
    fp: &Fingerprint,
    restore_punctuation: bool,
    unescape_html: bool,
    steps: &mut Vec<Step>,
) -> Cow<'t, str> {
    let mut rw = Rewriter::new(text);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let body = line.strip_suffix('\n').unwrap_or(line);
        if let Some((fixed, action, lossy)) =
            repair_line(body, fp, restore_punctuation, unescape_html)
        {
            rw.replace(start..start + body.len(), &fixed, action, lossy);
        }
        start = end;
    }
    rw.finish(steps)
}

/// The most questions tried together in one step of the greedy search.
const MAX_GROUP: usize = 3;
/// How many characters a group of three questions may span.
const TIGHT_GROUP_SPAN: usize = 4;

/// How many characters before the first question of a trial its score looks at.
const TRIAL_BEFORE: usize = 200;
/// How many characters after the last question of a trial its score looks at.
const TRIAL_AFTER: usize = 160;

/// The reading each question takes, for [`decode_line`]: `positions` of the questions in the
/// line's characters, `choice` for each, and where the characters decoded start (`offset`; a
/// trial decodes a window of the line).
struct Readings<'a> {
    positions: &'a [usize],
    choice: &'a [Question],
    offset: usize,
}

impl Readings<'_> {
    /// The reading of the question at character `k` of the window, if there is one.
    fn at(&self, k: usize) -> Option<Question> {
        let q = self.positions.binary_search(&(k + self.offset)).ok()?;
        self.choice.get(q).copied()
    }
}

/// What a '?' in the text stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Question {
    /// A lone byte the decoder replaced (followed by `eaten`, an ASCII byte it swallowed).
    Lost { eaten: Option<u8> },
    /// A fullwidth ？ folded to ASCII.
    Folded,
    /// A question mark, or any other character as it stands.
    Literal,
    /// `len` ASCII characters that were one GBK character before NFKC folded it (`bytes`): in a
    /// misaligned run, a trail byte and the next lead byte decode to a fullwidth form (A3 row:
    /// Ｓ), №, ⒎ (7.), ① or Ⅻ often enough.
    Compat { bytes: [u8; 2], len: usize },
}

/// The GBK characters that NFKC turns into a different run of printable ASCII (fullwidth forms,
/// № → No, ⒎ → 7., ① → 1, Ⅻ → XII, … → ...), by that run: what a misaligned run may have
/// decoded to before the rewriter's NFKC step.
fn compat_ascii() -> &'static HashMap<String, Vec<[u8; 2]>> {
    static TABLE: std::sync::OnceLock<HashMap<String, Vec<[u8; 2]>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        use unicode_normalization::UnicodeNormalization;
        let mut table: HashMap<String, Vec<[u8; 2]>> = HashMap::new();
        let mut text = String::new();
        // The symbol rows: letters of other scripts (A4–A9) have no ASCII decomposition.
        for lead in 0xA1..=0xA3u8 {
            for trail in 0xA1..=0xFEu8 {
                text.clear();
                if !Charset::GBK.decode_strict(&[lead, trail], &mut text) {
                    continue;
                }
                let folded: String = text.nfkc().collect();
                let printable = !folded.is_empty()
                    && folded.len() <= MAX_COMPAT_LEN
                    && folded.bytes().all(|b| b.is_ascii_graphic());
                if printable && folded != text {
                    table.entry(folded).or_default().push([lead, trail]);
                }
            }
        }
        table
    })
}

/// The longest ASCII run one GBK character folds to under NFKC (⒇ is "(20)").
const MAX_COMPAT_LEN: usize = 4;

fn repair_line(
    line: &str,
    fp: &Fingerprint,
    restore_punctuation: bool,
    unescape_html: bool,
) -> Option<(String, Action, bool)> {
    let has_work = line.contains(['(', '?'])
        || (restore_punctuation && line.contains([',', ';', ':', '!', ')']));
    if !has_work {
        return None;
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    // First pass: the default reading of every '?'; then each ambiguous one is tried both ways.
    let mut questions: Vec<(usize, Vec<Question>)> = Vec::new();
    let mut last_question: Option<usize> = None;
    // The end of an orphaned reading "?py)": its letters are the reading, not text.
    let mut reading_end = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c != '?' && k < reading_end {
            continue;
        }
        if c != '?' {
            // ASCII right after a lost byte, between non-ASCII characters, may be a fullwidth
            // form that NFKC folded: the misaligned run goes on through it.
            let near = last_question.is_some_and(|q| k - q <= 12);
            // A folded character ends its ASCII run, unless the run is a few characters
            // between non-ASCII ones: then each may be one ("?!OM" for 担。希望: Ｏ and Ｍ in a
            // row), the first after a wide character, the next after a folded one.
            let run_len = chars[k..]
                .iter()
                .take_while(|&&(_, r)| r.is_ascii_graphic() && !matches!(r, '?' | '(' | ')'))
                .count();
            let sandwiched = run_len <= MAX_COMPAT_LEN
                && chars.get(k + run_len).is_none_or(|&(_, n)| !n.is_ascii());
            let prev_folded = sandwiched
                && questions.last().is_some_and(|&(at, ref options)| {
                    at + 1 == k && options.iter().any(|o| matches!(o, Question::Compat { .. }))
                });
            // After a wide character, a fold straddling the lost byte and the next character
            // ("?!" for B3 | A3 A1), or a folded character.
            let prev_wide = k > 0 && matches!(chars[k - 1].1, ')' | '?' | '\u{80}'..)
                || k > 1 && chars[k - 2].1 == '?' && fullwidth_of(chars[k - 1].1).is_some()
                || prev_folded;
            if near && prev_wide && c.is_ascii_graphic() && !matches!(c, '(' | ')') {
                let ends_word = |n: Option<&(usize, char)>| {
                    sandwiched || n.is_none_or(|&(_, n)| !n.is_ascii_alphanumeric())
                };
                let mut options = vec![Question::Literal];
                for len in 1..=MAX_COMPAT_LEN.min(chars.len() - k) {
                    let run = &chars[k..k + len];
                    if len > 1 && run.iter().any(|&(_, r)| !r.is_ascii_graphic() || r == '?') {
                        break;
                    }
                    if !ends_word(chars.get(k + len)) {
                        continue;
                    }
                    let text = &line[i..i + len];
                    for &bytes in compat_ascii().get(text).into_iter().flatten() {
                        options.push(Question::Compat { bytes, len });
                    }
                }
                if options.len() > 1 {
                    questions.push((k, options));
                }
            }
            continue;
        }
        let last_before = last_question.replace(k);
        let prev = prev_content_char(&chars, line, k);
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let rest = &line[i + 1..];
        let mut options = Vec::new();
        if let Some((paren, len)) = orphaned_reading(rest) {
            reading_end = k + 1 + paren + rest[paren..paren + len].chars().count() + 1;
            options.push(Question::Lost { eaten: None });
        } else if entity_after(rest).is_some() {
            options.push(Question::Lost { eaten: Some(b'&') });
        } else {
            let cjk_prev = prev.is_some_and(|p| !p.is_ascii() || p == '?');
            if next.is_some_and(|n| fullwidth_of(n).is_some()) && cjk_prev {
                options.push(Question::Lost { eaten: None });
            }
            // Folded or literal is a matter of context, not of score.
            if cjk_prev || next.is_some_and(is_cjk) {
                options.push(Question::Folded);
            } else {
                options.push(Question::Literal);
            }
        }
        // Shortly after another lost byte, with no ideograph between, the run may still be
        // misaligned: this '?' may be a lone lead byte too (the trail byte of 。 before a line
        // break the decoder swallowed).
        let after_damage = last_before
            .is_some_and(|q| k - q <= 10 && chars[q + 1..k].iter().all(|&(_, c)| !is_han(c)));
        if after_damage && !options.contains(&Question::Lost { eaten: None }) {
            options.push(Question::Lost { eaten: None });
        }
        // A reading that repairs nothing stays a choice: where no fill is right, a wrong one
        // would misalign the rest of the line.
        if matches!(options.first(), Some(Question::Lost { .. }))
            && !options.contains(&Question::Literal)
        {
            options.push(Question::Literal);
        }
        questions.push((k, options));
    }
    let mut choice: Vec<Question> = questions.iter().map(|(_, o)| o[0]).collect();
    // The score of the characters around questions `lo_q..=hi_q` under `choice`: a trial is
    // decided by what it does near its questions (a misaligned run mostly shows within a few
    // dozen characters), and hostile lines with thousands of questions stay linear.
    let positions: Vec<usize> = questions.iter().map(|&(at, _)| at).collect();
    let score_window = |lo_q: usize, hi_q: usize, choice: &[Question]| -> f64 {
        let lo = questions[lo_q].0.saturating_sub(TRIAL_BEFORE);
        let hi = (questions[hi_q].0 + TRIAL_AFTER).min(chars.len());
        let readings = Readings {
            positions: &positions,
            choice,
            offset: lo,
        };
        decode_line(
            &chars[lo..hi],
            line,
            &readings,
            fp,
            restore_punctuation,
            unescape_html,
        )
        .1
    };
    // Greedy improvement. Two questions a few characters apart, or with no ideograph between
    // them, are tried together as well: the '?' of "?!S" is a lost byte only if the S is a
    // folded fullwidth letter, and neither reading pays off alone.
    let coupled = |qi: usize| -> bool {
        questions.get(qi + 1).is_some_and(|&(at, _)| {
            let from = questions[qi].0;
            // The misaligned run after a lost byte (and its orphaned reading) goes on to the
            // next ASCII character: a question inside it is coupled to the lost byte.
            let run_from = if chars[from].1 == '?' {
                let rest = &line[chars[from].0 + 1..];
                from + 1
                    + orphaned_reading(rest).map_or(0, |(paren, len)| {
                        paren + rest[paren..paren + len].chars().count() + 1
                    })
            } else {
                from + 1
            };
            let in_run = run_from <= at && chars[run_from..at].iter().all(|&(_, c)| !c.is_ascii());
            at - from <= 3
                || in_run && at - from <= 16
                || at - from <= 10 && chars[from + 1..at].iter().all(|&(_, c)| !is_han(c))
        })
    };
    let mut trial: Vec<Question> = Vec::with_capacity(MAX_GROUP);
    for qi in 0..questions.len() {
        // The group tried together: this question, the next if coupled, and a third right after
        // those ("?!?" for 海。 and a swallowed line break: the first '?' is a lost byte only if
        // the last one is too, and the fold between them is read with the first).
        let mut hi_q = qi;
        while hi_q + 1 < questions.len()
            && hi_q + 1 < qi + MAX_GROUP
            && coupled(hi_q)
            && (hi_q == qi || questions[hi_q + 1].0 - questions[qi].0 <= TIGHT_GROUP_SPAN)
        {
            hi_q += 1;
        }
        let current: Vec<Question> = choice[qi..=hi_q].to_vec();
        let mut best = (score_window(qi, hi_q, &choice), current.clone());
        // Every combination of the group's readings, as a mixed-radix counter.
        let mut digits = vec![0usize; hi_q - qi + 1];
        loop {
            trial.clear();
            trial.extend(
                digits
                    .iter()
                    .enumerate()
                    .map(|(g, &d)| questions[qi + g].1[d]),
            );
            if trial != current {
                choice[qi..=hi_q].copy_from_slice(&trial);
                let s = score_window(qi, hi_q, &choice);
                if s > best.0 {
                    best = (s, trial.clone());
                }
            }
            let mut g = 0;
            while g < digits.len() {
                digits[g] += 1;
                if digits[g] < questions[qi + g].1.len() {
                    break;
                }
                digits[g] = 0;
                g += 1;
            }
            if g == digits.len() {
                break;
            }
        }
        choice[qi..=hi_q].copy_from_slice(&best.1);
    }
    let readings = Readings {
        positions: &positions,
        choice: &choice,
        offset: 0,
    };
    let (best_text, _, best_flags) = decode_line(
        &chars,
        line,
        &readings,
        fp,
        restore_punctuation,
        unescape_html,
    );
    (best_text != line).then(|| {
        let action = if best_flags.0 {
            Action::ConverterDamage
        } else if best_flags.2 {
            Action::PinyinAnnotation
        } else {
            Action::Punctuation
        };
        (best_text, action, best_flags.1)
    })
}

/// The character before position `k`, looking through an intact annotation "X(py)" to X.
fn prev_content_char(chars: &[(usize, char)], line: &str, k: usize) -> Option<char> {
    let before = k.checked_sub(1).map(|j| chars[j].1)?;
    if before != ')' {
        return Some(before);
    }
    let close = chars[k - 1].0;
    let open = line[..close].rfind('(')?;
    let x = line[..open].chars().next_back()?;
    let py = &line[open + 1..close];
    if reading(x) == Some(py) {
        Some(x)
    } else {
        Some(before)
    }
}

/// An HTML entity name and ';' at the start of `rest` whose '&' is missing: its length and
/// what the entity stands for.
fn entity_after(rest: &str) -> Option<(usize, String)> {
    let end = rest.find(';')?;
    let name = &rest[..end];
    if name.is_empty() || name.len() > 8 || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let entity = format!("&{name};");
    let decoded = htmlize::unescape(entity.as_str());
    (decoded != entity).then(|| (end + 1, decoded.into_owned()))
}

/// Builds the byte stream of a line under the given readings of its '?'s, decodes it, and
/// scores the result. Returns (text, score, (damage repaired, lossy, annotations removed)).
fn decode_line(
    chars: &[(usize, char)],
    line: &str,
    readings: &Readings,
    fp: &Fingerprint,
    restore_punctuation: bool,
    unescape_html: bool,
) -> (String, f64, (bool, bool, bool)) {
    let mut items: Vec<Item> = Vec::with_capacity(2 * chars.len());
    let mut choices: Vec<Vec<(u8, bool)>> = Vec::new();
    let parens = if restore_punctuation {
        chinese_parens(chars, line)
    } else {
        Vec::new()
    };
    let mut damage = false;
    let mut annotations = false;
    let mut buf = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let rest = &line[i + c.len_utf8()..];
        if c == '(' && k > 0 {
            // An intact annotation of the character before.
            if let Some(len) = syllable_then_paren(rest) {
                let py = &rest[..len];
                if reading(chars[k - 1].1) == Some(py) || needle_ends(&items, py) {
                    annotations = true;
                    k = skip_chars(chars, k, 1 + py.chars().count() + 1);
                    continue;
                }
            }
        }
        let question = readings.at(k);
        if let Some(Question::Compat { bytes, len }) = question {
            items.extend([Item::Byte(bytes[0]), Item::Byte(bytes[1])]);
            k += len;
            continue;
        }
        if c == '?' {
            match question {
                Some(Question::Lost { eaten }) => {
                    damage = true;
                    // An orphaned reading: the needle was (last byte, lost byte).
                    if let Some((paren, len)) = orphaned_reading(rest) {
                        let py = &rest[paren..paren + len];
                        let found = match items.last().copied() {
                            Some(Item::Byte(first)) => needle_candidates(first, py, fp),
                            // Two damaged annotations in a row: the second reading narrows down
                            // the first lost byte, which is the first byte of the second needle.
                            Some(Item::Hole(Some(h))) => {
                                let joint: Vec<NeedlePair> = choices[h]
                                    .iter()
                                    .map(|&(b, _)| (b, needle_candidates(b, py, fp)))
                                    .filter(|(_, next)| !next.is_empty())
                                    .collect();
                                // Prefer first bytes under which the second needle is one the
                                // document shows intact.
                                let seen: Vec<&NeedlePair> = joint
                                    .iter()
                                    .filter(|(_, next)| next.iter().any(|n| n.1))
                                    .collect();
                                // Otherwise the pair of needles the document and the language
                                // make likeliest (没户 over 煤簄 for "用?méi)?hù)").
                                let first = match items.len().checked_sub(2).map(|j| items[j]) {
                                    Some(Item::Byte(b)) => Some(b),
                                    _ => None,
                                };
                                let pool = if seen.is_empty() {
                                    joint.iter().collect()
                                } else {
                                    seen
                                };
                                let pick = match pool.as_slice() {
                                    [one] => Some(*one),
                                    many => first.and_then(|first| {
                                        likeliest_needle_pair(many, first, &fp.model)
                                    }),
                                };
                                match pick {
                                    Some((b, next)) => {
                                        items.pop();
                                        items.push(Item::Byte(*b));
                                        next.clone()
                                    }
                                    None => Vec::new(),
                                }
                            }
                            _ => Vec::new(),
                        };
                        // Several needles with this reading: the fill is scored, a needle
                        // the document shows intact with a head start (宝 and 保 are both
                        // bǎo after B1; only the one that reads well beside the next byte fits).
                        match found.as_slice() {
                            [(b, _)] => items.push(Item::Byte(*b)),
                            [] => items.push(Item::Hole(None)),
                            _ => {
                                choices.push(found);
                                items.push(Item::Hole(Some(choices.len() - 1)));
                            }
                        }
                        k = skip_chars(chars, k, 1 + paren + py.chars().count() + 1);
                        continue;
                    }
                    items.push(Item::Hole(None));
                    if eaten == Some(b'&') {
                        // The decoder swallowed the '&' of an entity; with unescaping on, the
                        // entity is decoded here, since the unescaping pass has already run.
                        match entity_after(rest).filter(|_| unescape_html) {
                            Some((len, decoded)) => {
                                push_text(&mut items, &decoded, &mut buf);
                                k = skip_chars(chars, k, 1 + rest[..len].chars().count());
                                continue;
                            }
                            None => items.push(Item::Byte(b'&')),
                        }
                    }
                    // Punctuation right after a lost byte is a straddling fold: unfold it.
                    if let Some(&(_, n)) = chars.get(k + 1)
                        && let Some(fw) = fullwidth_of(n)
                    {
                        items.push(Item::Byte(fw[0]));
                        items.push(Item::Byte(fw[1]));
                        k += 2;
                        continue;
                    }
                    // Otherwise the decoder swallowed the byte after the lone one (it cannot
                    // have been a trail byte, or the two would have decoded): an ASCII byte
                    // below 0x40, a line break or a space as often as not.
                    if k + 1 < chars.len() {
                        items.push(Item::Swallowed);
                    }
                    k += 1;
                    continue;
                }
                Some(Question::Folded) => {
                    items.extend([Item::Byte(0xA3), Item::Byte(0xBF)]);
                    k += 1;
                    continue;
                }
                _ => {}
            }
        }
        if restore_punctuation
            && c != '?'
            && let Some(fw) = fullwidth_of(c)
        {
            let prev = prev_content_char(chars, line, k);
            let next = chars.get(k + 1).map(|&(_, c)| c);
            let folded = if c == '(' || c == ')' {
                parens.binary_search(&k).is_ok()
            } else {
                folded_in_chinese(prev, next)
            };
            if folded {
                items.extend([Item::Byte(fw[0]), Item::Byte(fw[1])]);
                k += 1;
                continue;
            }
        }
        let mut tmp = [0u8; 4];
        push_text(&mut items, c.encode_utf8(&mut tmp), &mut buf);
        k += 1;
    }
    let (text, score, lossy) = decode_items(&items, &choices, &fp.model);
    (text, score, (damage, lossy, annotations))
}

/// A byte that completes one straddled needle, with the candidates (byte, needle seen intact)
/// for the lost byte of the needle after it, which starts with that byte.
type NeedlePair = (u8, Vec<(u8, bool)>);

/// Among two straddled needles in a row (`first`, b) and (b, next), the pair of characters
/// the document model finds likeliest, each alone.
fn likeliest_needle_pair<'a>(
    joint: &[&'a NeedlePair],
    first: u8,
    model: &DocumentModel,
) -> Option<&'a NeedlePair> {
    let mut tmp = String::new();
    let mut likelihood = |a: u8, b: u8| -> f64 {
        tmp.clear();
        match Charset::GBK.decode_strict(&[a, b], &mut tmp) {
            true => tmp
                .chars()
                .next()
                .map_or(f64::NEG_INFINITY, |c| model.score(None, c, None)),
            false => f64::NEG_INFINITY,
        }
    };
    let mut best: Option<(f64, &'a NeedlePair)> = None;
    for &entry in joint {
        let (b, next) = entry;
        let second = next
            .iter()
            .map(|&(x, _)| likelihood(*b, x))
            .fold(f64::NEG_INFINITY, f64::max);
        let s = likelihood(first, *b) + second;
        if best.is_none_or(|(bs, _)| s > bs) {
            best = Some((s, entry));
        }
    }
    best.map(|(_, e)| e)
}

/// Whether the byte stream built so far ends with the GBK bytes of a character whose reading is
/// `py`: an annotation after a needle that a misaligned run decoded as something else (the
/// 設 of "丛O(shè)" is the pair D4 4F). The needle need not show intact anywhere: where every
/// 則 follows a ， that a needle straddled, none does.
fn needle_ends(items: &[Item], py: &str) -> bool {
    let [.., Item::Byte(a), Item::Byte(b)] = items else {
        return false;
    };
    if *a < 0x81 {
        return false;
    }
    let mut text = String::new();
    if !Charset::GBK.decode_strict(&[*a, *b], &mut text) {
        return false;
    }
    text.chars().next().is_some_and(|c| reading(c) == Some(py))
}

/// Appends the GBK bytes of `text` (characters GBK cannot hold pass through as they are).
fn push_text(items: &mut Vec<Item>, text: &str, buf: &mut Vec<u8>) {
    for c in text.chars() {
        if c.is_ascii() {
            items.push(Item::Byte(c as u8));
            continue;
        }
        buf.clear();
        let mut tmp = [0u8; 4];
        if Charset::GBK
            .encode_strict(c.encode_utf8(&mut tmp), buf)
            .is_ok()
        {
            items.extend(buf.iter().map(|&b| Item::Byte(b)));
        } else {
            items.push(Item::Opaque(c));
        }
    }
}

fn skip_chars(chars: &[(usize, char)], k: usize, n: usize) -> usize {
    (k + n).min(chars.len())
}

/// ASCII punctuation standing inside Chinese text: before a CJK character, or after one and
/// before anything but a space or an ASCII symbol (the author's own ASCII style, as in
/// "-s, --sections" or "时间: 2017"). Parentheses go in pairs: see [`chinese_parens`].
fn folded_in_chinese(prev: Option<char>, next: Option<char>) -> bool {
    let next_cjk = next.is_some_and(|n| is_cjk(n) && !matches!(n, '“' | '‘'));
    let after_cjk = prev.is_some_and(is_cjk)
        && next.is_none_or(|n| n == '\r' || !n.is_ascii() || n.is_ascii_alphanumeric());
    next_cjk || after_cjk
}

/// The positions (indexes into `chars`) of ASCII parentheses that were fullwidth: a pair on one
/// line, opened after a CJK character, enclosing only CJK text.
fn chinese_parens(chars: &[(usize, char)], line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    // The open parenthesis, and whether only CJK text followed it so far.
    let mut open: Option<(usize, bool)> = None;
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        // An intact annotation inside (縣(市(shì))區) is neither text nor a parenthesis.
        if c == '('
            && k > 0
            && let Some(len) = syllable_then_paren(&line[i + 1..])
            && reading(chars[k - 1].1) == Some(&line[i + 1..i + 1 + len])
        {
            k = skip_chars(chars, k, 1 + line[i + 1..i + 1 + len].chars().count() + 1);
            continue;
        }
        // A lost byte and its orphaned reading ("分?zhǐ)舻" for 分隔的) are damaged CJK text,
        // and the reading's ')' closes nothing.
        if c == '?' {
            if let Some((paren, len)) = orphaned_reading(&line[i + 1..]) {
                let reading = &line[i + 1 + paren..i + 1 + paren + len];
                k = skip_chars(chars, k, 1 + paren + reading.chars().count() + 1);
            } else {
                k += 1;
            }
            continue;
        }
        match c {
            '(' => open = Some((k, true)),
            ')' => {
                if let Some((o, true)) = open.take()
                    && o + 1 < k
                    && prev_content_char(chars, line, o).is_some_and(is_cjk)
                {
                    out.push(o);
                    out.push(k);
                }
            }
            _ => {
                if let Some((_, only_cjk)) = open.as_mut() {
                    *only_cjk &= is_cjk(c);
                }
            }
        }
        k += 1;
    }
    out
}

/// The candidates for the lost byte of a straddling needle: the needle was (`first`, the last
/// byte before the hole, lost byte) and its reading is `py`. Each comes with whether the document shows
/// that needle intact somewhere (annotated).
fn needle_candidates(first: u8, py: &str, fp: &Fingerprint) -> Vec<(u8, bool)> {
    if first < 0x81 {
        return Vec::new();
    }
    let mut found: Vec<(u8, bool)> = Vec::new();
    let mut text = String::new();
    // The lost byte was a lead byte: the decoder replaced it because of the '(' after it.
    for second in 0x81u8..=0xFE {
        text.clear();
        if !Charset::GBK.decode_strict(&[first, second], &mut text) {
            continue;
        }
        let Some(c) = text.chars().next() else {
            continue;
        };
        if reading(c) == Some(py) {
            let seen = fp
                .needles_by_reading
                .get(py)
                .is_some_and(|v| v.contains(&c));
            found.push((second, seen));
        }
    }
    found
}

/// Decodes a byte stream with holes as GBK, filling each hole with the most plausible byte.
/// Returns the text, its plausibility score and whether a hole stayed unfilled.
fn decode_items(
    items: &[Item],
    choices: &[Vec<(u8, bool)>],
    model: &DocumentModel,
) -> (String, f64, bool) {
    // Each step decodes one character whatever a fill is, so the characters of a first pass
    // stand in for a next character that is itself a fill (环 before the 境 of "?jìng)").
    let first = decode_items_with(items, choices, model, &[]);
    if !items.iter().any(|it| matches!(it, Item::Hole(_))) {
        return first;
    }
    let hints: Vec<char> = first.0.chars().collect();
    decode_items_with(items, choices, model, &hints)
}

/// One decoding pass of [`decode_items`]; `hints` are the characters of an earlier pass.
fn decode_items_with(
    items: &[Item],
    choices: &[Vec<(u8, bool)>],
    model: &DocumentModel,
    hints: &[char],
) -> (String, f64, bool) {
    let mut out = String::new();
    let mut score = 0.0;
    let mut lossy = false;
    let mut tmp = String::new();
    let mut i = 0;
    let mut count = 0;
    let fills = Fills {
        items,
        choices,
        model,
    };
    while i < items.len() {
        let prev = out.chars().next_back();
        let lost = ('\u{FFFD}', LOST_SCORE, 1);
        let (c, s, consumed) = match items[i] {
            Item::Opaque(c) => (c, 0.0, 1),
            Item::Swallowed => {
                match prev.and_then(|p| model.swallowed_after(p)) {
                    Some(c) => out.push(c),
                    None => lossy = true,
                }
                i += 1;
                continue;
            }
            Item::Byte(b) if b < 0x80 => {
                let c = char::from(b);
                (c, model.score(prev, c, None), 1)
            }
            Item::Byte(0x80) => ('€', 0.0, 1),
            Item::Byte(_) if matches!(items.get(i + 1), Some(Item::Byte(_))) => {
                match peek_char(items, i, &mut tmp) {
                    Some(c) => (c, model.score(prev, c, None), 2),
                    None => lost,
                }
            }
            _ => {
                let hint = hints.get(count + 1).copied();
                match fills.ranked(i, prev, hint, LOOKAHEAD_FILLS, &mut tmp) {
                    Some(ranked) => {
                        // Two fills in a row (海 and 。 of "?!?"): each candidate of this one
                        // with the best of the next after it.
                        let mut pick = ranked.first().copied().unwrap_or(('\u{FFFD}', LOST_SCORE));
                        if ranked.len() > 1 && fills.is_fill(i + 2) {
                            let mut best = f64::NEG_INFINITY;
                            for &(c, s) in &ranked {
                                let next = hints.get(count + 2).copied();
                                let joint = s + fills
                                    .ranked(i + 2, Some(c), next, 1, &mut tmp)
                                    .and_then(|next| next.first().map(|&(_, s)| s))
                                    .unwrap_or(0.0);
                                if joint > best {
                                    best = joint;
                                    pick = (c, s);
                                }
                            }
                        }
                        (pick.0, pick.1, 2)
                    }
                    None => lost,
                }
            }
        };
        lossy |= c == '\u{FFFD}';
        score += s;
        out.push(c);
        count += 1;
        i += consumed;
    }
    (out, score, lossy)
}

/// How many candidates of a fill are weighed against the fill after it.
const LOOKAHEAD_FILLS: usize = 4;

/// The fills of the holes of one byte stream.
struct Fills<'a> {
    items: &'a [Item],
    choices: &'a [Vec<(u8, bool)>],
    model: &'a DocumentModel,
}

impl Fills<'_> {
    /// The bytes a hole may be, each with its head start: those a needle rule allowed (a needle
    /// the document shows intact gets one), or none, meaning any byte, which then needs the
    /// document's support.
    fn allowed(&self, hole: Option<usize>) -> Vec<(u8, f64)> {
        match hole.and_then(|h| self.choices.get(h)) {
            Some(list) => list
                .iter()
                .map(|&(b, seen)| (b, if seen { 2.0 } else { 0.0 }))
                .collect(),
            None => Vec::new(),
        }
    }

    /// Whether the character at `items[i..]` has a hole among its bytes ([`Fills::ranked`]).
    fn is_fill(&self, i: usize) -> bool {
        match (self.items.get(i), self.items.get(i + 1)) {
            (Some(Item::Hole(_)), _) => true,
            (Some(&Item::Byte(lead)), Some(Item::Hole(_))) => lead > 0x80,
            _ => false,
        }
    }

    /// The likeliest characters (at most `k`, best first, each with its score) for the character
    /// at `items[i..]` if a hole is among its two bytes; `None` if no hole is.
    fn ranked(
        &self,
        i: usize,
        prev: Option<char>,
        hint: Option<char>,
        k: usize,
        tmp: &mut String,
    ) -> Option<Vec<(char, f64)>> {
        let (model, items) = (self.model, self.items);
        let lost = || vec![('\u{FFFD}', LOST_SCORE)];
        let next = |tmp: &mut String| peek_char(items, i + 2, tmp).or(hint);
        // One byte lost: among `any`, placed by `pair` beside the byte that is there.
        let one_lost = |hole: Option<usize>,
                        any: std::ops::RangeInclusive<u8>,
                        pair: &dyn Fn(u8) -> (u8, u8),
                        tmp: &mut String| {
            let next = next(tmp);
            fill_hole(model, (prev, next), &self.allowed(hole), any, pair, k, tmp)
        };
        match (items.get(i)?, items.get(i + 1)) {
            (&Item::Byte(lead), Some(&Item::Hole(hole))) if lead > 0x80 => {
                Some(one_lost(hole, 0x40..=0xFE, &|t| (lead, t), tmp))
            }
            (&Item::Hole(hole), Some(&Item::Byte(trail))) if trail >= 0x40 => {
                Some(one_lost(hole, 0x81..=0xFE, &|l| (l, trail), tmp))
            }
            // Both bytes of a character lost (尽 straddled 本 and 。, and the decoder swallowed
            // the line break after the rest of 。): one of them must be narrowed down by a
            // needle rule, the pair needs the document's support if either is not.
            (&Item::Hole(hole), Some(&Item::Hole(second))) => {
                let (leads, trails) = (self.allowed(hole), self.allowed(second));
                if leads.is_empty() && trails.is_empty() {
                    return Some(lost());
                }
                let next = next(tmp);
                let any = |list: Vec<(u8, f64)>, range: std::ops::RangeInclusive<u8>| {
                    if list.is_empty() {
                        range.map(|b| (b, 0.0)).collect()
                    } else {
                        list
                    }
                };
                let require_support = leads.is_empty() || trails.is_empty();
                let leads = any(leads, 0x81..=0xFE);
                let trails = any(trails, 0x40..=0xFE);
                let pairs = leads
                    .iter()
                    .flat_map(|&(l, lb)| trails.iter().map(move |&(t, tb)| (l, t, lb + tb)));
                Some(best_fills(
                    model,
                    prev,
                    next,
                    pairs,
                    require_support,
                    k,
                    tmp,
                ))
            }
            (&Item::Hole(_), _) => Some(lost()),
            _ => None,
        }
    }
}

/// The character the known bytes at `items[i..]` start with, if any.
fn peek_char(items: &[Item], i: usize, tmp: &mut String) -> Option<char> {
    match (items.get(i), items.get(i + 1)) {
        (Some(Item::Opaque(c)), _) => Some(*c),
        (Some(Item::Byte(b)), _) if *b < 0x80 => Some(char::from(*b)),
        (Some(Item::Byte(a)), Some(Item::Byte(b))) => {
            tmp.clear();
            if Charset::GBK.decode_strict(&[*a, *b], tmp) {
                tmp.chars().next()
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Fills one lost byte: among the bytes a needle rule allowed (each with its head start), or,
/// without one, among `any`, which then needs the document's support. `pair` places the byte.
fn fill_hole(
    model: &DocumentModel,
    (prev, next): (Option<char>, Option<char>),
    narrowed: &[(u8, f64)],
    any: std::ops::RangeInclusive<u8>,
    pair: impl Fn(u8) -> (u8, u8),
    k: usize,
    tmp: &mut String,
) -> Vec<(char, f64)> {
    let with_bonus = |(b, bonus): (u8, f64)| {
        let (x, y) = pair(b);
        (x, y, bonus)
    };
    if narrowed.is_empty() {
        best_fills(
            model,
            prev,
            next,
            any.map(|b| with_bonus((b, 0.0))),
            true,
            k,
            tmp,
        )
    } else {
        best_fills(
            model,
            prev,
            next,
            narrowed.iter().copied().map(with_bonus),
            false,
            k,
            tmp,
        )
    }
}

/// The most plausible characters among the byte pairs, best first: the best, and after it up to
/// `k - 1` others the document supports; U+FFFD alone when the best is one the document gives no
/// evidence for.
fn best_fills(
    model: &DocumentModel,
    prev: Option<char>,
    next: Option<char>,
    pairs: impl Iterator<Item = (u8, u8, f64)>,
    require_support: bool,
    k: usize,
    tmp: &mut String,
) -> Vec<(char, f64)> {
    let mut scored: Vec<(f64, char)> = Vec::new();
    for (a, b, bonus) in pairs {
        tmp.clear();
        if !Charset::GBK.decode_strict(&[a, b], tmp) {
            continue;
        }
        let mut decoded = tmp.chars();
        let (Some(c), None) = (decoded.next(), decoded.next()) else {
            continue; // two ASCII bytes
        };
        if (0xE000..=0xF8FF).contains(&u32::from(c)) {
            continue;
        }
        scored.push((model.score(prev, c, next) + bonus, c));
    }
    // Best first; the first of equals as the pairs came.
    scored.sort_by(|x, y| y.0.total_cmp(&x.0));
    let supported = |c: char| !require_support || model.supports(prev, c, next);
    if scored.first().is_none_or(|&(_, c)| !supported(c)) {
        return vec![('\u{FFFD}', LOST_SCORE)];
    }
    // The line's score is a chain of (character | character before) terms: the term with the
    // next character that chose the fill is the next character's own, so it is left out here.
    scored
        .iter()
        .filter(|&&(_, c)| supported(c))
        .take(k.max(1))
        .map(|&(s, c)| {
            let next_term = next.map_or(0.0, |n| {
                model.score(prev, c, Some(n)) - model.score(prev, c, None)
            });
            (c, s - next_term)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_come_from_unihan() {
        assert_eq!(reading('學'), Some("xué"));
        assert_eq!(reading('冊'), Some("cè"));
        assert_eq!(reading('a'), None);
    }

    #[test]
    fn glosses_in_a_textbook_are_not_a_fingerprint() {
        let text =
            "第一课：你好(nǐ hǎo)。我(wǒ)是学生。他是学生，我们是朋友(péng you)。你(nǐ)好吗？";
        assert!(detect(text).is_none());
        let dictionary = "好(hǎo) 好人 好事 好(hǎo)看 学(xué) 学生 学习 学校 中(zhōng) 中国 中间 大(dà) 大家 大学";
        assert!(
            detect(dictionary).is_none(),
            "annotated characters also appear bare"
        );
    }
}
