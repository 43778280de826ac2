//! Ranking the candidates of a line against each other: sibling readings through different
//! single-byte tables, CJK words over re-tabled capitals, and the final non-overlapping pick.

use crate::score::Alphabetic;
use std::collections::BTreeMap;
use std::ops::Range;

use crate::score::{
    char_cost, is_cjk_letter, known_letter_triples, known_words, letter_pair_surprise,
    same_line_bits,
};

use super::gain::{cjk_pairs_in, is_cjk_legacy, window_around};
use super::gate::{is_letter, is_suspicious, words_known_through_1251};
use super::search::{
    WHOLE_LINE_FEW_MAX_COST, WHOLE_LINE_MIN_CHARS, has_high_byte_pair, is_high_byte_char,
};
use super::{Candidate, KNOWN_WORD_MIN_LETTERS};

/// What a known word a sibling reading makes that the other does not weighs, in bits.
const SIBLING_WORD_BITS: u32 = 8;

/// Whether the best of the whole-line readings ([`Searcher::whole_line_utf8`](super::search::Searcher::whole_line_utf8)) settles the line.
/// Every high byte of the line took part in a well-formed UTF-8 sequence (or stood where a lost
/// byte was, recovered or kept as U+FFFD), so no legacy reading is left over beside it (what
/// [`utf8_explains`] looks for after a search of spans); the readings overlap, so the best is
/// the one a pick would take. It must gain at least
/// [`STRONG_UTF8_GAIN`], and a short one must make everyday letters: a few high bytes may form
/// UTF-8 by chance (GBK 注記 read as windows-1252, ×¢Ó›, is UTF-8 for עӛ).
pub(super) fn whole_line_explains(text: &str, list: &mut [Candidate]) -> bool {
    // (Siblings ranked as the search proper ranks them: påginas and páginas are both whole.)
    rank_sibling_readings(text, list);
    let picked = pick(list);
    let [best] = picked.as_slice() else {
        return false;
    };
    let best = &list[*best];
    let mut non_ascii = best.replacement.chars().filter(|c| !c.is_ascii());
    let by_chance = non_ascii.clone().count() < WHOLE_LINE_MIN_CHARS
        && non_ascii.any(|c| char_cost(c).0 > WHOLE_LINE_FEW_MAX_COST);
    best.gain >= STRONG_UTF8_GAIN && !by_chance && !is_lone_cjk_reading(text, best)
}

/// Whether `candidate` reads one CJK letter alone in `text`, a string of few ASCII letters
/// besides whose words read through windows-1251 as words the languages write: three Latin-1
/// letters may be a word of that table as well (Êàê is Как through windows-1251 and 成
/// through MacRoman), so such a reading settles no line before the other chains are weighed.
/// (Among Latin words, The -k Âêå -m, the CJK letter is the quoted one; and Ïòà, Пта, is no
/// word: it is 예.)
fn is_lone_cjk_reading(text: &str, candidate: &Candidate) -> bool {
    let mut letters = candidate.replacement.chars().filter(|c| !c.is_ascii());
    matches!((letters.next(), letters.next()), (Some(c), None) if is_cjk_letter(c))
        && text.bytes().filter(u8::is_ascii_alphabetic).count() < LONE_CJK_READING_MAX_LETTERS
        && words_known_through_1251(text)
}

/// The ASCII letters from which a line's lone CJK reading is taken as a quoted character
/// ([`is_lone_cjk_reading`]).
const LONE_CJK_READING_MAX_LETTERS: usize = 4;

/// How close two readings of the same bytes through different single-byte tables must be in
/// gain for their letter pairs to decide between them.
const SIBLING_MARGIN: i64 = 3;

/// What a sibling reading pays, in bits, for a capital in the middle of a sentence
/// ([`capital_mid_sentence`]).
const CAPITAL_MID_SENTENCE_BITS: u32 = 4;

/// What a sibling reading pays, in bits, for each known letter triple the other makes more.
const SIBLING_TRIPLE_BITS: u32 = 6;

