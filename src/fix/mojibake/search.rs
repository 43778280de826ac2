//! The search proper: the per-thread [`Searcher`], the segments a chain can re-encode, and the
//! runs that read well-formed along the actual charset.

use crate::score::Alphabetic;
use std::borrow::Cow;

use crate::charset::{CharEncoder, Charset, DecodeCache, Unit};
use crate::edit::Rewriter;
use crate::report::{Action, Chain, Step};
use crate::score::{is_cjk_letter, is_word_letter};

use super::gain::{add_candidate, finish_run, is_cjk_legacy};
use super::gate::{Suspicion, single_byte_of, utf8_lead_pairs};
use super::rank::{
    pick, rank_cjk_words_over_capitals, rank_sibling_readings, utf8_explains, whole_line_explains,
};
use super::recovery::{
    Recovery, RecoveryModel, known_word_fill, placeholder_is_lost_character, recover_legacy,
    recover_utf8, starts_sentence,
};
use super::{CHAINS, Candidate, ChainSpec, Collector};

/// The letters (of [`is_word_letter`]) whose two-byte UTF-8 sequence the wrong charset, a
/// legacy CJK one, rejects whole, leaving one placeholder (ß = C3 9F and č = C4 8D in Big5):
/// what a '?' inside a word of such a reading may have been. Empty for other charsets.
fn lost_whole_letters(wrong: Charset) -> &'static [char] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<(Charset, Vec<char>)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut v: Vec<(Charset, Vec<char>)> = Vec::new();
        let mut out = String::new();
        for spec in CHAINS {
            let w = spec.chain.wrong;
            if w.is_single_byte() || w.is_utf8() || v.iter().any(|(c, _)| *c == w) {
                continue;
            }
            let mut letters = Vec::new();
            for lead in 0xC2u8..=0xDF {
                for trail in 0x80u8..=0xBF {
                    out.clear();
                    crate::decode::decode_lossy(w, &[lead, trail], &mut out);
                    let seq = [lead, trail];
                    let Some(c) = std::str::from_utf8(&seq)
                        .ok()
                        .and_then(|s| s.chars().next())
                    else {
                        continue;
                    };
                    if out == "\u{FFFD}" && is_word_letter(c) {
                        letters.push(c);
                    }
                }
            }
            v.push((w, letters));
        }
        v
    });
    table
        .iter()
        .find(|(c, _)| *c == wrong)
        .map_or(&[], |(_, letters)| letters.as_slice())
}

/// The encoders of every chain and the scratch buffers of the search, made once per text.
pub(super) struct Searcher {
    encoders: Vec<CharEncoder>,
    pub(super) seg: Segment,
    pub(super) decoded: String,
    decode_cache: DecodeCache,
    pub(super) candidates: Collector,
    /// Scratch for [`Searcher::whole_line_utf8`].
    whole_line_first: Vec<u8>,
    /// Whether the whole-line fast path is taken (off only in the test that checks it against
    /// the search proper).
    pub(super) whole_line: bool,
    /// How many lines the fast path settled (for that test).
    pub(super) whole_line_hits: usize,
    /// How many texts [`whole_text_utf8`](super::whole_text::whole_text_utf8) read whole (for its test).
    pub(super) whole_text_hits: usize,
    /// The chain a text was read back whole along, while the lines that reading left for the
    /// search (those with a lost byte's U+FFFD) are searched: only that chain is searched on
    /// them ([`Searcher::one_layer`]).
    pub(super) text_chain: Option<Chain>,
}

impl Searcher {
    pub(super) fn new() -> Searcher {
        Searcher {
            encoders: CHAINS
                .iter()
                .map(|spec| CharEncoder::new(spec.chain.wrong))
                .collect(),
            seg: Segment::default(),
            decoded: String::new(),
            decode_cache: DecodeCache::default(),
            candidates: Collector {
                list: Vec::new(),
                min_gain: 0,
                latin_with_lone_cjk: None,
                line_letters: None,
                latin_with_lone_foreign: None,
                has_cjk_letter: None,
                long_line: None,
                central_european_words: None,
                line_letter_count: None,
                mixed_pairs: None,
                whole_line: false,
                broken_at_placeholder: Vec::new(),
            },
            whole_line_first: Vec::new(),
            text_chain: None,
            whole_line: true,
            whole_line_hits: 0,
            whole_text_hits: 0,
        }
    }

