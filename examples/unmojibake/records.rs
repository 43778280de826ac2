//! Record streams (JSON Lines, WARC): read in batches by one thread, repaired in parallel,
//! written in input order. Memory is a few batches, whatever the size of the dump.

use std::io::{self, BufRead, Write};
use std::sync::mpsc;

use rayon::prelude::*;
use serde_json::{Map, Value, json};
use unmojibake::{Repaired, Repairer};

use crate::document;
use crate::report::Stats;
use crate::warc::{self, Record, WarcError, WarcReader};

/// A batch is cut at this many input bytes...
const BATCH_BYTES: usize = 8 * 1024 * 1024;
/// ...or this many records.
const BATCH_RECORDS: usize = 4096;

/// The options that shape each record's repair.
pub struct RecordOptions<'a> {
    pub repairer: &'a Repairer,
    pub field: &'a str,
    pub explain: bool,
}

/// What one record gave: output bytes (possibly none), counts, problems.
#[derive(Default)]
struct Outcome {
    output: Vec<u8>,
    stats: Stats,
    errors: Vec<String>,
    changed: bool,
}

/// Runs `produce` on its own thread, handing batches to `consume` on this one (at most two
/// batches wait), so reading and decompressing overlap with repairing.
fn pipeline<B: Send>(
    produce: impl FnMut() -> Option<B> + Send,
    mut consume: impl FnMut(B) -> io::Result<()>,
) -> io::Result<()> {
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<B>(2);
        let mut produce = produce;
        scope.spawn(move || {
            while let Some(batch) = produce() {
                if tx.send(batch).is_err() {
                    break;
                }
            }
        });
        for batch in rx {
            consume(batch)?;
        }
        Ok(())
    })
}

/// One batch of lines: their first line number, the lines, and the read error that ended the
/// input, if any.
struct LineBatch {
    first_line: u64,
    lines: Vec<Vec<u8>>,
    error: Option<io::Error>,
}

/// Repairs the `field` of every JSON object in `reader`; returns whether any line changed.
pub fn process_jsonl(
    options: &RecordOptions<'_>,
    name: &str,
    reader: impl BufRead + Send,
    out: &mut dyn Write,
    stats: &mut Stats,
) -> io::Result<bool> {
    let mut reader = reader;
    let mut next_line = 1u64;
    let mut done = false;
    let produce = move || {
        if done {
            return None;
        }
        let mut batch = LineBatch {
            first_line: next_line,
            lines: Vec::new(),
            error: None,
        };
        let mut bytes = 0;
        while bytes < BATCH_BYTES && batch.lines.len() < BATCH_RECORDS {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(n) => {
                    bytes += n;
                    batch.lines.push(line);
                }
                Err(e) => {
                    // What was read before the error is kept.
                    if !line.is_empty() {
                        batch.lines.push(line);
                    }
                    batch.error = Some(e);
                    done = true;
                    break;
                }
            }
        }
        next_line += batch.lines.len() as u64;
        (!batch.lines.is_empty() || batch.error.is_some()).then_some(batch)
    };
    let mut any_changed = false;
    pipeline(produce, |batch: LineBatch| {
        let outcomes: Vec<Outcome> = batch
            .lines
            .par_iter()
            .map(|line| repair_json_line(options, line))
            .collect();
        for (i, outcome) in outcomes.into_iter().enumerate() {
            out.write_all(&outcome.output)?;
            any_changed |= outcome.changed;
            let line_no = batch.first_line + i as u64;
            for e in &outcome.errors {
                stats.error(name, Some(format!("line {line_no}")), e.as_str());
            }
            stats.merge(outcome.stats);
        }
        if let Some(e) = batch.error {
            stats.error(
                name,
                Some(format!(
                    "line {}",
                    batch.first_line + batch.lines.len() as u64
                )),
                format!("input ends with an error, everything before it was kept: {e}"),
            );
        }
        Ok(())
    })?;
    Ok(any_changed)
}

/// One JSON line in, one out (a malformed line is copied unchanged and reported).
fn repair_json_line(options: &RecordOptions<'_>, line: &[u8]) -> Outcome {
    let mut outcome = Outcome::default();
    let body = line.strip_suffix(b"\n").unwrap_or(line);
    let body = body.strip_suffix(b"\r").unwrap_or(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        outcome.output = line.to_vec();
        return outcome;
    }
    match repair_json_object(options, body, &mut outcome.stats) {
        Ok((fixed, changed)) => {
            outcome.changed = changed;
            outcome.output = if changed || options.explain {
                fixed.into_bytes()
            } else {
                body.to_vec()
            };
            outcome.output.push(b'\n');
        }
        Err(e) => {
            outcome
                .errors
                .push(format!("malformed JSON line copied unchanged: {e}"));
            outcome.output = line.to_vec();
            if !line.ends_with(b"\n") {
                outcome.output.push(b'\n');
            }
        }
    }
    outcome
}

fn steps_json(repaired: &Repaired<'_>) -> Value {
    Value::Array(
        repaired
            .steps()
            .iter()
            .map(|s| Value::String(crate::describe(s)))
            .collect(),
    )
}

