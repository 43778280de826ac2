//! UTF-8 with islands of legacy bytes, decoded run by run.

use crate::charset::{Charset, Unit, utf8_unit};
use crate::decode::{decode_lossy, decode_step};
use crate::report::Step;

/// Decodes `bytes` (which start at `offset` of the input) as UTF-8 where they are valid UTF-8 and
/// as `island` elsewhere, recording one step per run.
pub(crate) fn decode_mixed(
    bytes: &[u8],
    offset: usize,
    island: Charset,
    out: &mut String,
    steps: &mut Vec<Step>,
) {
    for run in runs(bytes, island) {
        let slice = &bytes[run.range.clone()];
        let charset = if run.utf8 { Charset::UTF_8 } else { island };
        let lossy = decode_lossy(charset, slice, out);
        let range = run.range.start + offset..run.range.end + offset;
        match steps.last_mut() {
            Some(last)
                if last.action == crate::report::Action::Decode(charset)
                    && last.range.end == range.start =>
            {
                last.range.end = range.end;
                last.lossy |= lossy;
            }
            _ => steps.push(decode_step(charset, range, lossy)),
        }
    }
}

/// The bytes of the islands of a prefix, for detecting their charset.
pub(crate) fn island_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for run in runs(bytes, Charset::WINDOWS_1252) {
        if !run.utf8 {
            out.extend_from_slice(&bytes[run.range]);
            out.push(b'\n');
        }
    }
    out
}

struct Run {
    range: std::ops::Range<usize>,
    utf8: bool,
}

/// Splits `bytes` into runs of valid UTF-8 and runs of `island` characters. An island starts at
/// the first malformed UTF-8 unit and goes on, character by character of `island`, until a valid
/// multi-byte UTF-8 sequence starts that is not itself followed by malformed bytes (a two-byte
/// legacy character can look like one UTF-8 sequence by chance; a run of them cannot), or until
/// the line ends.
fn runs(bytes: &[u8], island: Charset) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut push = |start: usize, end: usize, utf8: bool| {
        if start == end {
            return;
        }
        match runs.last_mut() {
            Some(last) if last.utf8 == utf8 => last.range.end = end,
            _ => runs.push(Run {
                range: start..end,
                utf8,
            }),
        }
    };
    let mut i = 0;
    let mut run_start = 0;
    let mut in_island = false;
    while i < bytes.len() {
        if !in_island {
            match utf8_unit(bytes, i) {
                Unit::Seq(n) => i += n,
                Unit::Bad(_) => {
                    push(run_start, i, true);
                    run_start = i;
                    in_island = true;
                }
            }
            continue;
        }
        if bytes[i] >= 0x80 && utf8_resumes_at(bytes, i) {
            push(run_start, i, false);
            run_start = i;
            in_island = false;
            continue;
        }
        if bytes[i] == b'\n' {
            // An island ends with its line: lines are decoded alike however the input is cut
            // (streaming decodes chunks of whole lines).
            push(run_start, i + 1, false);
            run_start = i + 1;
            in_island = false;
            i += 1;
            continue;
        }
        i += match island.unit_at(bytes, i) {
            Unit::Seq(n) | Unit::Bad(n) => n.max(1),
        };
    }
    let end = bytes.len();
    push(run_start, end, !in_island);
    runs
}

fn utf8_resumes_at(bytes: &[u8], i: usize) -> bool {
    let Unit::Seq(n) = utf8_unit(bytes, i) else {
        return false;
    };
    match bytes.get(i + n) {
        None => true,
        Some(&b) if b < 0x80 => true,
        Some(_) => matches!(utf8_unit(bytes, i + n), Unit::Seq(_)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mixed(bytes: &[u8], island: Charset) -> String {
        let mut out = String::new();
        decode_mixed(bytes, 0, island, &mut out, &mut Vec::new());
        out
    }

    #[test]
    fn cp1252_cafe_inside_utf8() {
        let mut bytes = "naïve ".as_bytes().to_vec();
        bytes.extend_from_slice(b"caf\xE9 ");
        bytes.extend_from_slice("crème".as_bytes());
        assert_eq!(mixed(&bytes, Charset::WINDOWS_1252), "naïve café crème");
    }

    #[test]
    fn gbk_fragment_inside_utf8() {
        let mut bytes = "标题：".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xCE, 0xD2, 0xC3, 0xC7, 0x81, 0x40]);
        bytes.extend_from_slice(" 结束".as_bytes());
        assert_eq!(mixed(&bytes, Charset::GBK), "标题：我们丂 结束");
    }
}
