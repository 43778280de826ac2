//! Text → repaired text: the fixes in the order they run.

pub(crate) mod annotation;
pub(crate) mod markers;
pub(crate) mod mojibake;
pub(crate) mod simplify;
pub(crate) mod text;

use std::borrow::Cow;

use crate::config::{Config, HtmlUnescape};
use crate::edit::apply;
use crate::normalize::normalize;
use crate::report::Step;

/// Runs every enabled fix over `text`, in ftfy's order: references and escapes first (mojibake
/// can hide behind them), then encoding repairs, then the cosmetic fixes and normalisation.
pub(crate) fn repair_text<'a>(
    text: Cow<'a, str>,
    config: &Config,
    steps: &mut Vec<Step>,
) -> Cow<'a, str> {
    let mut text = text;
    if config.unescape_html != HtmlUnescape::Never {
        let mode = config.unescape_html;
        text = apply(text, steps, |s, st| text::unescape_html(s, mode, st));
    }
    if config.remove_terminal_escapes {
        text = apply(text, steps, text::remove_terminal_escapes);
    }
    if config.fix_encoding {
        let layers = config.max_layers;
        text = apply(text, steps, |s, st| mojibake::fix_mojibake(s, layers, st));
        text = apply(text, steps, markers::fix_markers);
        if config.strip_annotations
            && let Some(fingerprint) = annotation::detect(&text)
        {
            let punctuation = config.restore_simplified;
            let unescape = config.unescape_html != HtmlUnescape::Never;
            text = apply(text, steps, |s, st| {
                annotation::repair(s, &fingerprint, punctuation, unescape, st)
            });
            if config.restore_simplified {
                text = apply(text, steps, simplify::to_simplified);
            }
        }
    }
    if config.fix_c1_controls {
        text = apply(text, steps, text::fix_c1_controls);
    }
    if config.fix_line_breaks {
        text = apply(text, steps, text::fix_line_breaks);
    }
    if config.remove_control_chars {
        text = apply(text, steps, text::remove_control_chars);
    }
    let form = config.normalization;
    apply(text, steps, |s, st| normalize(s, form, st))
}
