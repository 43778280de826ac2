//! The whole-text fast path: a text that is one layer of UTF-8 mojibake throughout is read
//! back whole, pricing only its non-ASCII runs.

use crate::charset::Charset;
use crate::report::{Action, Chain, Step};
use crate::score::{text_cost, text_cost_parts};

use super::CHAINS;

/// The chains [`whole_text_utf8`] reads a whole text along: the two most common ways a page
/// is misread, and the first of each family in [`CHAINS`].
const WHOLE_TEXT_CHAINS: [(Charset, &encoding_rs::Encoding); 2] = [
    (Charset::WINDOWS_1252, encoding_rs::WINDOWS_1252),
    (Charset::GBK, encoding_rs::GBK),
];

/// The least gain of each line [`whole_text_utf8`] changes: less than a line read alone needs
/// ([`STRONG_UTF8_GAIN`](super::rank::STRONG_UTF8_GAIN)), since the whole text re-encoding to well-formed UTF-8 is evidence of
/// its own (Ã followed by a no-break space, à, gains 7).
const WHOLE_TEXT_LINE_MIN_GAIN: i64 = 1;

/// [`whole_text_utf8`] reads a text whole only if at most one changed line in this many does not
/// gain (and is kept as it is).
const WHOLE_TEXT_MAX_KEPT_SHARE: usize = 20;

/// The bytes of a text [`whole_text_utf8`] tries first.
const WHOLE_TEXT_PREFIX: usize = 4096;

/// Non-ASCII characters a text needs for [`whole_text_utf8`] to read it whole: fewer could form
/// UTF-8 by chance, and short texts are quick line by line.
const WHOLE_TEXT_MIN_CHARS: usize = 64;

/// The fast path of the commonest case, a whole page or file of UTF-8 read with windows-1252
/// or GBK: if every line of `text` re-encodes along the chain to well-formed UTF-8 and the lines
/// that change gain ([`WHOLE_TEXT_LINE_MIN_GAIN`], after its chain's prior; one in
/// [`WHOLE_TEXT_MAX_KEPT_SHARE`] may not, and is kept for the line search), the text is read
/// back in one pass (encoding_rs and a UTF-8 check, hundreds of MB/s) instead of searching each
/// line along 41 chains. A line with a placeholder of a lost byte (U+FFFD, or a '?' where the
/// re-encoded bytes break) is left as it is, for the line search and its recovery of lost
/// bytes: a browser reading UTF-8 as GBK loses a byte in every other line or so, which must not
/// cost the rest of the text its fast path. A step per changed line goes to `steps`. `None`
/// leaves the text to the search: a mixed text (one clean accented letter does not re-encode to
/// UTF-8), a short one.
pub(super) fn whole_text_utf8(text: &str, steps: &mut Vec<Step>) -> Option<(String, Chain)> {
    read_whole(text, Some(steps))
}

/// What a document model of lost bytes may be counted from, cheaply, for a text that
/// [`whole_text_utf8`] reads back whole: that reading, with each line it leaves for the search
/// of lost bytes read as far as its bytes are whole (a lost byte's character as U+FFFD), instead
/// of the search itself. `None` if the text is no such mojibake.
pub(crate) fn whole_text_model_source(text: &str) -> Option<String> {
    read_whole(text, None).map(|(read, _)| read)
}