    /// Finds the best non-overlapping candidates of every chain in `text` and applies them.
    pub(super) fn one_layer<'t>(
        &mut self,
        text: &'t str,
        model: Option<&RecoveryModel>,
        (min_gain, signs): (i64, Suspicion),
        steps: &mut Vec<Step>,
    ) -> Cow<'t, str> {
        let retable_only = matches!(signs, Suspicion::Retable | Suspicion::LoneLetters);
        let lone_only = signs == Suspicion::LoneLetters;
        let multibyte_only = signs == Suspicion::Multibyte;
        self.candidates.list.clear();
        self.candidates.broken_at_placeholder.clear();
        self.candidates.min_gain = min_gain;
        self.candidates.latin_with_lone_cjk = None;
        self.candidates.line_letters = None;
        self.candidates.latin_with_lone_foreign = None;
        self.candidates.has_cjk_letter = None;
        self.candidates.long_line = None;
        self.candidates.central_european_words = None;
        self.candidates.line_letter_count = None;
        self.candidates.mixed_pairs = None;
        let adjacent = has_adjacent_non_ascii(text);
        let utf8_shapes = if adjacent { utf8_lead_pairs(text) } else { 0 };
        // A CJK decoder reads the lead byte of a UTF-8 sequence (0xC2..=0xF4) as the start of
        // a Han, Hangul or halfwidth katakana character (or a user-defined one, or U+FFFD), and
        // Big5 and GBK read each other as Han: a line without any character from U+2E80 on
        // was read by none of them.
        // (U+FFFD is what any decoder leaves of a byte it could not read: it says nothing of
        // which one, and does not rule out a single-byte text read with another table.)
        let cjk_decoded = text.chars().any(|c| c >= '\u{2E80}' && c != '\u{FFFD}');
        let cjk_or_lost = cjk_decoded || text.contains('\u{FFFD}');
        // The whole line read as UTF-8 may explain it; else the search proper starts afresh.
        self.candidates.whole_line = true;
        let explained = self.whole_line
            && !retable_only
            && self.whole_line_utf8(text, model, cjk_or_lost, utf8_shapes);
        self.candidates.whole_line = false;
        if explained {
            self.whole_line_hits += 1;
        } else {
            self.candidates.list.clear();
        }
        // A line with a lost byte in a text read back whole along one chain, which left it for
        // its recovery: the text's chain made it (the others cost a lossy page ten times the
        // search, and a line of CJK mojibake with holes reads along another chain only by
        // chance).
        let text_chain = self.text_chain.filter(|_| text.contains('\u{FFFD}'));
        for (index, (spec, encoder)) in CHAINS.iter().zip(self.encoders.iter_mut()).enumerate() {
            if explained {
                break;
            }
            if text_chain.is_some_and(|chain| chain != spec.chain) {
                continue;
            }
            // A line that holds CJK text was never single-byte text as a whole either: its
            // accented Latin letters are what they say (the pinyin of "學(xué)").
            if (!cjk_or_lost && !spec.chain.wrong.is_single_byte())
                || (cjk_decoded && spec.chain.actual.is_single_byte())
                || (retable_only && !spec.chain.actual.is_single_byte())
                || (lone_only && spec.chain.actual != single!(WINDOWS_1250))
                || (multibyte_only && spec.chain.actual.is_single_byte())
            {
                continue;
            }
            if !spec.chain.actual.is_utf8()
                && index > 0
                && CHAINS[index - 1].chain.actual.is_utf8()
                && utf8_explains(text, &mut self.candidates.list)
            {
                break;
            }
            // UTF-8 (and EUC-JP) read byte by byte always leaves adjacent non-ASCII characters;
            // GBK, Big5, Shift_JIS and UHC have trail bytes in the ASCII range, so no such rule.
            let all_high = spec.chain.actual.is_utf8() || spec.chain.actual == Charset::EUC_JP;
            if spec.chain.wrong.is_single_byte() && all_high && !adjacent {
                continue;
            }
            // UTF-8 read with a single-byte charset leaves a lead byte's character right before a
            // continuation byte's: without one for this charset, the chain has nothing to find.
            if spec.chain.actual.is_utf8()
                && spec.chain.wrong.is_single_byte()
                && utf8_shapes & (1u64 << index) == 0
            {
                continue;
            }
            search_chain(
                text,
                spec,
                encoder,
                &mut self.seg,
                (&mut self.decoded, &mut self.decode_cache),
                model,
                &mut self.candidates,
            );
            if spec.chain.actual.is_single_byte() {
                whole_line_retable(
                    text,
                    spec,
                    encoder,
                    &mut self.seg.bytes,
                    &mut self.candidates,
                );
            }
        }
        if self.candidates.list.is_empty() {
            return Cow::Borrowed(text);
        }
        rank_sibling_readings(text, &mut self.candidates.list);
        rank_cjk_words_over_capitals(&mut self.candidates.list);
        if min_gain < 0 {
            keep_widest_utf8_readings(&mut self.candidates.list);
        }
        let picked = pick(&mut self.candidates.list);
        let mut rw = Rewriter::new(text);
        for i in picked {
            let c = &self.candidates.list[i];
            let action = if c.recovered {
                Action::RecoveredBytes(c.chain)
            } else {
                Action::Mojibake(c.chain)
            };
            let lossy = c.lossy
                || self.candidates.broken_at_placeholder.contains(&c.chain)
                || (is_cjk_to_cjk(c.chain) && placeholder_beside_cjk(text));
            rw.replace(c.range.clone(), &c.replacement, action, lossy);
        }
        rw.finish(steps)
    }
}

