//! Declared charsets: the WHATWG `<meta>` prescan of HTML and the XML declaration.

use crate::charset::Charset;

/// How far into the document a declaration is looked for (the WHATWG prescan limit).
pub(crate) const PRESCAN_LIMIT: usize = 1024;

/// The charset declared in the first 1024 bytes: an XML declaration `encoding="…"` at the very
/// start, or an HTML `<meta charset=…>` / `<meta http-equiv="Content-Type" content="…charset=…">`.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<Charset> {
    let head = &bytes[..bytes.len().min(PRESCAN_LIMIT)];
    xml_declaration(head).or_else(|| meta_prescan(head))
}

fn xml_declaration(head: &[u8]) -> Option<Charset> {
    let rest = head.strip_prefix(b"<?xml")?;
    let end = find(rest, b"?>")?;
    let decl = &rest[..end];
    let at = find_ascii_ci(decl, b"encoding")?;
    let value = attribute_value(&decl[at + b"encoding".len()..])?;
    Charset::for_label(value)
}

/// A simplified form of the WHATWG prescan: walks `<meta` tags, reads their `charset` attribute,
/// or a `content` attribute with `charset=` when `http-equiv` is `content-type`. Comments are
/// skipped. UTF-16 labels mean UTF-8 here, as in the standard.
fn meta_prescan(head: &[u8]) -> Option<Charset> {
    let mut i = 0;
    while i < head.len() {
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += find(&rest[4..], b"-->").map_or(rest.len(), |e| e + 7);
            continue;
        }
        if starts_with_ci(rest, b"<meta") && rest.get(5).is_some_and(|&b| is_space(b) || b == b'/')
        {
            let end = find(rest, b">").unwrap_or(rest.len());
            if let Some(cs) = meta_tag_charset(&rest[5..end]) {
                return Some(cs);
            }
            i += end.max(1);
            continue;
        }
        i += 1;
    }
    None
}

fn meta_tag_charset(attrs: &[u8]) -> Option<Charset> {
    let mut charset = None;
    let mut content_charset = None;
    let mut http_equiv_content_type = false;
    for (name, value) in attributes(attrs) {
        if name.eq_ignore_ascii_case(b"charset") && charset.is_none() {
            charset = Charset::for_label(value);
        } else if name.eq_ignore_ascii_case(b"http-equiv") {
            http_equiv_content_type = value.eq_ignore_ascii_case(b"content-type");
        } else if name.eq_ignore_ascii_case(b"content") && content_charset.is_none() {
            content_charset = charset_from_content_type(value);
        }
    }
    let found = charset.or(if http_equiv_content_type {
        content_charset
    } else {
        None
    })?;
    if found == Charset::UTF_16LE || found == Charset::UTF_16BE {
        return Some(Charset::UTF_8);
    }
    Some(found)
}

/// The `charset=` parameter of a MIME type such as `text/html; charset=gbk` (also for HTTP
/// `Content-Type` headers).
pub(crate) fn charset_from_content_type(value: &[u8]) -> Option<Charset> {
    let at = find_ascii_ci(value, b"charset")?;
    let mut rest = &value[at + b"charset".len()..];
    rest = trim_start(rest);
    rest = rest.strip_prefix(b"=")?;
    rest = trim_start(rest);
    let (value, _) = if let Some(q @ (b'"' | b'\'')) = rest.first().copied() {
        let inner = &rest[1..];
        let end = inner.iter().position(|&b| b == q).unwrap_or(inner.len());
        (&inner[..end], ())
    } else {
        let end = rest
            .iter()
            .position(|&b| is_space(b) || b == b';')
            .unwrap_or(rest.len());
        (&rest[..end], ())
    };
    Charset::for_label(value)
}

/// Iterates `name=value` pairs of a tag's attribute text (values quoted or bare).
fn attributes(mut s: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || {
        loop {
            s = trim_start(s);
            if s.is_empty() {
                return None;
            }
            let name_end = s
                .iter()
                .position(|&b| is_space(b) || b == b'=' || b == b'/')
                .unwrap_or(s.len());
            if name_end == 0 {
                s = &s[1..];
                continue;
            }
            let name = &s[..name_end];
            s = trim_start(&s[name_end..]);
            if let Some(after) = s.strip_prefix(b"=") {
                let after = trim_start(after);
                let (value, rest) = match after.first().copied() {
                    Some(q @ (b'"' | b'\'')) => {
                        let inner = &after[1..];
                        let end = inner.iter().position(|&b| b == q).unwrap_or(inner.len());
                        (&inner[..end], inner.get(end + 1..).unwrap_or(&[]))
                    }
                    _ => {
                        let end = after
                            .iter()
                            .position(|&b| is_space(b))
                            .unwrap_or(after.len());
                        (&after[..end], &after[end..])
                    }
                };
                s = rest;
                return Some((name, value));
            }
            return Some((name, &[][..]));
        }
    })
}

fn attribute_value(s: &[u8]) -> Option<&[u8]> {
    let s = trim_start(s).strip_prefix(b"=")?;
    let s = trim_start(s);
    let q = *s.first()?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let inner = &s[1..];
    let end = inner.iter().position(|&b| b == q)?;
    Some(&inner[..end])
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&b| is_space(b)).count();
    &s[n..]
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_and_http_equiv() {
        assert_eq!(
            declared_charset(b"<html><meta charset=gbk>"),
            Some(Charset::GBK)
        );
        assert_eq!(
            declared_charset(b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=big5'>"),
            Some(Charset::BIG5)
        );
        assert_eq!(
            declared_charset(b"<meta content='text/html; charset=big5'>"),
            None
        );
        assert_eq!(declared_charset(b"<!-- <meta charset=gbk> --><p>"), None);
        assert_eq!(
            declared_charset(b"<meta charset=\"utf-16\">"),
            Some(Charset::UTF_8)
        );
    }

    #[test]
    fn xml_declaration_is_read() {
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>"),
            Some(Charset::SHIFT_JIS)
        );
    }

    #[test]
    fn declarations_past_the_limit_are_ignored() {
        let mut page = vec![b' '; PRESCAN_LIMIT];
        page.extend_from_slice(b"<meta charset=gbk>");
        assert_eq!(declared_charset(&page), None);
    }

    #[test]
    fn content_type_parameter() {
        assert_eq!(
            charset_from_content_type(b"text/html; Charset=\"EUC-KR\""),
            Some(Charset::EUC_KR)
        );
        assert_eq!(charset_from_content_type(b"text/html"), None);
    }
}