/// [`whole_text_utf8`], the steps going to `steps`; without, lines with lost bytes are read as
/// far as they can be ([`whole_text_model_source`]). With the reading, the chain it read along.
fn read_whole(text: &str, steps: Option<&mut Vec<Step>>) -> Option<(String, Chain)> {
    if text.len() < WHOLE_TEXT_MIN_CHARS * 2 {
        return None;
    }
    let first = text.chars().find(|c| !c.is_ascii() && *c != '\u{FFFD}')?;
    let (wrong, encoding) = if first >= '\u{2E80}' {
        WHOLE_TEXT_CHAINS[1]
    } else {
        WHOLE_TEXT_CHAINS[0]
    };
    let mut encoder = encoding.new_encoder();
    let mut bytes = Vec::new();
    // A prefix first: clean text re-encodes to bytes that stop being UTF-8 within a few
    // characters, and must not pay for a pass over all of it.
    let mut cut = text.len().min(WHOLE_TEXT_PREFIX);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut line_start = 0;
    for line in text[..cut].split_inclusive('\n') {
        line_start += line.len();
        let cut_short = line_start == cut && cut < text.len();
        if reread(line, &mut encoder, &mut bytes, cut_short) == Reread::Foreign {
            return None;
        }
    }
    let spec = CHAINS
        .iter()
        .find(|spec| spec.chain.actual.is_utf8() && spec.chain.wrong == wrong)?;
    // Every line must gain as the line-by-line search would have it (ASCII lines read the same);
    // a few that do not (a lone 脳, GBK for ×, reads as GBK) are kept as they are, for the line
    // search, as long as the rest of the text gains.
    let mut line_steps = Vec::new();
    let mut out = String::with_capacity(text.len());
    let (mut changed, mut kept, mut read_chars) = (0usize, 0usize, 0usize);
    for old in text.split_inclusive('\n') {
        if old.is_ascii() {
            out.push_str(old);
            continue;
        }
        let new = match reread(old, &mut encoder, &mut bytes, false) {
            Reread::Foreign => return None,
            Reread::Lossy => {
                if steps.is_some() {
                    out.push_str(old);
                } else {
                    read_around_placeholders(old, &mut encoder, &mut bytes, &mut out);
                }
                continue;
            }
            Reread::Read => match std::str::from_utf8(&bytes) {
                Ok(new) => new,
                Err(_) => return None,
            },
        };
        if new.contains(|c: char| ('\u{80}'..='\u{9F}').contains(&c) || c == '\u{FFFD}') {
            return None;
        }
        read_chars += new.chars().filter(|c| !c.is_ascii()).count();
        // Only the stretch from the first high byte to the last differs (ASCII reads the
        // same): price that, between the ASCII characters around it.
        let start = old.bytes().position(|b| !b.is_ascii()).unwrap_or(0);
        let tail = old.len()
            - old
                .bytes()
                .rposition(|b| !b.is_ascii())
                .map_or(0, |i| i + 1);
        let before = old[..start].chars().next_back();
        let after = old[old.len() - tail..].chars().next();
        let (old_span, new_span) = (&old[start..old.len() - tail], &new[start..new.len() - tail]);
        let gain = cost_difference(before, (old_span, new_span), after) - spec.prior;
        // (No line needs the everyday letters a short line read alone must make: a few
        // high bytes may form UTF-8 by chance, all those of a whole text do not.)
        if gain < WHOLE_TEXT_LINE_MIN_GAIN {
            kept += 1;
            out.push_str(old);
            continue;
        }
        changed += 1;
        line_steps.push(Step {
            action: Action::Mojibake(spec.chain),
            range: out.len()..out.len() + old.len(),
            replacement: new.to_owned(),
            lossy: false,
        });
        out.push_str(new);
    }
    if changed == 0
        || kept * WHOLE_TEXT_MAX_KEPT_SHARE > changed
        || read_chars < WHOLE_TEXT_MIN_CHARS
    {
        return None;
    }
    if let Some(steps) = steps {
        steps.extend(line_steps);
    }
    Some((out, spec.chain))
}

/// What re-encoding one line along the whole-text chain gave ([`reread`]).
#[derive(PartialEq)]
enum Reread {
    /// The bytes, well-formed UTF-8 (but maybe for a sequence cut at the end of a prefix).
    Read,
    /// The line holds a placeholder of a lost byte and does not read as UTF-8 whole: the
    /// line search takes it.
    Lossy,
    /// The line is no mojibake along the chain: a character the charset lacks, or bytes that
    /// are no UTF-8, and no placeholder to blame.
    Foreign,
}

/// Re-encodes `line` with `encoder` into `bytes` (cleared first) and says whether the bytes
/// read as UTF-8 ([`Reread`]); a sequence `cut_short` at the end counts as well-formed (the
/// line is the last of a prefix, cut inside it).
fn reread(
    line: &str,
    encoder: &mut encoding_rs::Encoder,
    bytes: &mut Vec<u8>,
    cut_short: bool,
) -> Reread {
    if line.contains('\u{FFFD}') {
        return Reread::Lossy;
    }
    bytes.clear();
    let Some(room) = encoder.max_buffer_length_from_utf8_without_replacement(line.len()) else {
        return Reread::Foreign;
    };
    bytes.reserve(room);
    let (result, _) = encoder.encode_from_utf8_to_vec_without_replacement(line, bytes, false);
    let well_formed = result == encoding_rs::EncoderResult::InputEmpty
        && std::str::from_utf8(bytes)
            .map_or_else(|e| cut_short && e.error_len().is_none(), |_| true);
    if well_formed {
        Reread::Read
    } else if line.contains('?') {
        Reread::Lossy
    } else {
        Reread::Foreign
    }
}