/// For a first step that may cost (the lookahead of a double mojibake, where no step gains):
/// drops every reading whose span lies inside the wider span of a UTF-8 reading through a
/// single-byte table (a UTF-8 reading inside it only if it reads the shared bytes alike). The
/// outer layer of a double mojibake is one reading of all its bytes, and the wider reading
/// explains more of them: ConfiguraciÐ“Ñ–n (ó through windows-1251, then windows-1252) is Гі
/// through windows-1252, where the cheaper і of Ñ– alone through windows-1254 would leave Ð“
/// behind; oubliÐ“Â© is Г© through windows-1252, not Ð“ beside GBK's 漏 for Â©.
fn keep_widest_utf8_readings(list: &mut Vec<Candidate>) {
    // (Each candidate is held against every other: on a line of more candidates than this the
    // readings are left as they are, so that the search stays linear in the line.)
    if list.len() > WIDEST_READINGS_MAX_CANDIDATES {
        return;
    }
    let utf8_single = |c: &Candidate| c.chain.actual.is_utf8() && c.chain.wrong.is_single_byte();
    let contained = |c: &Candidate| {
        list.iter().any(|d| {
            utf8_single(d)
                && d.span.start <= c.span.start
                && c.span.end <= d.span.end
                && d.span.len() > c.span.len()
                && (!utf8_single(c) || d.replacement.contains(c.replacement.as_str()))
        })
    };
    let drop: Vec<bool> = list.iter().map(contained).collect();
    let mut index = 0;
    list.retain(|_| {
        index += 1;
        !drop[index - 1]
    });
}

/// The most candidates [`keep_widest_utf8_readings`] compares pairwise.
const WIDEST_READINGS_MAX_CANDIDATES: usize = 256;

/// Whether `chain` is one legacy CJK charset read as another (Big5 as GBK, GBK as Big5).
pub(super) fn is_cjk_to_cjk(chain: Chain) -> bool {
    is_cjk_legacy(chain.actual) && is_cjk_legacy(chain.wrong)
}

/// Whether `line` has a '?' beside a CJK letter (a space between allowed): where one CJK
/// charset read another, the wrong decoder's placeholder for a character it could not read
/// (帳 ? 建 for 帳 號 建, 號 having no Big5 reading of its GBK bytes), which no repair brings back.
fn placeholder_beside_cjk(line: &str) -> bool {
    line.match_indices('?').any(|(i, _)| {
        let (before, after) = (&line[..i], &line[i + 1..]);
        let before = before.strip_suffix(' ').unwrap_or(before);
        let after = after.strip_prefix(' ').unwrap_or(after);
        before.chars().next_back().is_some_and(is_cjk_letter)
            || after.chars().next().is_some_and(is_cjk_letter)
    })
}

