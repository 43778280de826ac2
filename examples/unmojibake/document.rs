//! Single documents (text and HTML pages): binary sniffing, repair, and the HTML charset
//! declaration rewritten to the UTF-8 the output is in.

use unmojibake::{Repaired, Repairer};

/// How much of the start of a file the sniffers look at.
const SNIFF: usize = 8 * 1024;

/// Why a file is not text, or `None` when it looks like text.
///
/// NUL bytes mark binary data, except in UTF-16 (a BOM, or NULs almost all on one parity of
/// position), which the library decodes.
pub fn binary_reason(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(SNIFF)];
    const MAGIC: [(&[u8], &str); 8] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x7FELF", "an ELF executable"),
        (b"\x1F\x8B", "gzip data (name it .gz)"),
        (b"\x28\xB5\x2F\xFD", "zstd data"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some(what);
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in head.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let nuls = even + odd;
    if nuls == 0 {
        return None;
    }
    let one_sided = even.max(odd) * 20 >= nuls * 19 && nuls * 5 >= head.len();
    (!one_sided).then_some("binary data (NUL bytes)")
}

/// Whether `text` (already repaired) is an HTML or XHTML page.
pub fn looks_like_html(text: &str) -> bool {
    let mut end = SNIFF.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let lower = head
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .to_ascii_lowercase();
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<head")
        || lower.starts_with("<meta")
        || (lower.starts_with("<?xml") && lower.contains("<html"))
        || (lower.starts_with("<!--") && lower.contains("<html"))
}

/// Rewrites every charset declaration in the head of an HTML page (`<meta charset>`,
/// `<meta http-equiv content="…; charset=…">`, the XML declaration's `encoding`) to `utf-8`.
/// Returns `None` when there was nothing to rewrite.
pub fn rewrite_charset_declarations(html: &str) -> Option<String> {
    let mut limit = html.len().min(64 * 1024);
    while !html.is_char_boundary(limit) {
        limit -= 1;
    }
    let head_end = find_ascii_ci(&html[..limit], "</head", 0).unwrap_or(limit);
    let head = &html[..head_end];
    let mut edits: Vec<(usize, usize)> = Vec::new();
    // XML declaration.
    let trimmed = html.len() - html.trim_start_matches('\u{FEFF}').trim_start().len();
    if html[trimmed..].starts_with("<?xml")
        && let Some(end) = html[trimmed..].find("?>")
    {
        let decl = trimmed..trimmed + end;
        if let Some(at) = find_ascii_ci(&html[decl.clone()], "encoding", 0) {
            let start = decl.start + at + "encoding".len();
            if let Some(value) = attribute_value(html, start, decl.end) {
                edits.push(value);
            }
        }
    }
    let mut from = 0;
    while let Some(tag) = find_ascii_ci(head, "<meta", from) {
        let end = head[tag..].find('>').map_or(head.len(), |e| tag + e);
        let mut search = tag;
        while let Some(at) = find_ascii_ci(&head[..end], "charset", search) {
            if let Some(value) = attribute_value(html, at + "charset".len(), end) {
                edits.push(value);
            }
            search = at + "charset".len();
        }
        from = end;
    }
    edits.retain(|&(s, e)| !html[s..e].eq_ignore_ascii_case("utf-8"));
    if edits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (s, e) in edits {
        out.push_str(&html[last..s]);
        out.push_str("utf-8");
        last = e;
    }
    out.push_str(&html[last..]);
    Some(out)
}

/// The byte range of the value after `=` that starts at or after `pos` (spaces and quotes
/// skipped), if there is one before `limit`.
fn attribute_value(text: &str, pos: usize, limit: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = pos;
    while i < limit && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if i >= limit || bytes[i] != b'=' {
        return None;
    }
    i += 1;
    while i < limit && (bytes[i].is_ascii_whitespace() || bytes[i] == b'"' || bytes[i] == b'\'') {
        i += 1;
    }
    let start = i;
    while i < limit && (bytes[i].is_ascii_alphanumeric() || b"-_:.".contains(&bytes[i])) {
        i += 1;
    }
    (i > start).then_some((start, i))
}

/// The first ASCII-case-insensitive occurrence of `needle` (ASCII) in `hay` at or after `from`.
fn find_ascii_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let hay = hay.as_bytes();
    let needle = needle.as_bytes();
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len())
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// A repaired document: the text to write, and the record of what was done.
pub struct Outcome<'a> {
    pub repaired: Repaired<'a>,
    /// The text to write: the repair, with the charset declaration rewritten for HTML.
    pub text: String,
    pub is_html: bool,
}

/// Repairs one document. `html` forces (`Some(true)`) or forbids HTML handling; `None` sniffs.
pub fn repair_document<'a>(
    repairer: &Repairer,
    bytes: &'a [u8],
    hint: Option<&str>,
    html: Option<bool>,
) -> Outcome<'a> {
    let repaired = match hint {
        Some(label) => repairer
            .repair_with_hint(bytes, label)
            .unwrap_or_else(|_| repairer.repair(bytes)),
        None => repairer.repair(bytes),
    };
    let is_html = html.unwrap_or_else(|| looks_like_html(repaired.as_str()));
    let text = match is_html
        .then(|| rewrite_charset_declarations(repaired.as_str()))
        .flatten()
    {
        Some(rewritten) => rewritten,
        None => repaired.as_str().to_owned(),
    };
    Outcome {
        repaired,
        text,
        is_html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_declarations_become_utf8() {
        let page = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\"><meta charset='big5'></head><body>charset=gbk stays</body></html>";
        let out = rewrite_charset_declarations(page).expect("rewritten");
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=utf-8\"><meta charset='utf-8'></head><body>charset=gbk stays</body></html>"
        );
        assert_eq!(rewrite_charset_declarations("<meta charset=utf-8>"), None);
    }

    #[test]
    fn binary_sniffing_spares_utf16() {
        assert!(binary_reason(b"\x89PNG\r\n").is_some());
        assert!(binary_reason(b"ab\0cd\0\0\x01").is_some());
        let utf16: Vec<u8> = "plain text"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(binary_reason(&utf16), None);
        assert_eq!(binary_reason("中文".as_bytes()), None);
    }
}