/// How much less surprising (in bits) the letter pairs of a sibling reading must be to win.
const SIBLING_MIN_BITS: u32 = 2;

/// What the words a sibling reading makes show, for [`rank_sibling_readings`].
struct SiblingShape {
    /// The surprise of their letter pairs, plus what a capital inside a word of small letters
    /// (ĂŠ is é through ISO-8859-2, Ê through windows-1250) and a capital in mid-sentence
    /// ([`capital_mid_sentence`]) cost.
    pub(super) bits: u32,
    /// Their letter pairs.
    pub(super) pairs: u32,
    /// The letter triples the text writes among them (innehålla, not innehülla: ĂĽ through
    /// ISO-8859-2 and windows-1250).
    triples: u32,
    /// The words the languages write among them (jméno, not jmáno: a lost byte filled through
    /// ISO-8859-2, which loses 0x89, and through windows-1250, which does not).
    known: u32,
}

impl SiblingShape {
    pub(super) fn of(text: &str, c: &Candidate) -> SiblingShape {
        let words = words_with(text, c.range.clone(), &c.replacement);
        let (bits, pairs) = letter_pair_surprise(&words);
        SiblingShape {
            bits: bits
                + CAPITAL_INSIDE_BITS * capitals_inside(&words)
                + CAPITAL_MID_SENTENCE_BITS * capital_mid_sentence(text, c),
            pairs,
            triples: known_letter_triples(&words),
            known: known_words(&words, KNOWN_WORD_MIN_LETTERS, false),
        }
    }
}

/// How many words `c` makes, in a window of its line, that start with a capital (and go on in
/// small letters) right after a word of small letters or a comma: "semnal În loc" (ĂŽ through
/// windows-1250) where ISO-8859-2 reads "semnal în loc". Mid-sentence capitals are names; a
/// reading that makes more of them is the less likely one.
fn capital_mid_sentence(text: &str, c: &Candidate) -> u32 {
    let Range {
        start: from,
        end: to,
    } = window_around(text, &c.range, CAPITAL_CONTEXT);
    let window = text[from..c.range.start]
        .chars()
        .chain(c.replacement.chars())
        .chain(text[c.range.end..to].chars());
    // The last character of the word before, and the first two of the word being read.
    let (mut before, mut last, mut first, mut second): (Option<char>, Option<char>, _, _) =
        (None, None, None, None);
    let mut count = 0;
    let capitalised = |first: Option<char>, second: Option<char>, before: Option<char>| {
        first.is_some_and(char::is_uppercase)
            && second.is_some_and(char::is_lowercase)
            && before.is_some_and(|p| p.is_lowercase() || p == ',')
    };
    for ch in window.chain(std::iter::once(' ')) {
        if ch.is_whitespace() {
            if first.is_some() {
                count += u32::from(capitalised(first, second, before));
                before = last;
            }
            (first, second) = (None, None);
        } else if first.is_none() {
            first = Some(ch);
        } else if second.is_none() {
            second = Some(ch);
        }
        if !ch.is_whitespace() {
            last = Some(ch);
        }
    }
    count
}

/// The bytes on either side of a candidate that [`capital_mid_sentence`] looks at.
const CAPITAL_CONTEXT: usize = 48;