impl Searcher {
    /// The fast path of the common case, a line that is mojibake from end to end: re-encodes
    /// the whole line (without its line break) along each UTF-8 chain that [`Searcher::one_layer`]
    /// would search, and keeps every strict UTF-8 reading as a candidate. True if those
    /// candidates explain the line ([`utf8_explains`]): the search proper would find the same
    /// runs (a line that re-encodes and decodes whole is one run per chain) and stop at the
    /// same point, character by character and ten times slower. False leaves the line to it.
    fn whole_line_utf8(
        &mut self,
        text: &str,
        model: Option<&RecoveryModel>,
        cjk_decoded: bool,
        utf8_shapes: u64,
    ) -> bool {
        let body = text.strip_suffix('\n').unwrap_or(text);
        if body.contains('\n') {
            return false;
        }
        if body.contains(['\u{FFFD}', '?']) {
            return self.whole_line_lossy(text, body, model, cjk_decoded, utf8_shapes);
        }
        let bytes = &mut self.seg.bytes;
        // The first reading of the line through a plain single-byte table, and the candidate it
        // gave (if any): most tables show the same bytes alike (windows-1252, ISO-8859-1 and
        // windows-1254 for French), and the same bytes make the same candidate, whose gain
        // differs only by the chains' priors.
        let first = &mut self.whole_line_first;
        first.clear();
        let mut first_found: Option<(i64, Option<usize>)> = None;
        let plain = |chain: Chain| chain.wrong.is_single_byte() && chain.wrong != Charset::IBM437;
        for (index, (spec, encoder)) in CHAINS.iter().zip(self.encoders.iter_mut()).enumerate() {
            let chain = spec.chain;
            if !chain.actual.is_utf8() {
                break;
            }
            // GBK shows € for two byte sequences: the search picks per character.
            let euro = chain.wrong == Charset::GBK && body.contains('€');
            if !whole_line_wants(index, cjk_decoded, utf8_shapes) || euro {
                continue;
            }
            if !encode_line(body, encoder, bytes) {
                continue;
            }
            let list = &mut self.candidates.list;
            if plain(chain)
                && let Some((first_prior, Some(i))) = first_found
                && *bytes == *first
            {
                let mut twin = list[i].clone_for(chain);
                twin.gain += first_prior - spec.prior;
                if twin.gain > self.candidates.min_gain {
                    list.push(twin);
                }
                continue;
            }
            let Ok(decoded) = std::str::from_utf8(bytes) else {
                continue;
            };
            let before = list.len();
            add_candidate(
                text,
                spec,
                0..body.len(),
                decoded,
                (false, false),
                &mut self.candidates,
            );
            if plain(chain) && first_found.is_none() {
                first.extend_from_slice(bytes);
                // (Without a candidate, a twin is weighed in full: its prior may let it pass.)
                let found = (self.candidates.list.len() > before).then_some(before);
                first_found = Some((spec.prior, found));
            }
        }
        whole_line_explains(text, &mut self.candidates.list)
    }

    /// [`Searcher::whole_line_utf8`] for a line with lost bytes ('?' or U+FFFD) in it: each
    /// chain that encodes the whole line is read as one segment, as the search proper reads
    /// it, lost bytes recovered where the model is sure.
    fn whole_line_lossy(
        &mut self,
        text: &str,
        body: &str,
        model: Option<&RecoveryModel>,
        cjk_decoded: bool,
        utf8_shapes: u64,
    ) -> bool {
        for (index, (spec, encoder)) in CHAINS.iter().zip(self.encoders.iter_mut()).enumerate() {
            let chain = spec.chain;
            if !chain.actual.is_utf8() {
                break;
            }
            if !whole_line_wants(index, cjk_decoded, utf8_shapes)
                || self.seg.encode(encoder, text, 0) != body.len()
            {
                continue;
            }
            if self.seg.has_non_ascii {
                let scratch = (&mut self.decoded, &mut self.decode_cache);
                scan_segment(text, &self.seg, spec, scratch, model, &mut self.candidates);
            }
        }
        whole_line_explains(text, &mut self.candidates.list)
    }
}

/// Encodes all of `body` into `bytes` (cleared first) with the wrong charset's `encoder`; false if
/// a character has no byte in it (U+FFFD never has: it stands for bytes already lost).
fn encode_line(body: &str, encoder: &mut CharEncoder, bytes: &mut Vec<u8>) -> bool {
    bytes.clear();
    body.chars().all(|c| {
        if c.is_ascii() {
            bytes.push(c as u8);
            true
        } else {
            c != '\u{FFFD}' && encoder.encode_char(c, bytes)
        }
    })
}

/// Single-byte text read with another single-byte table, weighed line by line as well as run by
/// run: a word or two with one changed letter each (naèinu for načinu) does not clear the
/// chain's prior alone, the letter pairs of all the line's changed words together do, and pay
/// it once. The line is re-encoded with the wrong table (`encoder`) and decoded with the actual
/// one; a line that does not re-encode whole, or reads as the same, gives nothing.
fn whole_line_retable(
    text: &str,
    spec: &ChainSpec,
    encoder: &mut CharEncoder,
    bytes: &mut Vec<u8>,
    out: &mut Collector,
) {
    let body = text.strip_suffix('\n').unwrap_or(text);
    if !encode_line(body, encoder, bytes) {
        return;
    }
    let mut decoded = String::with_capacity(body.len());
    crate::decode::decode_lossy(spec.chain.actual, bytes, &mut decoded);
    if decoded == body || decoded.contains('\u{FFFD}') {
        return;
    }
    add_candidate(text, spec, 0..body.len(), &decoded, (false, false), out);
}

