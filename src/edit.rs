//! Building an output text from an input by replacing ranges, recording each replacement as a
//! replayable [`Step`], and borrowing the input when nothing was replaced.

use std::borrow::Cow;
use std::ops::Range;

use crate::report::{Action, Step};

/// Left-to-right rewriter over one text. Replacements must come in increasing, non-overlapping
/// order; the recorded step ranges are then exactly those a sequential replay needs.
pub(crate) struct Rewriter<'t> {
    input: &'t str,
    out: String,
    pos: usize,
    steps: Vec<Step>,
}

impl<'t> Rewriter<'t> {
    pub(crate) fn new(input: &'t str) -> Self {
        Rewriter {
            input,
            out: String::new(),
            pos: 0,
            steps: Vec::new(),
        }
    }

    /// Replaces `range` of the input with `replacement`. Ignored if it starts before the end of
    /// the previous replacement or does not fit the input.
    pub(crate) fn replace(
        &mut self,
        range: Range<usize>,
        replacement: &str,
        action: Action,
        lossy: bool,
    ) {
        if range.start < self.pos
            || range.end < range.start
            || range.end > self.input.len()
            || !self.input.is_char_boundary(range.start)
            || !self.input.is_char_boundary(range.end)
        {
            return;
        }
        if self.out.capacity() == 0 {
            self.out.reserve(self.input.len() + replacement.len());
        }
        self.out.push_str(&self.input[self.pos..range.start]);
        let start = self.out.len();
        self.out.push_str(replacement);
        self.steps.push(Step {
            action,
            range: start..start + range.len(),
            replacement: replacement.to_owned(),
            lossy,
        });
        self.pos = range.end;
    }

    /// The rewritten text (borrowed if unchanged) and the steps, appended to `steps`.
    pub(crate) fn finish(mut self, steps: &mut Vec<Step>) -> Cow<'t, str> {
        if self.steps.is_empty() {
            return Cow::Borrowed(self.input);
        }
        self.out.push_str(&self.input[self.pos..]);
        steps.append(&mut self.steps);
        Cow::Owned(self.out)
    }
}

/// Runs a fix that takes `&str` and rewrites it, threading a `Cow` through: the result borrows
/// the original input for as long as no fix changed anything.
pub(crate) fn apply<'a>(
    text: Cow<'a, str>,
    steps: &mut Vec<Step>,
    fix: impl for<'t> FnOnce(&'t str, &mut Vec<Step>) -> Cow<'t, str>,
) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(s) => fix(s, steps),
        Cow::Owned(s) => {
            let rewritten = match fix(&s, steps) {
                Cow::Owned(new) => Some(new),
                Cow::Borrowed(_) => None,
            };
            Cow::Owned(rewritten.unwrap_or(s))
        }
    }
}
