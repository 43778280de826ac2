//! # unmojibake
//!
//! Bytes of unknown encoding, or text that was already decoded wrongly, back into the text its
//! author wrote: detect the real encoding, find and undo mojibake (one or more layers, the whole
//! text or only some spans), recover lost bytes where the damage allows, normalise, and say what
//! was done.
//!
//! ```
//! // UTF-8 read as GBK, a classic of Chinese web pages.
//! assert_eq!(unmojibake::repair_str("鎴戜滑").as_str(), "我们");
//! // UTF-8 read as windows-1252.
//! assert_eq!(unmojibake::repair_str("cafÃ©").as_str(), "café");
//! // GBK bytes read as windows-1252.
//! assert_eq!(unmojibake::repair_str("ÎÒÃÇ").as_str(), "我们");
//! // Clean text comes back borrowed and unchanged.
//! let clean = unmojibake::repair_str("学习啦");
//! assert!(!clean.changed());
//! ```
//!
//! ## Principle of operation
//!
//! **Bytes to text.** A byte-order mark decides. Valid UTF-8 is UTF-8 (and is borrowed), unless
//! NUL bytes in every other position make it UTF-16 without a BOM. Otherwise
//! a bounded prefix decides between UTF-16 without BOM, UTF-8 with islands of a legacy charset, and
//! one legacy charset, using the caller's hint and the document's own declaration (`<meta>`, XML
//! declaration) as evidence, not truth, and chardetng where nothing is declared or the declaration
//! does not fit the bytes. See [`Repairer::repair`].
//!
//! **Finding mojibake.** Mojibake is text in one charset decoded as another. For each chain we
//! know (UTF-8 read as windows-1252, GBK, Big5, Shift_JIS, EUC-JP, EUC-KR and the other single-byte
//! charsets, IBM437 included; GBK, Big5, Shift_JIS, EUC-JP, EUC-KR read as windows-1252 or
//! latin-1; Big5 ↔ GBK; single-byte text read with another single-byte table, such as windows-1251
//! as windows-1252) the text is re-encoded with the wrong charset, which gives back the bytes the
//! wrong decoder saw, and those are read again with the real one. Where that reading is
//! well-formed it yields a candidate repair of that span. Only lines that show a sign of mojibake
//! are searched, and only along the chain families those signs call for. A text that re-encodes
//! whole along the commonest chains (UTF-8 read as windows-1252 or GBK) to well-formed UTF-8, each
//! changed line gaining, is read back in one pass (a line with a lost byte's placeholder is left
//! to the search); a line that does so alone skips the character-by-character search.
//!
//! **Deciding.** A plausibility model prices text in small integer costs: Han ideographs by
//! frequency tiers built from Unihan (frequent Simplified, Traditional and Japanese characters are
//! cheap; GB2312 level-2, Big5 less-frequent and GBK-only characters, what wrong decoders mostly
//! produce, are expensive), Hangul by KS X 1001 membership, plus Latin-1 symbols, C1 controls,
//! private use characters, halfwidth katakana and script changes inside a word; letter pairs of
//! Latin- and Cyrillic-script text come from a pair model (pairs no language writes, like ïð,
//! cost extra; a single-byte text is re-read with another table only when its words' pairs become
//! those of running text; two tables that show the same bytes as different letters are told apart
//! by the words' pairs and by which letters share the line). Word knowledge stands in for a
//! dictionary: the pairs of CJK letters Chinese, Japanese and Korean write side by side take bits
//! off a reading's cost (the right reading of legacy bytes makes words, a chance one does not), and
//! the letter triples with a non-ASCII letter that European text writes weigh re-tabled and
//! sibling readings, and so do the 16,342 words with a non-ASCII letter the man pages and a
//! hand-written list of interface words write (a
//! reading that makes known words where the other made none). Alphabets with no text to learn
//! from (Greek, Hebrew, Thai) are held to their spelling rules: a re-reading into one that
//! breaks them (ς inside a word, a final form mid-word, a vowel sign on no consonant) is none.
//! A candidate is taken only if the repaired span costs less than the span as
//! it stands by more than the chain's prior; the best non-overlapping candidates win, and the
//! search repeats for further layers.
//!
//! **Why clean text is left alone.** Clean text is already cheap: frequent characters in one
//! script. Re-encoding it with a wrong charset rarely even gives well-formed bytes in another (the
//! GBK bytes of Chinese text are almost never valid UTF-8), and when it does, the reading is a
//! jumble of rare characters that costs more, not less. The prior of each chain is the margin that
//! keeps short strings and rare-but-real names out of reach. Where the bytes do happen to be
//! well-formed, structure decides: a UTF-8 reading glued to a stray byte no UTF-8 holds
//! (Persian معکوس through windows-1256) is none, a run of ordinary letters must stand for a
//! common character, one or two CJK letters alone among Latin words are no CJK text (Ewe ƒe is
//! no テ, nor gaƒoƒo ババ, even alone), and a lone accented letter read as another table's
//! (French hygiène as Czech hygične) needs a word the languages write, or a line long enough for
//! the letter statistics that also holds a function word of the other table's languages (Gaelic
//! gnìomharaiche stays). Measured on CLDR's strings of 194 languages (most of them unknown to
//! the model): 0.009 % change.
//!
//! **Lost bytes.** Where a wrong decoder left '?' or U+FFFD, the bytes it may have stood for are
//! enumerated (the real charset's structure and the bytes the wrong one can fail on leave few; for
//! GBK also the byte after the hole, which a decoder loses a byte only before) and
//! the model (with the neighbours' letter pairs, and the CJK pairs, how often they are written,
//! and letter triples a fill makes with them) picks one only if it is clearly best; inside a
//! word, the fill that makes a known word (этом, not стом) is taken; a letter's two cases count
//! as one fill and the word or sentence picks the case (a guess at the start of the text is
//! reported as a loss); a closing quotation mark closes what the line opened (” after “); where
//! the fills tie, a Han or Hangul character far commoner than the rest is taken; otherwise
//! U+FFFD stays and the loss is reported ([`Repaired::lost`]). A space where UTF-8 read as
//! windows-1252 needs its last byte is the no-break space 0xA0 it was (Ã perturber → à
//! perturber), when the line then comes out clean.
//!
//! ## What it does not do
//!
//! It does not translate, transliterate or spell-check; it does not guess text that no byte
//! evidence supports (a U+FFFD with no clear candidate stays U+FFFD); it does not decode stateful
//! encodings (ISO-2022-JP, UTF-7) found inside other text.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod bigrams;
mod charset;
mod config;
mod decode;
mod edit;
mod error;
mod fix;
mod normalize;
mod report;
mod score;
mod script_pairs;
mod stream;
mod tables;

