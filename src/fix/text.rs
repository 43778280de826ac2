//! The text fixes that are not mojibake: HTML character references, terminal escapes, C1
//! controls, line breaks and stray control characters. Each is a linear scan that borrows the
//! input when it finds nothing to do.

use std::borrow::Cow;

use crate::edit::Rewriter;
use crate::fix::mojibake::shows_utf8_byte;
use crate::report::{Action, Step};

/// Decodes HTML character references (`&amp;`, `&#20013;`, `&ldquo;`) with htmlize, which
/// follows the HTML standard's table. A reference without its semicolon (`&copy 2020`) is
/// decoded only where the HTML standard reads one in an attribute value: its name must end where
/// the letters and digits do, and no `=` may follow (`&section=2` in a URL and `&copyright` stay,
/// where a browser's text would read §ion and ©right). (Whether to run at all is decided per
/// document: see [`crate::HtmlUnescape`].)
pub(crate) fn unescape_html<'t>(text: &'t str, steps: &mut Vec<Step>) -> Cow<'t, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut rw = Rewriter::new(text);
    // The output so far (up to `copied` of the input): a decoded reference must not make a new
    // one with what stands before it, or a second repair would decode that one.
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'&', &bytes[i..]) {
        let start = i + off;
        let mut end = start + 1;
        while end < bytes.len()
            && end - start < 40
            && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'#')
        {
            end += 1;
        }
        let terminated = bytes.get(end) == Some(&b';');
        if terminated {
            end += 1;
        }
        if end > start + 1 {
            let piece = &text[start..end];
            let decoded = htmlize::unescape(piece);
            // (A name decoded only in part leaves the rest of the letters after it.)
            let ambiguous = !terminated
                && (decoded.ends_with(|c: char| c.is_ascii_alphanumeric())
                    || bytes.get(end) == Some(&b'='));
            // References to control characters (&#0; &#13; …) stay as they are: decoding them
            // would only make text for the control-character fixes, which have already run.
            let control = decoded
                .chars()
                .any(|c| c.is_control() && c != '\t' && c != '\n')
                || (piece.starts_with("&#") && decoded.contains('\u{FFFD}'));
            out.push_str(&text[copied..start]);
            copied = start;
            if decoded != piece
                && !control
                && !ambiguous
                && !makes_new_reference(&out, &decoded, &text[end..])
            {
                rw.replace(
                    start..end,
                    &decoded,
                    Action::HtmlEntities,
                    decoded.contains('\u{FFFD}'),
                );
                out.push_str(&decoded);
                copied = end;
            }
        }
        i = end.max(start + 1);
    }
    rw.finish(steps)
}

/// Whether `decoded`, put between `before` (output so far) and `after` (input still to come),
/// would form a reference that was not there: an `&` it brings followed by a name or `#`
/// (`&amp;lt;` stays, it is not `<`), or name characters it brings after an open `&name`
/// (`&#38;&#108;t;` must not become `&lt;`).
fn makes_new_reference(before: &str, decoded: &str, after: &str) -> bool {
    let name = |c: char| c.is_ascii_alphanumeric() || c == '#' || c == ';';
    if decoded.contains('&') {
        let tail = &decoded[decoded.rfind('&').unwrap_or(0)..];
        if tail.len() > 1 || after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '#') {
            return true;
        }
    }
    if decoded.starts_with(name) {
        let open = before
            .chars()
            .rev()
            .take(40)
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '#'));
        if open == Some('&') {
            return true;
        }
    }
    false
}

/// `<` followed by a letter, `/` or `!`: the text is markup, where references are meant to stay.
pub(crate) fn looks_like_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// Whether no character fix (terminal escapes, control characters, line breaks, references when
/// `references`, C1 controls) has anything to act on in `bytes`, valid UTF-8 of any script. One
/// scan in chunks folded without early exit (so that it vectorises), each position tested with
/// the two bytes after it (C1 controls are C2 80..9F, U+2028/9 are E2 80 A8/A9, …). Each fix
/// checks the same characters as this scan before it does anything.
pub(crate) fn is_quiet(bytes: &[u8], references: bool) -> bool {
    // A byte and the two after it, each position tested with the same branch-free expression.
    let loud = |a: u8, b: u8, c: u8| {
        (a < 0x20 && a != b'\n' && a != b'\t' && a != 0x0C)
            | (a == 0x7F)
            | (references & (a == b'&'))
            | ((a == 0xC2) & (b < 0xA0))
            | ((a == 0xE2) & (b == 0x80) & ((c | 1) == 0xA9))
            | is_removed_format_char(a, b, c)
    };
    !any_position(bytes, loud)
}

