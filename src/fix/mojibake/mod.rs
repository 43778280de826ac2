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
//!
//! The parts, in the order a line meets them: [`gate`] turns away lines that show no sign of
//! mojibake; [`whole_text`] reads a text that is one layer of UTF-8 mojibake throughout back at
//! once; [`search`] cuts a line into segments per chain and reads their runs; [`recovery`] fills
//! the bytes a wrong decoder lost; [`gain`] prices each candidate; [`rank`] weighs the
//! candidates of a line against each other and picks.

use std::borrow::Cow;

use crate::charset::Charset;
use crate::edit::apply;
use crate::fix::alphabets;
use crate::report::{Action, Chain, Step};
use crate::score::text_cost;

use gate::{Suspicion, is_suspicious, quickly_clean, suspicion};
use recovery::{LineMemo, LineOutcome, has_lost_a0_shape, lost_a0_variant};
use search::Searcher;
use whole_text::whole_text_utf8;

pub(crate) use gate::shows_utf8_byte;
pub(crate) use recovery::RecoveryModel;

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

/// The single-byte charset of an `encoding_rs` encoding (a macro so that it stays `const`).
macro_rules! single {
    ($e:ident) => {
        Charset::from_encoding(encoding_rs::$e)
    };
}

// (After the macro, which the submodules use too.)
mod gain;
mod gate;
mod rank;
mod recovery;
mod search;
#[cfg(test)]
mod tests;
mod whole_text;

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
    // (5 → 6: a piece of Thai whose bytes are two UTF-8 sequences, ิทิน as ԷԹ, outweighed its
    // reading by 1; CLDR's clean strings changed 250 → 225, short strings 98.27 → 98.23 %; 7
    // takes two more and four more short strings.)
    spec(Charset::UTF_8, single!(WINDOWS_874), 6),
    spec(Charset::UTF_8, Charset::IBM437, 5),
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
    // (7 → 6, with lone CJK symbols kept out: Big5 read as GBK 97.75 → 98.23 %, GBK read as
    // Big5 90.51 → 90.81, short strings 86.3 → 88.2 and 58.6 → 59.5; 5 gains more, and makes
    // the lossy GBK read as Big5 wrong twice as often.)
    spec(Charset::BIG5, Charset::GBK, 6),
    spec(Charset::GBK, Charset::BIG5, 6),
    // Legacy single-byte text read with another single-byte table: no byte structure tells,
    // only the plausibility of the two readings (letter pairs above all), so these come last
    // and pay most.
    spec(single!(WINDOWS_1251), Charset::WINDOWS_1252, 10),
    // (KOI8-R read as windows-1251 swaps the cases, which the letter pairs do not see, and
    // words of capitals read as words of small letters: less prior, measured, 10 → 5 repairs
    // 90.5 → 94.9 % of lines, 4 changes a clean string.)
    spec(single!(KOI8_R), single!(WINDOWS_1251), 5),
    // (windows-1250 read as windows-1252 changes one letter in a word or two, which the letter
    // triples and the line's alphabet weigh: 10 → 8 repairs 91.8 → 92.9 % of lines, short
    // strings 84.9 → 87.6, and changes no clean string; 6 makes Romanian Să of the piece Sã of
    // São.)
    spec(single!(WINDOWS_1250), Charset::WINDOWS_1252, 8),
    spec(single!(WINDOWS_1253), Charset::WINDOWS_1252, 10),
    spec(single!(WINDOWS_1255), Charset::WINDOWS_1252, 10),
    spec(single!(WINDOWS_1256), Charset::WINDOWS_1252, 10),
    spec(single!(WINDOWS_874), Charset::WINDOWS_1252, 10),
];

/// The Japanese particles after which a sentence never ends in writing (は, を, が, に, で, と,
/// て, も, へ, ば): a line that ends right after one ends a clause, with 、.
fn is_japanese_clause_particle(c: char) -> bool {
    matches!(
        c,
        'は' | 'を' | 'が' | 'に' | 'で' | 'と' | 'て' | 'も' | 'へ' | 'ば'
    )
}

/// The fewest letters of a word that counts as evidence for a re-reading with another table
/// (shorter ones, abbreviations like дд or ПО, are made by chance).
const KNOWN_WORD_MIN_LETTERS: u32 = 3;