/// UTF-8 read through two single-byte tables that differ in a few letters (windows-1250 and
/// ISO-8859-2 both show Ą, for 0xA5 and 0xA1) gives two readings of the same span that cost
/// alike (påginas, páginas): the one whose words pair as running text does wins, by taking
/// the other's gain plus one.
pub(super) fn rank_sibling_readings(text: &str, list: &mut [Candidate]) {
    let sibling =
        |c: &Candidate| c.chain.actual.is_utf8() && c.chain.wrong.is_single_byte() && !c.lossy;
    // Only candidates of the same span meet: compared within groups of equal range (at most one
    // per chain), in list order, the work stays linear in the candidates of a long line.
    let mut order: Vec<(usize, usize, usize)> = (0..list.len())
        .filter(|&i| sibling(&list[i]))
        .map(|i| (list[i].range.start, list[i].range.end, i))
        .collect();
    order.sort_unstable();
    for group in order.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        if group.len() < 2 {
            continue;
        }
        // What the words each reading makes show, once per reading, not once per pair.
        let shapes: Vec<SiblingShape> = group
            .iter()
            .map(|&(_, _, i)| SiblingShape::of(text, &list[i]))
            .collect();
        for (x, &(_, _, i)) in group.iter().enumerate() {
            for (y, &(_, _, j)) in group.iter().enumerate() {
                let (a, b) = (&list[i], &list[j]);
                if i == j
                    || a.replacement == b.replacement
                    || a.gain > b.gain
                    || b.gain - a.gain > SIBLING_MARGIN
                {
                    continue;
                }
                let (sa, sb) = (&shapes[x], &shapes[y]);
                let (a_fit, b_fit) = same_line_fit(text, a, b);
                let a_bits = sa.bits
                    + SIBLING_TRIPLE_BITS * sb.triples.saturating_sub(sa.triples)
                    + SIBLING_WORD_BITS * sb.known.saturating_sub(sa.known);
                let b_bits = sb.bits
                    + SIBLING_TRIPLE_BITS * sa.triples.saturating_sub(sb.triples)
                    + SIBLING_WORD_BITS * sa.known.saturating_sub(sb.known);
                let (a_bits, b_bits) = (a_bits + a_fit, b_bits + b_fit);
                // (Only readings with as many letter pairs compare: a combining mark is no letter.)
                if sa.pairs == sb.pairs && a_bits + SIBLING_MIN_BITS <= b_bits {
                    list[i].gain = list[j].gain + 1;
                }
            }
        }
    }
}

/// Legacy CJK bytes read as windows-1252 show capitals (Korean 이후, C0 CC C8 C4, as ÀÌÈÄ),
/// which windows-1251 re-reads as Cyrillic capitals (АМИД) whose letters pair far better than
/// the accented ones: the re-tabled reading outgains the CJK one by the letter statistics
/// alone. Where the CJK reading of the same span is all CJK letters that pair into words the
/// languages write ([`cjk_pairs_in`]: 이후, 차이, 파일) and the re-tabled one makes no word the
/// languages write and no word of small letters (capitals, or cases mixed as no word mixes
/// them: ВчАМ), the CJK reading wins, by taking the other's gain plus one.
pub(super) fn rank_cjk_words_over_capitals(list: &mut [Candidate]) {
    let cjk_words = |c: &Candidate| {
        is_cjk_legacy(c.chain.actual)
            && c.chain.wrong.is_single_byte()
            && !c.lossy
            && c.replacement
                .chars()
                .all(|ch| ch.is_ascii() || is_cjk_letter(ch))
            && matches!(cjk_pairs_in(None, &c.replacement, None), (known, 0) if known > 0)
    };
    // (Its words of letters beyond ASCII, that is: ASCII between them reads alike.)
    let capitals = |c: &Candidate| {
        c.chain.actual.is_single_byte()
            && c.chain.wrong.is_single_byte()
            && c.replacement
                .split(|ch: char| !is_letter(ch))
                .filter(|word| !word.is_ascii())
                .all(|word| !is_plain_word(word))
            && known_words(&c.replacement, 2, false) == 0
    };
    // Readings of overlapping spans meet (the re-tabled one may leave a symbol out: ±íÀÌ as
    // ±нАМ, 깊이 through EUC-KR); sorted by start, each cluster of overlapping ones is one
    // sweep, linear in the list.
    let mut order: Vec<(usize, usize, usize)> = (0..list.len())
        .filter(|&i| cjk_words(&list[i]) || capitals(&list[i]))
        .map(|i| (list[i].range.start, list[i].range.end, i))
        .collect();
    order.sort_unstable();
    let mut cluster_start = 0;
    let mut cluster_end = 0;
    for k in 0..=order.len() {
        if let Some(&(start, end, _)) = order.get(k)
            && (k == cluster_start || start < cluster_end)
        {
            cluster_end = cluster_end.max(end);
            continue;
        }
        let cluster = &order[cluster_start..k];
        let best_capitals = cluster
            .iter()
            .filter(|&&(_, _, i)| capitals(&list[i]))
            .map(|&(_, _, i)| list[i].gain)
            .max();
        if let Some(gain) = best_capitals {
            for &(_, _, i) in cluster {
                if cjk_words(&list[i]) && list[i].gain <= gain {
                    list[i].gain = gain + 1;
                }
            }
        }
        cluster_start = k;
        if let Some(&(_, end, _)) = order.get(k) {
            cluster_end = end;
        }
    }
}