/// Whether `a` `b` `c` start a format character [`remove_control_chars`] removes: U+206A..U+206F
/// (E2 81 AA..AF), U+FEFF (EF BB BF), U+FFF9..U+FFFB (EF BF B9..BB). Branch-free, for
/// [`any_position`].
#[inline]
fn is_removed_format_char(a: u8, b: u8, c: u8) -> bool {
    ((a == 0xE2) & (b == 0x81) & (0xAA..=0xAF).contains(&c))
        | ((a == 0xEF) & (b == 0xBB) & (c == 0xBF))
        | ((a == 0xEF) & (b == 0xBF) & (0xB9..=0xBB).contains(&c))
}

/// Whether `test` holds at some position of `bytes`, given the byte there and the two after it
/// (0 past the end). One scan in chunks folded without early exit, so that it vectorises.
#[inline]
fn any_position(bytes: &[u8], test: impl Fn(u8, u8, u8) -> bool) -> bool {
    let n = bytes.len().saturating_sub(2);
    let (firsts, seconds, thirds) = (
        &bytes[..n],
        bytes.get(1..).unwrap_or_default(),
        bytes.get(2..).unwrap_or_default(),
    );
    let mut at = 0;
    while at < n {
        let end = (at + 64).min(n);
        let window = firsts[at..end]
            .iter()
            .zip(&seconds[at..end])
            .zip(&thirds[at..end]);
        if window.fold(false, |acc, ((&a, &b), &c)| acc | test(a, b, c)) {
            return true;
        }
        at = end;
    }
    // The last two positions, with nothing after the end.
    let byte = |i: usize| bytes.get(i).copied().unwrap_or(0);
    (n..bytes.len()).any(|i| test(byte(i), byte(i + 1), byte(i + 2)))
}

/// Whether `bytes` are ASCII with nothing any text fix acts on: no control character but tab and
/// line feed, no DEL, and no `&` when references are decoded. Such text leaves every fix
/// unchanged, so it is passed through after this one scan (written to vectorise: the chunks are
/// folded without early exit).
pub(crate) fn is_quiet_ascii(bytes: &[u8], references: bool) -> bool {
    let loud =
        |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') | (b >= 0x7F) | (references & (b == b'&'));
    let mut chunks = bytes.chunks_exact(64);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |acc, &b| acc | loud(b)) {
            return false;
        }
    }
    !chunks.remainder().iter().any(|&b| loud(b))
}

/// Removes ANSI escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL/ST`) and two-byte
/// escapes.
pub(crate) fn remove_terminal_escapes<'t>(text: &'t str, steps: &mut Vec<Step>) -> Cow<'t, str> {
    let bytes = text.as_bytes();
    let Some(first) = memchr(0x1B, bytes) else {
        return Cow::Borrowed(text);
    };
    let mut rw = Rewriter::new(text);
    let mut i = first;
    while i < bytes.len() {
        if bytes[i] != 0x1B {
            i += 1;
            continue;
        }
        let start = i;
        let end = match bytes.get(i + 1) {
            Some(b'[') => {
                let mut j = i + 2;
                while j < bytes.len() && (0x20..=0x3F).contains(&bytes[j]) {
                    j += 1;
                }
                if j < bytes.len() && (0x40..=0x7E).contains(&bytes[j]) {
                    Some(j + 1)
                } else {
                    None
                }
            }
            Some(b']') => {
                let mut j = i + 2;
                loop {
                    match bytes.get(j) {
                        None => break None,
                        Some(0x07) => break Some(j + 1),
                        Some(0x1B) if bytes.get(j + 1) == Some(&b'\\') => break Some(j + 2),
                        Some(_) => j += 1,
                    }
                }
            }
            Some(b) if (0x40..=0x5F).contains(b) => Some(i + 2),
            _ => None,
        };
        match end {
            Some(end) => {
                rw.replace(start..end, "", Action::TerminalEscapes, false);
                i = end;
            }
            None => i += 1,
        }
    }
    rw.finish(steps)
}

