//! Text → repaired text: the fixes in the order they run.

pub(crate) mod alphabets;
pub(crate) mod annotation;
pub(crate) mod docmodel;
pub(crate) mod lost_letters;
pub(crate) mod markers;
pub(crate) mod mojibake;
pub(crate) mod orthography;
pub(crate) mod simplify;
pub(crate) mod text;
pub(crate) mod words;

use std::borrow::Cow;

use crate::config::{Config, HtmlUnescape};
use crate::edit::apply;
use crate::normalize::normalize;
use crate::report::{Action, Marker, Step};

/// What is decided once per document, from its head (the first
/// [`annotation::FINGERPRINT_PREFIX`] bytes of text), so that one-shot and streaming repairs of
/// the same document make the same decisions.
pub(crate) struct DocContext {
    /// Decode HTML character references (resolved from [`HtmlUnescape::Auto`]).
    unescape_html: bool,
    /// The SEO-rewriter fingerprint, if the document carries it.
    fingerprint: Option<annotation::Fingerprint>,
    /// What the document says about itself, for lost bytes.
    recovery: mojibake::RecoveryModel,
}

impl DocContext {
    pub(crate) fn new(text: &str, config: &Config) -> DocContext {
        let head = head_of(text);
        let unescape_html = match config.unescape_html {
            HtmlUnescape::Never => false,
            HtmlUnescape::Always => true,
            _ => !text::looks_like_markup(head),
        };
        let fingerprint = if config.fix_encoding && config.strip_annotations {
            annotation::detect(head)
        } else {
            None
        };
        let recovery = mojibake::RecoveryModel::new(head, config.max_layers);
        DocContext {
            unescape_html,
            fingerprint,
            recovery,
        }
    }
}

/// The first [`annotation::FINGERPRINT_PREFIX`] bytes of `text`, cut at a character boundary.
pub(crate) fn head_of(text: &str) -> &str {
    let mut end = text.len().min(annotation::FINGERPRINT_PREFIX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// How many times the encoding repairs run again over their own output, at most.
const MAX_EXTRA_ROUNDS: usize = 3;

/// The mojibake search and the irreversible markers.
fn encoding_repairs<'a>(
    text: Cow<'a, str>,
    config: &Config,
    ctx: &DocContext,
    settled: &mut mojibake::Settled,
    steps: &mut Vec<Step>,
) -> Cow<'a, str> {
    let layers = config.max_layers;
    let text = apply(text, steps, |s, st| {
        mojibake::fix_mojibake(s, layers, Some(&ctx.recovery), settled, st)
    });
    apply(text, steps, markers::fix_markers)
}

/// The fixes of single characters that run before the encoding repairs (and again after each
/// round of them): control characters, line breaks, references (when `references`), C1 controls.
fn character_fixes<'a>(
    text: Cow<'a, str>,
    config: &Config,
    references: bool,
    steps: &mut Vec<Step>,
) -> Cow<'a, str> {
    let mut text = text;
    // Before the encoding repairs, so that what they see is what they leave: a control
    // character removed afterwards would change the context of a decision, and a second repair
    // of the output could decide differently.
    if config.remove_control_chars {
        text = apply(text, steps, text::remove_control_chars);
    }
    if config.fix_line_breaks {
        text = apply(text, steps, text::fix_line_breaks);
    }
    // After the control characters are gone, so that what it leaves is no reference to decode.
    if references {
        text = apply(text, steps, text::unescape_html);
    }
    // windows-1252 text read as ISO-8859-1 shows C1 controls where windows-1252 has punctuation;
    // mapping them first hands the mojibake search the usual windows-1252 shapes.
    if config.fix_c1_controls {
        text = apply(text, steps, text::fix_c1_controls);
    }
    text
}

/// Runs every enabled fix over `text`, in ftfy's order: references and escapes first (mojibake
/// can hide behind them), then encoding repairs, then the cosmetic fixes and normalisation.
/// Every fix works line by line or finer, so a document repaired in chunks of whole lines
/// comes out the same as in one piece.
pub(crate) fn repair_text<'a>(
    text: Cow<'a, str>,
    config: &Config,
    ctx: &DocContext,
    steps: &mut Vec<Step>,
) -> Cow<'a, str> {
    // Plain ASCII with no control character, DEL or reference: no fix has anything to do (the
    // rewriter fingerprint is about Han text, so it is left to the full path).
    if ctx.fingerprint.is_none() && text::is_quiet_ascii(text.as_bytes(), ctx.unescape_html) {
        return text;
    }
    let mut text = text;
    if !text::is_quiet(text.as_bytes(), ctx.unescape_html) {
        if config.remove_terminal_escapes {
            text = apply(text, steps, text::remove_terminal_escapes);
        }
        text = character_fixes(text, config, ctx.unescape_html, steps);
    }
    let first_repair = steps.len();
    let mut settled = mojibake::Settled::default();
    if config.fix_encoding {
        text = encoding_repairs(text, config, ctx, &mut settled, steps);
        if let Some(fingerprint) = &ctx.fingerprint {
            let punctuation = config.restore_simplified;
            let unescape = ctx.unescape_html;
            text = apply(text, steps, |s, st| {
                annotation::repair(s, fingerprint, punctuation, unescape, st)
            });
            if config.restore_simplified {
                text = apply(text, steps, simplify::to_simplified);
            }
        }
        if config.remove_control_chars && steps.len() > first_repair {
            // A repair can decode bytes into a control character; it goes as any other would.
            text = apply(text, steps, text::remove_control_chars);
        }
    }
    let form = config.normalization;
    let mut text = apply(text, steps, |s, st| normalize(s, form, st));
    // Until nothing is left to do: a repair or a normalisation can bring together what the
    // search saw apart (a windows-1258 combining mark composed, two layers of which only the
    // outer was visible), and a second repair of the output must find nothing to change. Each
    // round runs over text that is clean by then, at clean-text speed; on clean input there is
    // no round at all.
    let mut rounds = 0;
    let mut before = first_repair;
    while config.fix_encoding && rounds < MAX_EXTRA_ROUNDS && steps.len() > before {
        rounds += 1;
        before = steps.len();
        text = encoding_repairs(text, config, ctx, &mut settled, steps);
        // A run of 烫 is reported where it stands, without a change: once is enough.
        let mut index = 0;
        steps.retain(|step| {
            index += 1;
            index <= before || step.action != Action::Marker(Marker::UninitializedMemory)
        });
        // What a repair decoded can be what the first fixes handle: a control character, a
        // paragraph separator (в‚© is U+2029 read as windows-1251), a C1 control.
        if !text::is_quiet(text.as_bytes(), false) {
            text = character_fixes(text, config, false, steps);
        }
        if steps.len() == before {
            break;
        }
        text = apply(text, steps, |s, st| normalize(s, form, st));
    }
    text
}
