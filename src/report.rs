//! What a repair did: the [`Repaired`] result and its replayable [`Step`]s.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use crate::charset::Charset;
use crate::config::Normalization;

/// One layer of mojibake: text in `actual` that was decoded as if it were `wrong`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Chain {
    /// The encoding the bytes were really in.
    pub actual: Charset,
    /// The encoding they were wrongly decoded with.
    pub wrong: Charset,
}

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} read as {}", self.actual, self.wrong)
    }
}

/// Markers that no repair can undo: what they stood for is gone.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Marker {
    /// 锟斤拷 (the UTF-8 bytes of U+FFFD U+FFFD read as GBK): a replacement character that went
    /// through a wrong decoder. Undone to U+FFFD.
    Kunjinkao,
    /// Runs of 烫 or 屯 (0xCC/0xCD bytes, uninitialised memory in MSVC debug builds, read as GBK).
    /// Reported, left in place.
    UninitializedMemory,
}

/// What a step did.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Action {
    /// Decoded a range of the input bytes with this charset and appended the text.
    Decode(Charset),
    /// Undid one layer of mojibake.
    Mojibake(Chain),
    /// Undid one layer of mojibake in which bytes had been lost ('?' or U+FFFD); the lost bytes
    /// were recovered with the plausibility model.
    RecoveredBytes(Chain),
    /// Found an irreversible marker.
    Marker(Marker),
    /// Decoded HTML character references.
    HtmlEntities,
    /// Removed terminal escape sequences.
    TerminalEscapes,
    /// Replaced C1 controls with the windows-1252 characters they stand for.
    C1Controls,
    /// Normalised line breaks to `\n`.
    LineBreaks,
    /// Removed control characters.
    ControlCharacters,
    /// Applied Unicode normalisation.
    Normalize(Normalization),
    /// Removed a pinyin annotation an SEO rewriter had inserted after a character.
    PinyinAnnotation,
    /// Repaired bytes a byte-level search-and-replace had split ('?' plus misaligned characters).
    ConverterDamage,
    /// Converted characters a one-to-one Simplified→Traditional table had produced back.
    Simplified,
    /// Restored fullwidth Chinese punctuation that had been folded to ASCII.
    Punctuation,
}

/// One replayable step.
///
/// For [`Action::Decode`], `range` indexes the input bytes and the decoded text is appended to
/// the output (`replacement` stays empty). Every other step replaces `range` (byte offsets) of the
/// text as it stands after the steps before it with `replacement`. [`replay`] applies a list.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Step {
    /// What was done.
    pub action: Action,
    /// Where: input bytes for [`Action::Decode`], else a byte range of the text so far.
    pub range: Range<usize>,
    /// The new text for `range` (empty for [`Action::Decode`]).
    pub replacement: String,
    /// Whether information was lost here (U+FFFD in the output, or a marker).
    pub lossy: bool,
}

/// Applies `steps` to `input`, reproducing the output of the repair that recorded them.
///
/// Steps must come from a repair of the same `input`; a step whose range does not fit the text
/// is skipped rather than panicking.
pub fn replay(input: &[u8], steps: &[Step]) -> String {
    let mut text = String::new();
    let mut decoded_any = false;
    for step in steps {
        match step.action {
            Action::Decode(charset) => {
                decoded_any = true;
                if let Some(bytes) = input.get(step.range.clone()) {
                    crate::decode::decode_lossy(charset, bytes, &mut text);
                }
            }
            _ => {
                if !decoded_any {
                    decoded_any = true;
                    text.push_str(&String::from_utf8_lossy(input));
                }
                apply_edit(&mut text, step);
            }
        }
    }
    if !decoded_any {
        text.push_str(&String::from_utf8_lossy(input));
    }
    text
}

/// Applies the edit steps of `steps` to `input` (for results of [`crate::repair_str`]).
pub fn replay_str(input: &str, steps: &[Step]) -> String {
    let mut text = input.to_owned();
    for step in steps {
        apply_edit(&mut text, step);
    }
    text
}

fn apply_edit(text: &mut String, step: &Step) {
    let r = &step.range;
    if r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
    {
        text.replace_range(r.clone(), &step.replacement);
    }
}

/// The result of a repair: the text, where it came from and what was done to it.
#[derive(Clone, Debug)]
pub struct Repaired<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) source: Option<Charset>,
    pub(crate) steps: Vec<Step>,
    pub(crate) changed: bool,
}

impl<'a> Repaired<'a> {
    /// The repaired text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The repaired text, owned.
    pub fn into_string(self) -> String {
        self.text.into_owned()
    }

    /// The repaired text, borrowed from the input when nothing changed.
    pub fn into_cow(self) -> Cow<'a, str> {
        self.text
    }

    /// The charset the input bytes were decoded from (for mixed input, the first one used);
    /// `None` for [`crate::repair_str`].
    pub fn source_encoding(&self) -> Option<Charset> {
        self.source
    }

    /// Whether the output differs from the input (decoding anything but clean UTF-8 counts).
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// Whether information was lost somewhere: undecodable bytes, unrecovered lost bytes (U+FFFD
    /// in the output) or an irreversible marker.
    pub fn lost(&self) -> bool {
        self.steps.iter().any(|s| s.lossy)
    }

    /// What was done, in order; [`replay`] reproduces the output from the input and these.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The chains of mojibake that were undone, in the order found (duplicates removed).
    pub fn chains(&self) -> Vec<Chain> {
        let mut chains = Vec::new();
        for step in &self.steps {
            if let Action::Mojibake(c) | Action::RecoveredBytes(c) = step.action
                && !chains.contains(&c)
            {
                chains.push(c);
            }
        }
        chains
    }
}

impl fmt::Display for Repaired<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