/// Replaces C1 controls with the windows-1252 characters of the same byte value (text that was
/// windows-1252 but decoded as ISO-8859-1), in lines where every one stands among ASCII
/// characters. The five bytes windows-1252 leaves undefined stay, and so do the C1 controls of
/// lines where one is next to another non-ASCII character: those are bytes of mojibake, which
/// the mojibake repair reads.
pub(crate) fn fix_c1_controls<'t>(text: &'t str, steps: &mut Vec<Step>) -> Cow<'t, str> {
    // C1 controls are C2 80..=C2 9F in UTF-8.
    if !text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xC2 && w[1] < 0xA0)
    {
        return Cow::Borrowed(text);
    }
    let mut rw = Rewriter::new(text);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        // Only lines where every C1 control stands among ASCII text (\u{93}quoted\u{94}): next
        // to any other character a C1 control is a byte of mojibake (Ä\u{83} for ă through
        // windows-1250, which leaves 0x83 undefined; \u{82}± for Shift_JIS こ read as
        // ISO-8859-1), and the mojibake repair reads the line's C1 controls as such, all of them.
        let mut prev = None;
        let mut chars = line.chars().peekable();
        let mut all_among_ascii = true;
        while let Some(c) = chars.next() {
            if ('\u{80}'..='\u{9F}').contains(&c) {
                let next = chars.peek().copied();
                all_among_ascii &=
                    prev.is_none_or(|b: char| b.is_ascii()) && next.is_none_or(|n| n.is_ascii());
            }
            prev = Some(c);
        }
        if !all_among_ascii {
            continue;
        }
        for (i, c) in line.char_indices() {
            if ('\u{80}'..='\u{9F}').contains(&c) {
                let byte = [u32::from(c) as u8];
                let (mapped, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                if !mapped.starts_with(c) {
                    let at = line_start + i;
                    rw.replace(at..at + c.len_utf8(), &mapped, Action::C1Controls, false);
                }
            }
        }
    }
    rw.finish(steps)
}

/// Turns `\r\n`, `\r`, U+0085, U+2028 and U+2029 into `\n` (not U+0085 where it is the
/// continuation byte of a UTF-8 sequence read with a single-byte charset).
pub(crate) fn fix_line_breaks<'t>(text: &'t str, steps: &mut Vec<Step>) -> Cow<'t, str> {
    // '\r', U+0085 (C2 85), U+2028 and U+2029 (E2 80 A8/A9): nothing else can need it.
    let bytes = text.as_bytes();
    let found = bytes.contains(&b'\r')
        || bytes.windows(2).any(|w| w == [0xC2, 0x85])
        || bytes
            .windows(3)
            .any(|w| w[0] == 0xE2 && w[1] == 0x80 && (w[2] == 0xA8 || w[2] == 0xA9));
    if !found {
        return Cow::Borrowed(text);
    }
    let mut rw = Rewriter::new(text);
    let mut chars = text.char_indices().peekable();
    let mut prev = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '\r' => {
                if let Some(&(_, '\n')) = chars.peek() {
                    chars.next();
                    rw.replace(i..i + 2, "\n", Action::LineBreaks, false);
                } else {
                    rw.replace(i..i + 1, "\n", Action::LineBreaks, false);
                }
            }
            // U+0085 right after what a single-byte charset shows for a byte of a UTF-8
            // sequence is its continuation byte 0x85 (Ñ\u{85} for х), not a line break.
            '\u{85}' if prev.is_some_and(shows_utf8_byte) => {}
            '\u{85}' | '\u{2028}' | '\u{2029}' => {
                rw.replace(i..i + c.len_utf8(), "\n", Action::LineBreaks, false)
            }
            _ => {}
        }
        prev = Some(c);
    }
    rw.finish(steps)
}