/// Whether the whole-line path reads the line along UTF-8 chain `index`: as the search proper
/// would, a single-byte one only where the line shows its lead/continuation pairs, a CJK one
/// only where the line holds characters from U+2E80 on.
fn whole_line_wants(index: usize, cjk_decoded: bool, utf8_shapes: u64) -> bool {
    match CHAINS.get(index) {
        Some(spec) if spec.chain.wrong.is_single_byte() => utf8_shapes & (1u64 << index) != 0,
        Some(_) => cjk_decoded,
        None => false,
    }
}

/// The non-ASCII characters a whole-line UTF-8 reading must make for the fast path to take it
/// whatever they are; fewer must be everyday letters (cost up to [`WHOLE_LINE_FEW_MAX_COST`]).
pub(super) const WHOLE_LINE_MIN_CHARS: usize = 3;

/// The non-ASCII characters from which a strict whole-line reading through a CJK decoder is
/// taken whatever it costs.
pub(super) const WHOLE_LINE_CERTAIN_CHARS: usize = 6;

/// The non-ASCII characters from which a whole-line reading pays no foreign penalty.
pub(super) const WHOLE_LINE_STRUCTURAL_CHARS: usize = 4;

/// The dearest character a short whole-line reading may make (é, ß, ж: not ע or ӛ).
pub(super) const WHOLE_LINE_FEW_MAX_COST: u32 = 10;

/// Whether windows-1252 shows `c` for a high byte (0x80..=0xFF).
pub(super) fn is_high_byte_char(c: char) -> bool {
    matches!(
        c,
        '\u{80}'
            ..='\u{FF}'
                | '€'
                | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
    )
}

/// Whether two characters that windows-1252 shows for high bytes stand side by side: what
/// legacy CJK text read as windows-1252 leaves (‚Ü‚· for Shift_JIS kana), which the UTF-8
/// chains cannot explain.
pub(super) fn has_high_byte_pair(text: &str) -> bool {
    let mut prev = false;
    for c in text.chars() {
        let h = is_high_byte_char(c);
        if h && prev {
            return true;
        }
        prev = h;
    }
    false
}

/// Characters a single-byte charset can never encode: a cheap test that spares the encoder.
fn surely_unencodable(wrong: Charset, c: char) -> bool {
    wrong.is_single_byte() && c >= '\u{2600}' && c != '\u{FFFD}'
}

/// Finds the candidates of one chain in `text`.
fn search_chain(
    text: &str,
    spec: &ChainSpec,
    encoder: &mut CharEncoder,
    seg: &mut Segment,
    (decoded, cache): (&mut String, &mut DecodeCache),
    model: Option<&RecoveryModel>,
    out: &mut Collector,
) {
    let wrong = spec.chain.wrong;
    let mut pos = 0;
    while pos < text.len() {
        // Skip characters that cannot start a segment.
        let rest = &text[pos..];
        let Some(c) = rest.chars().next() else { break };
        if c == '\n' || surely_unencodable(wrong, c) {
            pos += c.len_utf8();
            continue;
        }
        let consumed = seg.encode(encoder, text, pos);
        if consumed == 0 {
            pos += c.len_utf8();
            continue;
        }
        if seg.has_non_ascii {
            scan_segment(text, seg, spec, (decoded, cache), model, out);
        }
        pos += consumed;
    }
}

/// Whether some non-ASCII character stands right before another one, '?' or U+FFFD: every
/// reading of multi-byte text through a single-byte charset leaves such a pair, so text without
/// one needs no single-byte chain at all (most Western European text).
fn has_adjacent_non_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        // Skip to the end of this character, then look at the next one.
        i += 1;
        while i < bytes.len() && (0x80..0xC0).contains(&bytes[i]) {
            i += 1;
        }
        if bytes.get(i).is_some_and(|&b| b >= 0x80 || b == b'?') {
            return true;
        }
    }
    false
}

