//! A streaming WARC record reader that survives damage.
//!
//! Written here rather than taken from the `warc` crate because a crawl dump is read for what can
//! be saved: after a malformed header this reader reports it (with the record number and byte
//! offset) and resynchronises on the next `WARC/` version line, and a record cut short by a
//! truncated file still yields the bytes that were there. Memory is one record at a time; a record
//! larger than [`MAX_RECORD`] is skipped unread. The fuzz target `warc` drives it with arbitrary
//! bytes.

use std::io::{self, BufRead, Read};

/// The largest record body read into memory; larger ones are skipped with an error.
pub const MAX_RECORD: u64 = 256 * 1024 * 1024;
/// The longest header block accepted.
const MAX_HEADER: usize = 64 * 1024;

/// One WARC record: its named headers and its block.
#[derive(Debug, Default)]
pub struct Record {
    /// 1-based position in the file (malformed records count too).
    pub number: u64,
    /// Byte offset of the version line in the (decompressed) stream.
    pub offset: u64,
    /// Header fields in order, names as written.
    pub headers: Vec<(String, String)>,
    /// The record block (`Content-Length` bytes, fewer when the input was truncated).
    pub block: Vec<u8>,
    /// Whether the input ended before the block did.
    pub truncated: bool,
}

impl Record {
    /// The first header named `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a record could not be read. Reading goes on after every kind but `Io`.
#[derive(Debug)]
pub enum WarcError {
    /// A header block that is not WARC; the reader skipped to the next version line.
    Malformed {
        number: u64,
        offset: u64,
        message: String,
    },
    /// The underlying reader failed (e.g. a truncated gzip member); reading stops.
    Io(io::Error),
}

impl std::fmt::Display for WarcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WarcError::Malformed {
                number,
                offset,
                message,
            } => write!(f, "record {number} at byte {offset}: {message}"),
            WarcError::Io(e) => write!(f, "read error: {e}"),
        }
    }
}

/// Reads records one by one from a (decompressed) WARC stream.
pub struct WarcReader<R> {
    reader: R,
    offset: u64,
    number: u64,
    /// A version line found while resynchronising, to start the next record with.
    pending: Option<(u64, Vec<u8>)>,
    /// A read error met inside a block, reported after the partial record.
    deferred: Option<io::Error>,
    failed: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader at the start of `reader`.
    pub fn new(reader: R) -> Self {
        WarcReader {
            reader,
            offset: 0,
            number: 0,
            pending: None,
            deferred: None,
            failed: false,
        }
    }

    /// Reads one line (with its terminator), at most `limit` bytes; `None` at the end.
    fn line(&mut self, limit: usize) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let n = (&mut self.reader)
            .take(limit as u64)
            .read_until(b'\n', &mut line)?;
        self.offset += n as u64;
        Ok((n > 0).then_some(line))
    }

    /// Skips to the next line that starts a record, remembering it.
    fn resync(&mut self) -> io::Result<()> {
        loop {
            let start = self.offset;
            match self.line(MAX_HEADER)? {
                None => return Ok(()),
                Some(line) if line.starts_with(b"WARC/") => {
                    self.pending = Some((start, line));
                    return Ok(());
                }
                Some(_) => {}
            }
        }
    }

    fn malformed(&mut self, offset: u64, message: String) -> Option<Result<Record, WarcError>> {
        let number = self.number;
        if let Err(e) = self.resync() {
            self.failed = true;
            return Some(Err(WarcError::Io(e)));
        }
        Some(Err(WarcError::Malformed {
            number,
            offset,
            message,
        }))
    }

    fn next_record(&mut self) -> Option<Result<Record, WarcError>> {
        if self.failed {
            return None;
        }
        if let Some(e) = self.deferred.take() {
            self.failed = true;
            return Some(Err(WarcError::Io(e)));
        }
        let io_err = |this: &mut Self, e: io::Error| {
            this.failed = true;
            Some(Err(WarcError::Io(e)))
        };
        // The version line, after any blank lines between records.
        let (offset, version) = match self.pending.take() {
            Some(p) => p,
            None => loop {
                let start = self.offset;
                match self.line(MAX_HEADER) {
                    Err(e) => return io_err(self, e),
                    Ok(None) => return None,
                    Ok(Some(line)) if line.iter().all(u8::is_ascii_whitespace) => {}
                    Ok(Some(line)) => break (start, line),
                }
            },
        };
        self.number += 1;
        if !version.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&version[..version.len().min(40)])
                .trim_end()
                .to_owned();
            return self.malformed(
                offset,
                format!("expected a WARC/ version line, found {shown:?}"),
            );
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut header_bytes = 0;
        loop {
            let line = match self.line(MAX_HEADER) {
                Err(e) => return io_err(self, e),
                Ok(None) => {
                    return self.malformed(offset, "the input ends inside the header".to_owned());
                }
                Ok(Some(line)) => line,
            };
            header_bytes += line.len();
            if header_bytes > MAX_HEADER || !line.ends_with(b"\n") {
                return self.malformed(offset, "header block too long".to_owned());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if text.starts_with([' ', '\t']) {
                match headers.last_mut() {
                    Some((_, value)) => {
                        value.push(' ');
                        value.push_str(text.trim());
                        continue;
                    }
                    None => {
                        return self
                            .malformed(offset, "continuation line before any field".to_owned());
                    }
                }
            }
            match text.split_once(':') {
                Some((name, value)) if !name.is_empty() && !name.contains(char::is_whitespace) => {
                    headers.push((name.to_owned(), value.trim().to_owned()));
                }
                _ => {
                    let shown: String = text.chars().take(40).collect();
                    // The header never ended: this line may start the next record.
                    if text.starts_with("WARC/") {
                        self.pending = Some((self.offset - line.len() as u64, line));
                        return Some(Err(WarcError::Malformed {
                            number: self.number,
                            offset,
                            message: "header block has no end".to_owned(),
                        }));
                    }
                    return self.malformed(offset, format!("not a header field: {shown:?}"));
                }
            }
        }
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .map(|(_, v)| v.parse::<u64>());
        let length = match length {
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                return self.malformed(offset, "Content-Length is not a number".to_owned());
            }
            None => return self.malformed(offset, "no Content-Length".to_owned()),
        };
        if length > MAX_RECORD {
            match io::copy(&mut (&mut self.reader).take(length), &mut io::sink()) {
                Ok(n) => self.offset += n,
                Err(e) => return io_err(self, e),
            }
            return Some(Err(WarcError::Malformed {
                number: self.number,
                offset,
                message: format!("record of {length} bytes skipped (limit {MAX_RECORD})"),
            }));
        }
        let mut block = Vec::new();
        let read = match (&mut self.reader).take(length).read_to_end(&mut block) {
            Ok(n) => n,
            Err(e) => {
                // Keep what was read: the partial record comes first, the error next time.
                self.offset += block.len() as u64;
                self.deferred = Some(e);
                return Some(Ok(Record {
                    number: self.number,
                    offset,
                    headers,
                    truncated: true,
                    block,
                }));
            }
        };
        self.offset += read as u64;
        Some(Ok(Record {
            number: self.number,
            offset,
            headers,
            truncated: (read as u64) < length,
            block,
        }))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Record, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