/// Removes control characters other than tab, line feed, form feed and carriage return, U+FEFF
/// inside text, the deprecated format characters U+206A..U+206F and the interlinear annotation
/// characters U+FFF9..U+FFFB.
pub(crate) fn remove_control_chars<'t>(text: &'t str, steps: &mut Vec<Step>) -> Cow<'t, str> {
    // C0 controls and DEL, U+206A..U+206F (E2 81 AA..AF), U+FEFF (EF BB BF) and U+FFF9..U+FFFB
    // (EF BF B9..BB): nothing else can be removed.
    let removed = |a: u8, b: u8, c: u8| {
        (a < 0x20 && a != b'\t' && a != b'\n' && a != 0x0C && a != b'\r')
            | (a == 0x7F)
            | is_removed_format_char(a, b, c)
    };
    if !any_position(text.as_bytes(), removed) {
        return Cow::Borrowed(text);
    }
    let mut rw = Rewriter::new(text);
    for (i, c) in text.char_indices() {
        let remove = matches!(c,
            '\u{0}'..='\u{8}' | '\u{B}' | '\u{E}'..='\u{1F}' | '\u{7F}'
            | '\u{206A}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}');
        if remove {
            rw.replace(i..i + c.len_utf8(), "", Action::ControlCharacters, false);
        }
    }
    rw.finish(steps)
}