fn repair_json_object(
    options: &RecordOptions<'_>,
    body: &[u8],
    stats: &mut Stats,
) -> Result<(String, bool), String> {
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let mut value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let obj = value.as_object_mut().ok_or("not a JSON object")?;
    let mut changed = false;
    let mut steps = None;
    if let Some(Value::String(s)) = obj.get(options.field) {
        let repaired = options.repairer.repair_str(s);
        stats.document(&repaired, s.len(), repaired.as_str().len());
        if options.explain {
            steps = Some(steps_json(&repaired));
        }
        if repaired.changed() {
            changed = true;
            let fixed = repaired.into_string();
            obj.insert(options.field.to_owned(), Value::String(fixed));
        }
    }
    if let Some(steps) = steps {
        obj.insert("unmojibake_steps".to_owned(), steps);
    }
    serde_json::to_string(&value)
        .map(|s| (s, changed))
        .map_err(|e| e.to_string())
}

/// Repairs the text payloads of a WARC stream, writing one JSON line per repaired record.
pub fn process_warc(
    options: &RecordOptions<'_>,
    name: &str,
    reader: impl BufRead + Send,
    out: &mut dyn Write,
    stats: &mut Stats,
) -> io::Result<()> {
    let mut records = WarcReader::new(reader);
    let mut done = false;
    let produce = move || {
        if done {
            return None;
        }
        let mut batch: Vec<Result<Record, WarcError>> = Vec::new();
        let mut bytes = 0;
        while bytes < BATCH_BYTES && batch.len() < BATCH_RECORDS {
            match records.next() {
                None => {
                    done = true;
                    break;
                }
                Some(r) => {
                    bytes += r.as_ref().map_or(0, |r| r.block.len());
                    batch.push(r);
                }
            }
        }
        (!batch.is_empty()).then_some(batch)
    };
    pipeline(produce, |batch: Vec<Result<Record, WarcError>>| {
        let outcomes: Vec<Result<Outcome, String>> = batch
            .par_iter()
            .map(|r| match r {
                Ok(record) => Ok(repair_warc_record(options, record)),
                Err(e) => Err(e.to_string()),
            })
            .collect();
        for (record, outcome) in batch.iter().zip(outcomes) {
            match outcome {
                Ok(outcome) => {
                    out.write_all(&outcome.output)?;
                    let at = record.as_ref().map(|r| format!("record {}", r.number)).ok();
                    for e in &outcome.errors {
                        stats.error(name, at.clone(), e.as_str());
                    }
                    stats.merge(outcome.stats);
                }
                Err(e) => stats.error(name, None, e),
            }
        }
        Ok(())
    })
}

/// The record types whose payload is a document.
const PAYLOAD_TYPES: [&str; 3] = ["response", "resource", "conversion"];

fn repair_warc_record(options: &RecordOptions<'_>, record: &Record) -> Outcome {
    let mut outcome = Outcome::default();
    if record.truncated {
        outcome.errors.push(format!(
            "record cut short at {} bytes (truncated input); repaired what was there",
            record.block.len()
        ));
    }
    let kind = record
        .header("WARC-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    if !PAYLOAD_TYPES.contains(&kind.as_str()) {
        return outcome;
    }
    let warc_type = record.header("Content-Type").unwrap_or("");
    let (content_type, body, status) =
        if kind == "response" && warc_type.contains("application/http") {
            match warc::parse_http_response(&record.block) {
                Ok(payload) => (payload.content_type, payload.body, Some(payload.status)),
                Err(e) => {
                    outcome.errors.push(e);
                    return outcome;
                }
            }
        } else {
            (
                (!warc_type.is_empty()).then(|| warc_type.to_owned()),
                record.block.clone(),
                None,
            )
        };
    if let Some(ct) = &content_type
        && !warc::is_text_type(ct)
    {
        outcome.stats.skipped += 1;
        return outcome;
    }
    if content_type.is_none() && document::binary_reason(&body).is_some() {
        outcome.stats.skipped += 1;
        return outcome;
    }
    let http_charset = content_type.as_deref().and_then(warc::charset_param);
    let is_html = content_type
        .as_deref()
        .map(|ct| ct.to_ascii_lowercase().contains("html"));
    let doc = document::repair_document(options.repairer, &body, http_charset, is_html);
    outcome
        .stats
        .document(&doc.repaired, body.len(), doc.text.len());
    outcome.changed = doc.repaired.changed();
    let mut line = Map::new();
    for (key, header) in [
        ("uri", "WARC-Target-URI"),
        ("date", "WARC-Date"),
        ("record_id", "WARC-Record-ID"),
    ] {
        line.insert(key.to_owned(), json!(record.header(header)));
    }
    line.insert("warc_type".to_owned(), json!(kind));
    line.insert("offset".to_owned(), json!(record.offset));
    line.insert("http_status".to_owned(), json!(status));
    line.insert("content_type".to_owned(), json!(content_type));
    line.insert("declared_charset".to_owned(), json!(http_charset));
    line.insert(
        "source_encoding".to_owned(),
        json!(doc.repaired.source_encoding().map(|c| c.name())),
    );
    line.insert("changed".to_owned(), json!(doc.repaired.changed()));
    line.insert("lost".to_owned(), json!(doc.repaired.lost()));
    line.insert(
        "chains".to_owned(),
        json!(
            doc.repaired
                .chains()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        ),
    );
    if options.explain {
        line.insert("steps".to_owned(), steps_json(&doc.repaired));
    }
    line.insert("text".to_owned(), Value::String(doc.text));
    match serde_json::to_vec(&Value::Object(line)) {
        Ok(mut bytes) => {
            bytes.push(b'\n');
            outcome.output = bytes;
        }
        Err(e) => outcome.errors.push(e.to_string()),
    }
    outcome
}