/// The payload of an HTTP response block: the body, de-chunked and decompressed where the
/// headers say so, and the charset its Content-Type declares.
#[derive(Debug, Default)]
pub struct HttpPayload {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// Splits an `application/http` response block into its headers and decoded body.
pub fn parse_http_response(block: &[u8]) -> Result<HttpPayload, String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_start = match response.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("HTTP header is incomplete".to_owned()),
        Err(e) => return Err(format!("HTTP header: {e}")),
    };
    let mut payload = HttpPayload {
        status: response.code.unwrap_or(0),
        ..HttpPayload::default()
    };
    let mut chunked = false;
    let mut encoding = None;
    for h in response.headers.iter() {
        let value = String::from_utf8_lossy(h.value).trim().to_owned();
        if h.name.eq_ignore_ascii_case("Content-Type") {
            payload.content_type = Some(value);
        } else if h.name.eq_ignore_ascii_case("Transfer-Encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        } else if h.name.eq_ignore_ascii_case("Content-Encoding") {
            encoding = Some(value.to_ascii_lowercase());
        }
    }
    let raw = block.get(body_start..).unwrap_or_default();
    let body = if chunked { dechunk(raw) } else { raw.to_vec() };
    payload.body = match encoding.as_deref() {
        None | Some("identity") | Some("") => body,
        Some("gzip") | Some("x-gzip") => inflate(flate2::read::MultiGzDecoder::new(&body[..]))?,
        Some("deflate") => inflate(flate2::read::ZlibDecoder::new(&body[..]))?,
        Some(other) => return Err(format!("unsupported Content-Encoding {other:?}")),
    };
    Ok(payload)
}

fn inflate(mut reader: impl io::Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    reader
        .read_to_end(&mut out)
        .map_err(|e| format!("Content-Encoding: {e}"))?;
    Ok(out)
}

/// Undoes HTTP/1.1 chunked transfer coding; stops at the last chunk or where the framing breaks.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    while let Some(eol) = raw.iter().position(|&b| b == b'\n') {
        let size_line = String::from_utf8_lossy(&raw[..eol]);
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else {
            break;
        };
        raw = &raw[eol + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(raw.len());
        out.extend_from_slice(&raw[..take]);
        raw = &raw[take..];
        raw = raw
            .strip_prefix(b"\r\n")
            .or(raw.strip_prefix(b"\n"))
            .unwrap_or(raw);
    }
    out
}

/// The `charset` parameter of a Content-Type value.
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
            .filter(|v| !v.is_empty())
    })
}

/// Whether a Content-Type names text this tool repairs.
pub fn is_text_type(content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime.starts_with("text/")
        || mime == "application/xhtml+xml"
        || mime == "application/xml"
        || mime == "application/json"
        || mime == "application/javascript"
}