pub(crate) fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_references_never_make_new_ones() {
        for (input, expected) in [
            ("&amp;lt; &amp; x", "&amp;lt; & x"),
            ("&#38;&#108;t;", "&&#108;t;"),
            ("&#&#120;A; caf&eacute;", "&#&#120;A; café"),
            ("&amp", "&"),
        ] {
            let once = run(unescape_html, input);
            assert_eq!(once, expected, "{input}");
            assert_eq!(
                run(unescape_html, &once),
                once,
                "a second pass changes {input}"
            );
        }
    }

    #[test]
    fn quiet_ascii_is_plain_ascii_without_controls_or_references() {
        let long = "plain text with tabs\tand lines\n".repeat(10);
        assert!(is_quiet_ascii(long.as_bytes(), true));
        for loud in ["\r", "\x1b[0m", "\x7f", "\0", "é", "&amp;"] {
            let text = format!("{long}{loud}{long}");
            assert!(!is_quiet_ascii(text.as_bytes(), true), "{loud:?}");
        }
        assert!(is_quiet_ascii(format!("{long}&{long}").as_bytes(), false));
    }

    type Fix = for<'t> fn(&'t str, &mut Vec<Step>) -> Cow<'t, str>;

    /// Every character any fix acts on, and neighbours of their bytes that they do not.
    const PROBES: [&str; 24] = [
        "\r", "\x1b[0m", "\x7f", "\0", "\x0b", "&lt;", "\u{85}", "\u{80}", "\u{9f}", "\u{2028}",
        "\u{2029}", "\u{206a}", "\u{206f}", "\u{feff}", "\u{fff9}", "\u{fffb}", "\u{a0}",
        "\u{201c}", "\u{2069}", "\u{fffc}", "\u{ff0c}", "\u{fe0f}", "\t", "\x0c",
    ];

    #[test]
    fn control_characters_are_found_wherever_they_stand() {
        // The one scan before the removal finds every character the removal takes, in the first
        // chunk, across its boundary and in the last two positions.
        let removable = |c: char| {
            matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{E}'..='\u{1F}' | '\u{7F}'
                | '\u{206A}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
        };
        for c in ('\0'..='\u{FFFF}').chain(['\u{1F600}']) {
            for before in [0, 62, 63, 64] {
                let text = format!("{}{c}", "a".repeat(before));
                let removed = run(remove_control_chars, &text) != text;
                assert_eq!(
                    removed,
                    removable(c),
                    "U+{:04X} after {before}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn quiet_means_every_character_fix_leaves_the_text_alone() {
        let fixes: [Fix; 5] = [
            remove_terminal_escapes,
            remove_control_chars,
            fix_line_breaks,
            unescape_html,
            fix_c1_controls,
        ];
        // Each probe before, across and after the first chunk boundaries, and at the very end.
        let filler = "中文，“引号”與한글 café ".repeat(6);
        for probe in PROBES {
            let ats = (0..=140).chain([filler.len()]);
            for at in ats.filter(|&at| filler.is_char_boundary(at)) {
                let text = format!("{}{probe}{}", &filler[..at], &filler[at..]);
                // Quiet must mean unchanged; a fix may still leave a probe it was woken for
                // where its neighbours say so (a C1 control or U+0085 inside mojibake).
                let changed = fixes.iter().any(|f| run(*f, &text) != text);
                if changed {
                    assert!(!is_quiet(text.as_bytes(), true), "{probe:?} at {at}");
                }
            }
        }
        for short in ["", "a", "\r", "\u{85}", "ab", "中"] {
            let changed = fixes.iter().any(|f| run(*f, short) != short);
            assert_eq!(is_quiet(short.as_bytes(), true), !changed, "{short:?}");
        }
        assert!(is_quiet(format!("{filler}&{filler}").as_bytes(), false));
        assert!(!is_quiet(format!("{filler}&{filler}").as_bytes(), true));
    }

    fn run(f: impl for<'t> Fn(&'t str, &mut Vec<Step>) -> Cow<'t, str>, s: &str) -> String {
        f(s, &mut Vec::new()).into_owned()
    }

    #[test]
    fn html_references() {
        let f = |s: &str| unescape_html(s, &mut Vec::new()).into_owned();
        assert_eq!(
            f("&ldquo;十二五&rdquo; &amp; &#20013;&#x6587; &copy"),
            "“十二五” & 中文 ©"
        );
        assert_eq!(f("a & b &unknown;"), "a & b &unknown;");
        // Without the semicolon, only a whole name not followed by `=`: a URL's query and a
        // word that starts like a name stay.
        assert_eq!(
            f("?id=1&section=2&copy=3 &copyright &nothing &notify AT&T"),
            "?id=1&section=2&copy=3 &copyright &nothing &notify AT&T"
        );
        assert_eq!(f("&copy 2020, &amp, &lt-"), "© 2020, &, <-");
        assert_eq!(f("&sect;ion"), "§ion");
        assert!(looks_like_markup("<p>&amp;</p>"));
        assert!(!looks_like_markup("a < b & c"));
    }

    #[test]
    fn terminal_escapes() {
        assert_eq!(
            run(remove_terminal_escapes, "\x1b[31mred\x1b[0m \x1b]0;t\x07x"),
            "red x"
        );
    }

    #[test]
    fn c1_controls_line_breaks_and_controls() {
        assert_eq!(
            run(fix_c1_controls, "\u{93}quoted\u{94} \u{81}"),
            "“quoted” \u{81}"
        );
        assert_eq!(
            run(fix_line_breaks, "a\r\nb\rc\u{2028}d\u{85}e\u{2029}"),
            "a\nb\nc\nd\ne\n"
        );
        // The continuation byte 0x85 of UTF-8 read as ISO-8859-1 (Ñ\u{85} for х) stays for the
        // mojibake repair.
        assert_eq!(
            run(fix_line_breaks, "Ð¡Ð¾Ñ\u{85}Ñ\u{80} \u{85}"),
            "Ð¡Ð¾Ñ\u{85}Ñ\u{80} \n"
        );
        // C1 controls among ASCII are windows-1252 punctuation; in a line where one stands next
        // to another non-ASCII character they are bytes of mojibake, all of them.
        assert_eq!(
            run(fix_c1_controls, "Ä\u{83} and \u{93}x\u{94}"),
            "Ä\u{83} and \u{93}x\u{94}"
        );
        assert_eq!(
            run(fix_c1_controls, "a \u{93}x\u{94}\nÄ\u{83}"),
            "a “x”\nÄ\u{83}"
        );
        assert_eq!(
            run(remove_control_chars, "a\u{206A}b\u{FFF9}c，中"),
            "abc，中"
        );
        assert_eq!(run(remove_control_chars, "a\u{0}b\u{FEFF}c\td"), "abc\td");
    }

    #[test]
    fn clean_text_is_borrowed() {
        let mut steps = Vec::new();
        assert!(matches!(
            fix_line_breaks("中文\n", &mut steps),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            remove_control_chars("中文\n", &mut steps),
            Cow::Borrowed(_)
        ));
        assert!(steps.is_empty());
    }
}
