//! Irreversible markers: 锟斤拷 (two U+FFFD that went through UTF-8 → GBK) is undone to U+FFFD
//! and reported as lost; runs of 烫 or 屯 (uninitialised 0xCC/0xCD memory read as GBK) are
//! reported and left in place.

use std::borrow::Cow;

use crate::edit::Rewriter;
use crate::report::{Action, Marker, Step};

const KUNJINKAO: &str = "锟斤拷";

/// Finds the markers in `text`.
pub(crate) fn fix_markers<'t>(text: &'t str, steps: &mut Vec<Step>) -> Cow<'t, str> {
    if !text.contains('锟') && !text.contains('烫') && !text.contains('屯') {
        return Cow::Borrowed(text);
    }
    let mut rw = Rewriter::new(text);
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with(KUNJINKAO) {
            let mut end = i;
            while text[end..].starts_with(KUNJINKAO) {
                end += KUNJINKAO.len();
            }
            let count = (end - i) / KUNJINKAO.len();
            rw.replace(
                i..end,
                &"\u{FFFD}\u{FFFD}".repeat(count),
                Action::Marker(Marker::Kunjinkao),
                true,
            );
            i = end;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        if c == '烫' || c == '屯' {
            let run: usize = rest
                .chars()
                .take_while(|&x| x == '烫' || x == '屯')
                .map(char::len_utf8)
                .sum();
            // Two in a row never happen in real text; uninitialised buffers come in runs.
            if run >= 2 * c.len_utf8() {
                let slice = &text[i..i + run];
                rw.replace(
                    i..i + run,
                    slice,
                    Action::Marker(Marker::UninitializedMemory),
                    true,
                );
            }
            i += run;
            continue;
        }
        i += c.len_utf8();
    }
    rw.finish(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kunjinkao_becomes_replacement_characters() {
        let mut steps = Vec::new();
        assert_eq!(
            fix_markers("标题锟斤拷锟斤拷结束", &mut steps),
            "标题\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}结束"
        );
        assert!(steps[0].lossy);
    }

    #[test]
    fn tang_runs_are_reported_not_changed() {
        let mut steps = Vec::new();
        assert_eq!(fix_markers("值烫烫烫烫", &mut steps), "值烫烫烫烫");
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].action, Action::Marker(Marker::UninitializedMemory));
        let mut steps = Vec::new();
        assert!(matches!(fix_markers("烫伤", &mut steps), Cow::Borrowed(_)));
        assert!(steps.is_empty());
    }
}