use std::borrow::Cow;

pub use charset::Charset;
pub use config::{Config, HtmlUnescape, Normalization};
pub use error::Error;
pub use report::{Action, Chain, Marker, Repaired, Step, replay, replay_str};
pub use stream::{MAX_LINE, StreamReport};

/// Repairs bytes of unknown encoding with the default [`Config`]: never fails, never panics, and
/// borrows the input when it was valid UTF-8 that needed no change.
pub fn repair(bytes: &[u8]) -> Repaired<'_> {
    default_repairer().repair(bytes)
}

/// Repairs text that is already a `str` (and may be mojibake) with the default [`Config`].
pub fn repair_str(text: &str) -> Repaired<'_> {
    default_repairer().repair_str(text)
}

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

fn default_repairer() -> &'static Repairer {
    static DEFAULT: std::sync::OnceLock<Repairer> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(|| Repairer::new(Config::default()))
}

/// A configured repairer. Cheap to share between threads (`Sync`).
#[derive(Clone, Debug)]
pub struct Repairer {
    config: Config,
}

impl Default for Repairer {
    fn default() -> Self {
        Repairer::new(Config::default())
    }
}

impl Repairer {
    /// A repairer with this configuration.
    pub fn new(config: Config) -> Self {
        Repairer { config }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Decodes `bytes` (see the crate documentation for how the encoding is decided) and repairs
    /// the text.
    pub fn repair<'a>(&self, bytes: &'a [u8]) -> Repaired<'a> {
        self.repair_decoded(decode::decode(bytes, None))
    }

    /// Like [`Repairer::repair`], with a charset declared outside the document (an HTTP
    /// `Content-Type` charset, a database column's encoding). The hint is evidence, not truth:
    /// valid UTF-8 stays UTF-8 and a hint that does not fit the bytes is overruled.
    ///
    /// # Errors
    /// [`Error::UnknownEncoding`] if `label` names no encoding.
    pub fn repair_with_hint<'a>(
        &self,
        bytes: &'a [u8],
        label: &str,
    ) -> Result<Repaired<'a>, Error> {
        let hint = Charset::for_label(label.as_bytes())
            .ok_or_else(|| Error::UnknownEncoding(label.to_owned()))?;
        Ok(self.repair_decoded(decode::decode(bytes, Some(hint))))
    }

    /// Like [`Repairer::repair`], but in strict mode ([`Config::strict`]) fails instead of
    /// guessing the encoding of legacy bytes that carry no BOM or declaration.
    ///
    /// # Errors
    /// [`Error::Undetermined`] in strict mode when the encoding had to be guessed.
    pub fn try_repair<'a>(&self, bytes: &'a [u8]) -> Result<Repaired<'a>, Error> {
        let decoded = decode::decode(bytes, None);
        if self.config.strict && decoded.guessed {
            return Err(Error::Undetermined);
        }
        Ok(self.repair_decoded(decoded))
    }

    /// Repairs text that is already a `str`.
    pub fn repair_str<'a>(&self, text: &'a str) -> Repaired<'a> {
        let mut steps = Vec::new();
        let ctx = fix::DocContext::new(text, &self.config);
        let mut out = fix::repair_text(Cow::Borrowed(text), &self.config, &ctx, &mut steps);
        let changed = matches!(out, Cow::Owned(ref s) if s != text);
        if !changed {
            // Steps that change nothing (a reported marker) still borrow.
            out = Cow::Borrowed(text);
        }
        Repaired {
            text: out,
            source: None,
            steps,
            changed,
        }
    }

    /// Repairs `bytes` into `out` (cleared first), reusing its allocation; returns the rest of the
    /// result (whose text is empty).
    pub fn repair_into(&self, bytes: &[u8], out: &mut String) -> Repaired<'static> {
        let repaired = self.repair(bytes);
        out.clear();
        out.push_str(repaired.as_str());
        Repaired {
            text: Cow::Borrowed(""),
            source: repaired.source,
            steps: repaired.steps,
            changed: repaired.changed,
        }
    }

    fn repair_decoded<'a>(&self, decoded: decode::Decoded<'a>) -> Repaired<'a> {
        let mut steps = decoded.steps;
        let before = steps.len();
        let ctx = fix::DocContext::new(&decoded.text, &self.config);
        let original = match decoded.text {
            Cow::Borrowed(s) => Some(s),
            Cow::Owned(_) => None,
        };
        let mut out = fix::repair_text(decoded.text, &self.config, &ctx, &mut steps);
        let mut changed = decoded.changed || steps.len() > before;
        if let Some(original) = original
            && !decoded.changed
            && out == original
        {
            // Steps that change nothing (a reported marker) still borrow.
            out = Cow::Borrowed(original);
            changed = false;
        }
        Repaired {
            text: out,
            source: Some(decoded.source),
            steps,
            changed,
        }
    }
}