/// A stretch of text re-encoded with the wrong charset, with the map between the two.
#[derive(Default)]
pub(super) struct Segment {
    /// The bytes the wrong decoder saw.
    pub(super) bytes: Vec<u8>,
    /// Byte offset (in `bytes`) where each character of the wrong reading starts, plus the end.
    byte_at: Vec<usize>,
    /// Text offset where each character starts, plus the end.
    pub(super) text_at: Vec<usize>,
    /// Offsets in `bytes` that were '?' or U+FFFD in the text (both stand there as b'?').
    pub(super) wildcards: Vec<usize>,
    /// Offsets in `bytes` that were U+FFFD: they read as U+FFFD again unless a lost byte is
    /// recovered, never as the placeholder '?'.
    pub(super) replacement_chars: Vec<usize>,
    has_non_ascii: bool,
    /// The character of the text right before the segment.
    pub(super) before: Option<char>,
    /// Whether the segment starts a sentence ([`starts_sentence`]).
    pub(super) sentence_start: Option<bool>,
    /// Whether the GBK decoder that made the segment is of Python's kind (Python's, iconv's and
    /// MySQL's GBK have no € and no user-defined area, so 一, E4 B8 80, reads as 涓 and a lost
    /// byte): a lost byte stands right before another non-ASCII one, where a browser's decoder
    /// loses none (it reads any lead byte with a high byte after it, and 0x80 as €), and the
    /// segment shows no €. See [`gbk_loses`](super::recovery::gbk_loses).
    pub(super) python_gbk: bool,
    /// Lost bytes ahead that an earlier hole of the same word looked up ([`known_word_fill`]):
    /// offset in `bytes` of the sequence, and the fill the known words decided, if they did.
    pub(super) word_fills: std::cell::RefCell<Vec<(usize, Option<char>)>>,
    /// The alphabets that hold every accented Latin letter of the segment
    /// ([`alphabets::home_alphabets`](crate::fix::alphabets::home_alphabets)), worked out when a lost byte's fill first needs them.
    pub(super) home: std::cell::OnceCell<Option<u64>>,
    /// The written forms of Chinese its Han characters show ([`HanForms`](super::recovery::HanForms)), worked out when a lost
    /// byte's fill first needs them.
    pub(super) han_forms: std::cell::OnceCell<super::recovery::HanForms>,
    /// The digest of what the segment holds ([`Segment::digest`]), worked out on first need.
    digest: std::cell::Cell<Option<u128>>,
}

impl Segment {
    /// A digest of everything a lost byte's ranking reads of the segment (its bytes, holes,
    /// the character before it and where a sentence starts), for
    /// the key of each of its lost bytes (`recovery::hole_key`): worked out once per segment.
    pub(super) fn digest(&self) -> u128 {
        use std::hash::Hash;
        if let Some(digest) = self.digest.get() {
            return digest;
        }
        let digest = super::recovery::digest(|h| {
            self.bytes.hash(h);
            self.wildcards.hash(h);
            self.replacement_chars.hash(h);
            self.before.hash(h);
            self.sentence_start.hash(h);
            self.python_gbk.hash(h);
        });
        self.digest.set(Some(digest));
        digest
    }