/// The ASCII letters a line needs for a two-letter known word ([`is_mixed_pair`](crate::score::is_mixed_pair)) to count:
/// to open the line to the search (`has_word_known_through` in [`gate`]) or for a re-reading.
const MIXED_PAIR_LINE_LETTERS: usize = 8;

/// Whether two-letter known words ([`is_mixed_pair`](crate::score::is_mixed_pair)) count in `line`: it has
/// [`MIXED_PAIR_LINE_LETTERS`] ASCII letters (alone, ¿e is as likely a piece of Spanish ¿es as
/// Polish że).
fn counts_mixed_pairs(line: &str) -> bool {
    line.bytes().filter(u8::is_ascii_alphabetic).count() >= MIXED_PAIR_LINE_LETTERS
}

/// The candidates found so far, and the least gain worth keeping one for.
struct Collector {
    list: Vec<Candidate>,
    min_gain: i64,
    /// The line searched is Latin-script text in which no two CJK characters stand side by side
    /// (see [`is_latin_with_lone_cjk`](gain::is_latin_with_lone_cjk)); worked out on first need.
    latin_with_lone_cjk: Option<bool>,
    /// The line searched is Latin-script text in which letters of other alphabets come at most
    /// two together (see [`is_latin_with_lone_foreign`](gain::is_latin_with_lone_foreign)); worked out on first need.
    latin_with_lone_foreign: Option<bool>,
    /// The line searched holds a CJK letter; worked out on first need.
    has_cjk_letter: Option<bool>,
    /// The line searched has [`LATIN_SWAP_LINE_LETTERS`](gain::LATIN_SWAP_LINE_LETTERS) letters or more; worked out on first
    /// need.
    long_line: Option<bool>,
    /// The line searched holds a function word of a windows-1250 language
    /// ([`has_central_european_function_word`](crate::fix::words::has_central_european_function_word)); worked out on first need.
    central_european_words: Option<bool>,
    /// The letters of the line searched ([`gain::LineLetterCount`]); worked out on first need.
    line_letter_count: Option<gain::LineLetterCount>,
    /// Two-letter known words count in the line searched ([`counts_mixed_pairs`]); worked out
    /// on first need.
    mixed_pairs: Option<bool>,
    /// The candidates come from reading the whole line at once (see
    /// [`Searcher::whole_line_utf8`]).
    whole_line: bool,
    /// The accented letters of the line searched ([`alphabets::line_letters`]: whether they
    /// witness windows-1250 text or one windows-1252 language); worked out on first need.
    line_letters: Option<alphabets::LineLetters>,
    /// The chains whose reading of the line broke right beside a placeholder ('?' or U+FFFD):
    /// bytes were lost there and not recovered, so a repair along one of them is lossy even
    /// where its own run is whole (the lead byte of 資 stays as Ó before the '?' that took its
    /// trail byte, 資 Ó? for 資訊 through GBK read as windows-1252).
    broken_at_placeholder: Vec<Chain>,
}

/// One candidate repair of `range` (byte offsets in the text searched).
#[derive(Clone)]
struct Candidate {
    range: std::ops::Range<usize>,
    /// `range` with the non-ASCII characters next to it that the reading used but left as they
    /// were (ÃƒÂ¥ → Ã¥ changes only ƒÂ, yet needs Ã and ¥ to stay): no other candidate may
    /// change them too.
    span: std::ops::Range<usize>,
    replacement: String,
    chain: Chain,
    gain: i64,
    recovered: bool,
    lossy: bool,
}

impl Candidate {
    /// The same repair found along another chain.
    fn clone_for(&self, chain: Chain) -> Candidate {
        Candidate {
            chain,
            ..self.clone()
        }
    }
}

/// Undoes up to `max_layers` layers of mojibake in `text`.
pub(crate) fn fix_mojibake<'t>(
    text: &'t str,
    max_layers: u8,
    model: Option<&RecoveryModel>,
    settled: &mut Settled,
    steps: &mut Vec<Step>,
) -> Cow<'t, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let lines = Lines {
        max_layers,
        model,
        settled,
        decoded_whole: false,
        record: None,
    };
    with_searcher(|searcher| fix_lines(text, lines, searcher, steps))
}