/// Appends `line`, which holds the placeholder of a lost byte, to `out` read back along the
/// chain of `encoder` as far as its bytes are whole: each stretch between two U+FFFD re-encoded
/// and the whole read as UTF-8, every broken sequence (and a character the charset lacks) as
/// U+FFFD.
fn read_around_placeholders(
    line: &str,
    encoder: &mut encoding_rs::Encoder,
    bytes: &mut Vec<u8>,
    out: &mut String,
) {
    bytes.clear();
    for (n, piece) in line.split('\u{FFFD}').enumerate() {
        if n > 0 {
            // (Never a byte of UTF-8: it breaks the sequence it stands in.)
            bytes.push(0xFF);
        }
        let Some(room) = encoder.max_buffer_length_from_utf8_without_replacement(piece.len())
        else {
            bytes.push(0xFF);
            continue;
        };
        bytes.reserve(room);
        let (result, _) = encoder.encode_from_utf8_to_vec_without_replacement(piece, bytes, false);
        if result != encoding_rs::EncoderResult::InputEmpty {
            bytes.push(0xFF);
        }
    }
    out.push_str(&String::from_utf8_lossy(bytes));
}

/// `text_cost(before, old, after) - text_cost(before, new, after)` for two readings of the same
/// bytes whose ASCII characters are the same and in the same places between runs of non-ASCII
/// ones (a UTF-8 chain reads ASCII as ASCII): the ASCII characters and the pairs between them
/// cost alike on both sides, so only each run of non-ASCII characters is priced, between its
/// ASCII neighbours. (The whole is priced where the parts would differ from it: where the
/// ASCII stretches differ, or known CJK words could take off more than the runs cost.)
pub(super) fn cost_difference(
    before: Option<char>,
    (old, new): (&str, &str),
    after: Option<char>,
) -> i64 {
    let whole =
        || i64::from(text_cost(before, old, after)) - i64::from(text_cost(before, new, after));
    let (mut old_rest, mut new_rest) = (old, new);
    let mut prev = before;
    let (mut old_parts, mut new_parts) = ((0u32, 0u32), (0u32, 0u32));
    let add = |sum: &mut (u32, u32), (total, words): (u32, u32)| {
        *sum = (sum.0.saturating_add(total), sum.1.saturating_add(words));
    };
    loop {
        // The ASCII stretch both readings share.
        let ascii = |s: &str| s.bytes().position(|b| !b.is_ascii()).unwrap_or(s.len());
        let (old_ascii, new_ascii) = (ascii(old_rest), ascii(new_rest));
        if old_rest[..old_ascii] != new_rest[..new_ascii] {
            return whole();
        }
        if old_ascii > 0 {
            prev = old_rest[..old_ascii].chars().next_back();
        }
        (old_rest, new_rest) = (&old_rest[old_ascii..], &new_rest[new_ascii..]);
        if old_rest.is_empty() || new_rest.is_empty() {
            if old_rest.len() != new_rest.len() {
                return whole();
            }
            break;
        }
        let run = |s: &str| s.bytes().position(|b| b.is_ascii()).unwrap_or(s.len());
        let (old_run, new_run) = (run(old_rest), run(new_rest));
        let next = old_rest[old_run..].chars().next().or(after);
        add(
            &mut old_parts,
            text_cost_parts(prev, &old_rest[..old_run], next),
        );
        add(
            &mut new_parts,
            text_cost_parts(prev, &new_rest[..new_run], next),
        );
        (old_rest, new_rest) = (&old_rest[old_run..], &new_rest[new_run..]);
    }
    if old_parts.0 < old_parts.1 || new_parts.0 < new_parts.1 {
        return whole();
    }
    i64::from(old_parts.0 - old_parts.1) - i64::from(new_parts.0 - new_parts.1)
}