/// Whether `word` is written in small letters, or capitalised (a capital and small letters).
fn is_plain_word(word: &str) -> bool {
    let mut letters = word.chars();
    letters.next().is_some_and(char::is_alpha) && letters.all(char::is_lowercase)
}

/// The non-ASCII capitals in `words` that stand where no word has one: after a small letter, or
/// inside a word before a small letter (MÜglichkeiten): where a sibling table shows a capital for
/// a small letter. (ASCII ones, as in MemTotal, were written so.)
fn capitals_inside(words: &str) -> u32 {
    let mut chars = words.chars().peekable();
    let mut prev: Option<char> = None;
    let mut count = 0;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        count += u32::from(
            !c.is_ascii()
                && c.is_uppercase()
                && (prev.is_some_and(char::is_lowercase)
                    || (prev.is_some_and(char::is_alpha) && next.is_some_and(char::is_lowercase))),
        );
        prev = Some(c);
    }
    count
}

/// How well the letters in which two readings of the same span differ sit with the other
/// non-ASCII letters of the line (those outside the span and those both readings share), in
/// bits of [`same_line_bits`] for each reading: Danish når beside bør and nøgle, not nár. At
/// most [`SAME_LINE_LETTERS`] distinct letters of the line are asked; readings of different
/// lengths are not compared (0, 0).
fn same_line_fit(text: &str, a: &Candidate, b: &Candidate) -> (u32, u32) {
    if a.replacement.chars().count() != b.replacement.chars().count() {
        return (0, 0);
    }
    let mut context: Vec<char> = Vec::new();
    let mut add = |c: char| {
        if !c.is_ascii() && c.is_alpha() && context.len() < SAME_LINE_LETTERS {
            let c = c.to_lowercase().next().unwrap_or(c);
            if !context.contains(&c) {
                context.push(c);
            }
        }
    };
    for (x, y) in a.replacement.chars().zip(b.replacement.chars()) {
        if x == y {
            add(x);
        }
    }
    // (A window around the span: a line with many candidates must not be read once for each.)
    let Range {
        start: from,
        end: to,
    } = window_around(text, &a.range, SAME_LINE_WINDOW);
    for c in text[from..a.range.start]
        .chars()
        .chain(text[a.range.end..to].chars())
    {
        add(c);
    }
    let fit = |x: char| context.iter().map(|&l| same_line_bits(x, l)).sum::<u32>();
    a.replacement
        .chars()
        .zip(b.replacement.chars())
        .filter(|(x, y)| x != y)
        .fold((0, 0), |(fa, fb), (x, y)| (fa + fit(x), fb + fit(y)))
}

/// How many bytes on either side of a span [`same_line_fit`] looks at.
const SAME_LINE_WINDOW: usize = 256;

/// The most distinct letters of a line [`same_line_fit`] weighs a reading against.
const SAME_LINE_LETTERS: usize = 8;