/// [`fix_mojibake`] without a document model, keeping in `memo` the outcome of each line that
/// no lost byte of needed one for (taken from `early` where the repair proper found it before):
/// the repair of a document's head that its recovery model is counted from.
fn fix_mojibake_recorded(
    text: &str,
    max_layers: u8,
    settled: &mut Settled,
    (early, memo): (&LineMemo, &mut LineMemo),
) -> String {
    let lines = Lines {
        max_layers,
        model: None,
        settled,
        decoded_whole: false,
        record: Some((early, memo)),
    };
    with_searcher(|searcher| fix_lines(text, lines, searcher, &mut Vec::new()).into_owned())
}

/// Runs `f` with this thread's searcher.
fn with_searcher<T>(f: impl FnOnce(&mut Searcher) -> T) -> T {
    SEARCHER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => f(slot.get_or_insert_with(Searcher::new)),
        // Re-entered on this thread (the repair of the head that a document's recovery model is
        // counted from starts inside a search): a fresh searcher.
        Err(_) => f(&mut Searcher::new()),
    })
}

/// The lines a search has already left as they were. A line's repair depends on nothing but the
/// line and the document's recovery model, so when the repairs run again over their own output
/// (see `fix::repair_text`) such a line would be left alone again: it is not searched twice. A
/// lossy line keeps its U+FFFD, looks suspicious in every round, and would otherwise pay for the
/// whole search in each of them. The lines are kept as 128-bit digests
/// ([`recovery::digest`]), not copies: every line the full gate finds clean is kept, and a text
/// repaired in one piece would otherwise hold a second copy of most of it.
#[derive(Default)]
pub(crate) struct Settled(std::collections::HashSet<u128, foldhash::quality::RandomState>);

impl Settled {
    fn key(line: &str) -> u128 {
        recovery::digest(|h| std::hash::Hash::hash(line, h))
    }

    /// Keeps `line` as settled.
    fn settle(&mut self, line: &str) {
        self.0.insert(Self::key(line));
    }

    /// Whether `line` is settled.
    fn holds(&self, line: &str) -> bool {
        !self.0.is_empty() && self.0.contains(&Self::key(line))
    }
}

/// How [`fix_lines`] works on the lines of one text.
struct Lines<'a> {
    max_layers: u8,
    model: Option<&'a RecoveryModel>,
    settled: &'a mut Settled,
    /// The text is what [`whole_text_utf8`] read back: its lines are new to the next round.
    decoded_whole: bool,
    /// For the repair of the head a document model is counted from: the outcomes the repair
    /// proper found before, and where to keep the outcome of each line that did not depend on
    /// the model.
    record: Option<(&'a LineMemo, &'a mut LineMemo)>,
}

/// Whether another round of the search would leave `line` as it is, given that the last layer
/// that came to it found `signs` ([`suspicion`]) and, if any, no repair: a repaired line so
/// settled is not searched again by the next round (which would search it with the same model
/// and find nothing), unless that round would try more than the search, the lookahead of a line
/// still showing a multi-byte reading or a lost 0xA0.
fn settles(line: &str, signs: Suspicion, max_layers: u8) -> bool {
    let looks_ahead = max_layers > 1
        && matches!(signs, Suspicion::Encoding | Suspicion::Multibyte)
        && !line.contains('\u{FFFD}');
    !looks_ahead && !has_lost_a0_shape(line)
}

thread_local! {
    /// One searcher per thread: its encoders and memos warm up once, not once per string
    /// (JSON Lines of short strings would pay for them every time).
    static SEARCHER: std::cell::RefCell<Option<Searcher>> = const { std::cell::RefCell::new(None) };
}

/// Writes the repaired `fixed` in place of `line` (which starts at `start` of `text`) into `out`
/// (the text up to `copied` is there already), its steps moved to where it lands; a `stable`
/// line goes to the settled set.
fn settle_or_emit(
    (text, start, line): (&str, usize, &str),
    (fixed, stable, line_steps): (String, bool, Vec<Step>),
    (out, copied): (&mut String, &mut usize),
    settled: &mut Settled,
    steps: &mut Vec<Step>,
) {
    if stable {
        settled.settle(&fixed);
    }
    if out.capacity() == 0 {
        out.reserve(text.len() + text.len() / 8);
    }
    out.push_str(&text[*copied..start]);
    let base = out.len();
    steps.extend(line_steps.into_iter().map(|mut s| {
        s.range = s.range.start + base..s.range.end + base;
        s
    }));
    out.push_str(&fixed);
    *copied = start + line.len();
}