    /// Encodes from `text[start..]` up to the first character `wrong` cannot encode or a line
    /// break; returns the number of text bytes taken.
    pub(super) fn encode(&mut self, encoder: &mut CharEncoder, text: &str, start: usize) -> usize {
        self.bytes.clear();
        self.byte_at.clear();
        self.text_at.clear();
        self.wildcards.clear();
        self.replacement_chars.clear();
        self.word_fills.get_mut().clear();
        self.home.take();
        self.han_forms.take();
        self.digest.set(None);
        self.has_non_ascii = false;
        self.before = text[..start].chars().next_back();
        self.sentence_start = starts_sentence(text[..start].chars().rev());
        let mut pos = start;
        let gb_euro = encoder.charset() == Charset::GBK || encoder.charset() == Charset::GB18030;
        let mut chars = text[start..].chars().peekable();
        let mut shows_euro = false;
        while let Some(c) = chars.next() {
            if c == '\n' {
                break;
            }
            let before = self.bytes.len();
            if c == '€' && gb_euro {
                // GBK decoders read € from 0x80 alone and from A2 E3: pick the bytes that keep
                // the UTF-8 reading going.
                let next_is_continuation = chars
                    .peek()
                    .and_then(|&n| encoder.peek_first_byte(n))
                    .is_some_and(|b| (0x80..=0xBF).contains(&b));
                if utf8_pending(&self.bytes) == 1 && next_is_continuation {
                    self.bytes.extend_from_slice(&[0xA2, 0xE3]);
                } else {
                    self.bytes.push(0x80);
                    shows_euro = true;
                }
                self.has_non_ascii = true;
            } else if c == '\u{FFFD}' {
                self.wildcards.push(before);
                self.replacement_chars.push(before);
                self.bytes.push(b'?');
            } else if c.is_ascii() {
                if c == '?' {
                    self.wildcards.push(before);
                }
                self.bytes.push(c as u8);
            } else {
                if !encoder.encode_char(c, &mut self.bytes) {
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
        self.python_gbk = gb_euro
            && !shows_euro
            && self
                .wildcards
                .iter()
                .any(|&at| self.bytes.get(at + 1).is_some_and(|&b| b >= 0x80));
        pos - start
    }
}

/// How many continuation bytes the UTF-8 sequence at the end of `bytes` still needs.
pub(super) fn utf8_pending(bytes: &[u8]) -> usize {
    for back in 1..=4.min(bytes.len()) {
        let b = bytes[bytes.len() - back];
        let len: usize = match b {
            0x80..=0xBF => continue,
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return 0,
        };
        return len.saturating_sub(back);
    }
    0
}

/// The state of the run of well-formed actual-charset text being read.
pub(super) struct Run {
    /// Index (into the segment's character maps) where the run starts.
    pub(super) start: usize,
    pub(super) recovered: bool,
    pub(super) lossy: bool,
    /// The last point where both readings were at a character boundary: (character index,
    /// decoded length, recovered, lossy) at that point.
    pub(super) last_common: (usize, usize, bool, bool),
    /// Whether a stray byte ([`is_stray_in_utf8`]) is glued to the run's start.
    after_stray: bool,
}

/// Whether the byte at `bytes[i]`, which does not start a well-formed UTF-8 sequence, is a
/// stray among high bytes (chain `chain`: UTF-8 read with a single-byte table): a lead byte
/// that a high byte follows without continuing it, a continuation byte after a complete
/// sequence, or a byte no UTF-8 holds, glued to other high bytes. A UTF-8 text read with the
/// wrong table shows none (its lost bytes show as '?' or U+FFFD, and a cut sequence is followed
/// by ASCII or nothing), while clean text in the table's own letters shows them everywhere:
/// Persian معکوس (E3 DA 98 E6 D3 through windows-1256) holds one sequence, DA 98, between two
/// strays, and is no mojibake of ژ.
pub(super) fn is_stray_in_utf8(chain: Chain, bytes: &[u8], i: usize) -> bool {
    if !chain.actual.is_utf8() || !chain.wrong.is_single_byte() {
        return false;
    }
    let high = |at: usize| bytes.get(at).is_some_and(|&b| b >= 0x80);
    let Some(&b) = bytes.get(i) else {
        return false;
    };
    match b {
        // A lead byte cut short by ASCII or the end is a truncated sequence, not a stray.
        0xC2..=0xF4 => high(i + 1),
        // A continuation byte after ASCII or at the start: the rest of a cut sequence.
        0x80..=0xBF => i > 0 && high(i - 1),
        0x00..=0x7F => false,
        _ => (i > 0 && high(i - 1)) || high(i + 1),
    }
}

/// Reads the segment's bytes in the actual charset and emits a candidate per maximal run.
fn scan_segment(
    text: &str,
    seg: &Segment,
    spec: &ChainSpec,
    (decoded, cache): (&mut String, &mut DecodeCache),
    model: Option<&RecoveryModel>,
    out: &mut Collector,
) {
    let actual = spec.chain.actual;
    let n = seg.bytes.len();
    let mut k = 0;
    let mut i = 0;
    let mut run: Option<Run> = None;
    // Whether the byte before `i` is a stray one glued to it ([`is_stray_in_utf8`]).
    let mut after_stray = false;
    decoded.clear();
    loop {
        while seg.byte_at[k] < i {
            k += 1;
        }
        if seg.byte_at[k] == i {
            match &mut run {
                None => {
                    decoded.clear();
                    run = Some(Run {
                        start: k,
                        recovered: false,
                        lossy: false,
                        last_common: (k, 0, false, false),
                        after_stray,
                    })
                }
                Some(r) => r.last_common = (k, decoded.len(), r.recovered, r.lossy),
            }
        }
        if i >= n {
            break;
        }
        match read_unit(actual, spec.chain.wrong, seg, i, (decoded, cache), model) {
            Read::Ok {
                len,
                recovered,
                lossy,
            } => {
                if let Some(r) = &mut run {
                    r.recovered |= recovered;
                    r.lossy |= lossy;
                }
                i += len;
            }
            Read::Bad(len) => {
                let placeholder_at = |at: usize| seg.wildcards.binary_search(&at).is_ok();
                let beside_placeholder =
                    (i > 0 && placeholder_at(i - 1)) || placeholder_at(i + len.max(1));
                if beside_placeholder && !out.broken_at_placeholder.contains(&spec.chain) {
                    out.broken_at_placeholder.push(spec.chain);
                }
                // (A continuation byte after a character that is itself a lead byte of the
                // wrong table is the next layer of a double mojibake, left beside the one read
                // back: Ã…¾ once Â¾ is ¾, where Å¾ is ž.)
                let next_layer = || {
                    (0x80..=0xBF).contains(&seg.bytes[i])
                        && decoded
                            .chars()
                            .next_back()
                            .and_then(|c| single_byte_of(spec.chain.wrong, c))
                            .is_some_and(|b| (0xC2..=0xF4).contains(&b))
                };
                let stray = !beside_placeholder
                    && is_stray_in_utf8(spec.chain, &seg.bytes, i)
                    && !next_layer();
                if let Some(r) = run.take() {
                    // (Only where the stray byte is glued to the run's last character.)
                    let glued = stray && i > 0 && seg.bytes[i - 1] >= 0x80;
                    if !(glued || r.after_stray) {
                        finish_run(text, seg, spec, r, decoded, out);
                    }
                }
                decoded.clear();
                i += len.max(1);
                after_stray = stray && seg.bytes.get(i).is_some_and(|&b| b >= 0x80);
            }
        }
    }
    if let Some(r) = run.take()
        && !r.after_stray
    {
        finish_run(text, seg, spec, r, decoded, out);
    }
}

enum Read {
    Ok {
        len: usize,
        recovered: bool,
        lossy: bool,
    },
    Bad(usize),
}

/// Reads the character of `actual` at `bytes[i]` and appends it to `decoded`, recovering a
/// lost byte where a wildcard stands in the way of an otherwise well-formed UTF-8 sequence.
fn read_unit(
    actual: Charset,
    wrong: Charset,
    seg: &Segment,
    i: usize,
    (decoded, cache): (&mut String, &mut DecodeCache),
    model: Option<&RecoveryModel>,
) -> Read {
    let bytes = &seg.bytes;
    if !actual.is_utf8() && !actual.is_single_byte() && wrong.is_single_byte() {
        // (At the segment's start, the character before it in the text.)
        let prev = match decoded.chars().next_back() {
            None if i == 0 => seg.before,
            last => last,
        };
        if let Some(Recovery {
            len,
            ch,
            recovered,
            guessed,
        }) = recover_legacy(actual, wrong, seg, i, (prev, decoded), cache)
        {
            decoded.push(ch);
            return Read::Ok {
                len,
                recovered,
                lossy: !recovered || guessed,
            };
        }
    }
    if seg.wildcards.binary_search(&i).is_ok()
        && placeholder_is_lost_character(actual, wrong, bytes, i, decoded.chars().next_back())
    {
        // A letter a CJK decoder rejected, inside a word the languages write (?ber for Über);
        // hundreds of letters each, so only where it is the word's one hole.
        let whole = lost_whole_letters(wrong);
        if actual.is_utf8()
            && !whole.is_empty()
            && let Some(c) = known_word_fill(wrong, seg, (i, 1), decoded, whole)
        {
            decoded.push(c);
            return Read::Ok {
                len: 1,
                recovered: true,
                lossy: false,
            };
        }
        // (In CJK text read with another CJK charset the placeholder is one of thousands of
        // characters, never a question mark, which that text writes fullwidth: it shows as the
        // U+FFFD it is, 今日は�書館. After a letter of an alphabet it may be one, as it may be
        // in a UTF-8 reading: Вы уверены?, Как дела?.)
        let cjk_to_cjk = !actual.is_utf8()
            && !actual.is_single_byte()
            && decoded
                .chars()
                .next_back()
                .is_none_or(|p| is_cjk_letter(p) || !p.is_alpha());
        decoded.push(
            if seg.replacement_chars.binary_search(&i).is_ok() || cjk_to_cjk {
                '\u{FFFD}'
            } else {
                '?'
            },
        );
        return Read::Ok {
            len: 1,
            recovered: false,
            lossy: true,
        };
    }
    if seg.replacement_chars.binary_search(&i).is_ok() {
        decoded.push('\u{FFFD}');
        return Read::Ok {
            len: 1,
            recovered: false,
            lossy: true,
        };
    }
    match actual.unit_at(bytes, i) {
        Unit::Seq(len) => {
            if actual.decode_unit_cached(&bytes[i..i + len], cache, decoded) {
                Read::Ok {
                    len,
                    recovered: false,
                    lossy: false,
                }
            } else {
                Read::Bad(1)
            }
        }
        Unit::Bad(have) if actual.is_utf8() && seg.wildcards.binary_search(&(i + have)).is_ok() => {
            match recover_utf8(wrong, seg, i, decoded, model) {
                Some(Recovery {
                    len,
                    ch,
                    recovered,
                    guessed,
                }) => {
                    decoded.push(ch);
                    Read::Ok {
                        len,
                        recovered,
                        lossy: !recovered || guessed,
                    }
                }
                None => Read::Bad(have),
            }
        }
        Unit::Bad(len) => Read::Bad(len),
    }
}