/// Whether `text` has a non-ASCII capital with a small letter on either side (аВл), or ending a
/// word after two small letters (VoilĂ), or a word ending in a small non-ASCII letter right
/// after two capitals (ЖДАПАє, EUC-KR's 파일은 read as windows-1252 and then as windows-1251): no
/// word is written so (НовихОС, СЕЛинукс, 65МіБ are).
pub(super) fn capital_between_small(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let (mut before_prev, mut prev): (Option<char>, Option<char>) = (None, None);
    while let Some(c) = chars.next() {
        if !c.is_ascii()
            && c.is_uppercase()
            && prev.is_some_and(char::is_lowercase)
            && chars.peek().is_some_and(|n| n.is_lowercase())
        {
            return true;
        }
        if !c.is_ascii()
            && c.is_uppercase()
            && prev.is_some_and(char::is_lowercase)
            && before_prev.is_some_and(char::is_lowercase)
            && chars.peek().is_none_or(|n| !n.is_alpha())
        {
            // (A word of small letters ending in a capital, VoilĂ, is none either.)
            return true;
        }
        if !c.is_ascii()
            && c.is_lowercase()
            && prev.is_some_and(|p| !p.is_ascii() && p.is_uppercase())
            && before_prev.is_some_and(|p| !p.is_ascii() && p.is_uppercase())
            && chars.peek().is_none_or(|n| !n.is_alpha())
        {
            return true;
        }
        before_prev = prev;
        prev = Some(c);
    }
    false
}

/// What a capital after a small letter costs in the sibling ranking, in bits.
const CAPITAL_INSIDE_BITS: u32 = 8;

/// The words `text[range]` stands in, with `replacement` put in its place.
pub(super) fn words_with(text: &str, range: Range<usize>, replacement: &str) -> String {
    let words = word_bounds(text, range.clone());
    format!(
        "{}{replacement}{}",
        &text[words.start..range.start],
        &text[range.end..words.end]
    )
}

/// `range` widened to the letters on either side of it: the words it stands in.
pub(super) fn word_bounds(text: &str, range: Range<usize>) -> Range<usize> {
    let start = range.start
        - text[..range.start]
            .chars()
            .rev()
            .take_while(|&c| is_letter(c))
            .map(char::len_utf8)
            .sum::<usize>();
    let end = range.end
        + text[range.end..]
            .chars()
            .take_while(|&c| is_letter(c))
            .map(char::len_utf8)
            .sum::<usize>();
    start..end
}

/// Sorts `list` best gain first (among equals the earlier chain: the sort is stable) and picks
/// the candidates that overlap no better one; returns their indexes in text order.
pub(super) fn pick(list: &mut [Candidate]) -> Vec<usize> {
    list.sort_by_key(|c| std::cmp::Reverse(c.gain));
    let mut chosen: BTreeMap<usize, usize> = BTreeMap::new();
    let mut picked = Vec::new();
    for (i, cand) in list.iter().enumerate() {
        let r = &cand.span;
        let before_overlaps = chosen
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &end)| end > r.start);
        if !before_overlaps {
            chosen.insert(r.start, r.end);
            picked.push(i);
        }
    }
    picked.sort_by_key(|&i| list[i].range.start);
    picked
}

/// The least gain of a UTF-8 repair that settles a line without the legacy chains.
pub(super) const STRONG_UTF8_GAIN: i64 = 10;

/// Whether the best UTF-8 candidates found so far (each gaining at least [`STRONG_UTF8_GAIN`])
/// leave `text` with no sign of mojibake: then
/// the legacy chains, whose readings are weaker evidence than well-formed UTF-8 and would cost
/// ten more searches of the line, are not tried.
pub(super) fn utf8_explains(text: &str, list: &mut [Candidate]) -> bool {
    if list.is_empty()
        || list
            .iter()
            .any(|c| c.lossy || c.gain < STRONG_UTF8_GAIN || is_lone_cjk_reading(text, c))
    {
        return false;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for i in pick(list) {
        let c = &list[i];
        // A high-byte character left right beside a repair: the repair may have cut through a
        // legacy sequence (‚Í\u{81}A: Shift_JIS は、 whose middle is also valid UTF-8).
        let before = text[..c.range.start].chars().next_back();
        let after = text[c.range.end..].chars().next();
        if before.is_some_and(is_high_byte_char) || after.is_some_and(is_high_byte_char) {
            return false;
        }
        out.push_str(&text[last..c.range.start]);
        out.push_str(&c.replacement);
        last = c.range.end;
    }
    out.push_str(&text[last..]);
    !is_suspicious(&out) && !has_high_byte_pair(&out)
}