fn fix_lines<'t>(
    text: &'t str,
    lines: Lines<'_>,
    searcher: &mut Searcher,
    steps: &mut Vec<Step>,
) -> Cow<'t, str> {
    if searcher.whole_line
        && lines.max_layers > 0
        && let Some((decoded, chain)) = whole_text_utf8(text, steps)
    {
        // The outer layer is undone for the whole text; what it hid gets the usual search, and
        // the lines it left for their lost bytes the search along its chain.
        searcher.whole_text_hits += 1;
        let inner = Lines {
            max_layers: lines.max_layers - 1,
            decoded_whole: true,
            ..lines
        };
        let outer = searcher.text_chain.replace(chain);
        let fixed = fix_lines(&decoded, inner, searcher, steps).into_owned();
        searcher.text_chain = outer;
        return Cow::Owned(fixed);
    }
    let Lines {
        max_layers,
        model,
        settled,
        decoded_whole,
        mut record,
    } = lines;
    let mut out = String::new();
    let mut copied = 0;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        if line.is_ascii() || settled.holds(line) {
            continue;
        }
        if quickly_clean(line) {
            continue;
        }
        // (A line the repair of the head already searched, with an outcome the model does not
        // change: taken as it is.)
        let known = match &record {
            Some((early, _)) => early.get(line, max_layers, decoded_whole),
            None => model.and_then(|m| m.outcome_of(line, max_layers, decoded_whole)),
        };
        if let Some(outcome) = known {
            if let Some((_, memo)) = record.as_mut() {
                memo.insert(line, outcome.clone());
            }
            if let Some(fixed) = &outcome.fixed {
                settle_or_emit(
                    (text, start, line),
                    (fixed.clone(), outcome.stable, outcome.steps.clone()),
                    (&mut out, &mut copied),
                    settled,
                    steps,
                );
            } else {
                settled.settle(line);
            }
            continue;
        }
        let asks_before = recovery::model_asks();
        let first = suspicion(line);
        if first == Suspicion::None && !has_lost_a0_shape(line) {
            // The next round (after a repair elsewhere in the text, or of a text read back
            // whole) meets the line again as it is, and need not weigh its signs a second time:
            // a Ukrainian page with two English lines of mojibake paid for the gate of every
            // line twice. (Lines the quick gate passes are not kept: it is cheaper than a
            // lookup.)
            settled.settle(line);
            // Kept as a searched line's outcome is: the repair of the head that a document
            // model is counted from meets the line again (as the repair proper does after it),
            // and need not weigh its signs a second time (a clean Cyrillic page with a lost
            // byte to rank paid for the gate of every line twice).
            let unchanged = || LineOutcome {
                fixed: None,
                stable: true,
                steps: Vec::new(),
                layers: max_layers,
                decoded_whole,
            };
            match (record.as_mut(), model) {
                (Some((_, memo)), _) => memo.insert(line, unchanged()),
                (None, Some(model)) if model.wants_early_outcomes() => {
                    model.remember(line, &unchanged());
                }
                _ => {}
            }
            continue;
        }
        // Layers are undone line by line: a line's repairs never depend on another line.
        let mut line_steps = Vec::new();
        let (mut current, left) = layers(
            searcher,
            (Cow::Borrowed(line), first),
            max_layers,
            model,
            0,
            &mut line_steps,
        );
        // What the line came to, if another round would leave it as it is (see
        // [`settles`]); forgotten if a try below changes it further.
        // (Lines of a text read back whole are searched with a layer fewer than the next
        // round will.)
        let round_layers = max_layers.saturating_add(u8::from(decoded_whole));
        let mut stable = left.is_some_and(|signs| settles(&current, signs, round_layers));
        // (The lookahead is for UTF-8 and CJK readings: a line that only shows the shape of a
        // re-tabled reading, like clean Polish, does not pay for it.)
        if max_layers > 1
            && !current.contains('\u{FFFD}')
            && matches!(
                left.unwrap_or_else(|| suspicion(&current)),
                Suspicion::Encoding | Suspicion::Multibyte
            )
        {
            // Still damaged (and not merely lossy, which no second step mends): the outer layer
            // of a double mojibake can look no better than what
            // it hides (UTF-8 → GBK → windows-1252 leaves GBK mojibake after one step). Take a
            // first step that costs, then the usual ones, and keep it if the end is cheaper.
            let mut trial_steps = Vec::new();
            let (trial, _) = layers(
                searcher,
                (Cow::Borrowed(line), Suspicion::Encoding),
                max_layers,
                model,
                -LOOKAHEAD_SLACK,
                &mut trial_steps,
            );
            // Only a two-step repair that ends in clean-looking text: on garbage it would just
            // trade one mess for another (and a second repair would pick yet another).
            if !is_suspicious(&trial)
                && text_cost(None, &trial, None) + LOOKAHEAD_MARGIN
                    < text_cost(None, &current, None)
            {
                current = trial;
                line_steps = trial_steps;
                stable = false;
            }
        }
        if let Some((variant, step)) = lost_a0_variant(&current) {
            // A space where windows-1252 text needs a continuation byte: the 0xA0 of à or Р
            // became an ordinary space (Ã perturber). Read it as 0xA0 and keep the whole try
            // only if it leaves the line clean.
            let mut variant_steps = vec![step];
            let (repaired, _) = layers(
                searcher,
                (Cow::Owned(variant), Suspicion::Encoding),
                max_layers,
                model,
                0,
                &mut variant_steps,
            );
            if !repaired.contains('\u{A0}') && !is_suspicious(&repaired) {
                line_steps.extend(variant_steps);
                current = Cow::Owned(repaired.into_owned());
                stable = false;
            }
        }
        // Bytes filled where a decoder lost them, in a line that still shows mojibake after
        // the repair: the fill was chosen in a reading that explains the line only in part (a
        // second layer hid the real bytes: Ð“Ð? for è through windows-1251, then
        // windows-1252, is no ГА), so the loss is reported, not hidden.
        if line_steps
            .iter()
            .any(|s| matches!(s.action, Action::RecoveredBytes(_)) && !s.lossy)
            && is_suspicious(&current)
        {
            for step in &mut line_steps {
                step.lossy |= matches!(step.action, Action::RecoveredBytes(_));
            }
        }
        if recovery::model_asks() == asks_before
            && (record.is_some() || model.is_some_and(RecoveryModel::wants_early_outcomes))
        {
            let outcome = LineOutcome {
                fixed: match &current {
                    Cow::Borrowed(_) => None,
                    Cow::Owned(fixed) => Some(fixed.clone()),
                },
                stable,
                steps: line_steps.clone(),
                layers: max_layers,
                decoded_whole,
            };
            match (record.as_mut(), model) {
                (Some((_, memo)), _) => memo.insert(line, outcome),
                (None, Some(model)) => model.remember(line, &outcome),
                (None, None) => {}
            }
        }
        match current {
            Cow::Borrowed(unchanged) => {
                settled.settle(unchanged);
            }
            Cow::Owned(fixed) => settle_or_emit(
                (text, start, line),
                (fixed, stable, line_steps),
                (&mut out, &mut copied),
                settled,
                steps,
            ),
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// How much a first step may cost when a second one is tried after it.
const LOOKAHEAD_SLACK: i64 = 40;

/// How much cheaper a two-step repair must end than the usual one to be taken.
const LOOKAHEAD_MARGIN: u32 = 12;

/// Undoes up to `max_layers` layers of one line, which [`suspicion`] has let through with
/// `first` (the chains searched follow from it, layer by layer); the first layer takes
/// candidates whose gain exceeds `first_min_gain` (0 normally, negative to look ahead), later
/// ones need a positive gain. Returns what is left, with its [`suspicion`] when it is known.
fn layers<'l>(
    searcher: &mut Searcher,
    (line, first): (Cow<'l, str>, Suspicion),
    max_layers: u8,
    model: Option<&RecoveryModel>,
    first_min_gain: i64,
    steps: &mut Vec<Step>,
) -> (Cow<'l, str>, Option<Suspicion>) {
    let mut current = line;
    let mut left = None;
    for layer in 0..max_layers {
        let signs = if layer == 0 {
            first
        } else if current.is_ascii() {
            Suspicion::None
        } else {
            suspicion(&current)
        };
        left = Some(signs);
        if signs == Suspicion::None {
            break;
        }
        let min_gain = if layer == 0 { first_min_gain } else { 0 };
        let mut changed = false;
        current = apply(current, steps, |s, st| {
            let r = searcher.one_layer(s, model, (min_gain, signs), st);
            changed = matches!(r, Cow::Owned(_));
            r
        });
        if !changed {
            break;
        }
        left = None;
    }
    (current, left)
}
