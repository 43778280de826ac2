//! What a run did: counts merged from every worker, written as JSON (`--report`) and summarised
//! on stderr.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};
use unmojibake::{Action, Chain, Charset, Marker, Repaired, StreamReport};

/// The most error entries kept in the report (the count is always exact).
const MAX_ERRORS: usize = 10_000;

/// One problem with the input: processing went on.
#[derive(Clone, Debug)]
pub struct InputError {
    /// The file (or `<stdin>`).
    pub file: String,
    /// Record number (WARC) or line number (JSON Lines), when the problem is inside the file.
    pub at: Option<String>,
    pub message: String,
}

/// A file written by the run.
#[derive(Clone, Debug)]
pub struct Written {
    pub input: String,
    pub output: String,
    pub changed: bool,
    pub backup: Option<String>,
}

/// Counts for one document (a file, a JSON Lines field, a WARC record) or for many.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub documents: u64,
    pub changed: u64,
    pub lossy: u64,
    pub chains: BTreeMap<String, u64>,
    pub markers: BTreeMap<String, u64>,
    pub sources: BTreeMap<String, u64>,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub files: u64,
    pub skipped: u64,
    pub error_count: u64,
    pub errors: Vec<InputError>,
    pub written: Vec<Written>,
}

fn marker_name(marker: Marker) -> &'static str {
    match marker {
        Marker::Kunjinkao => "锟斤拷 (U+FFFD through GBK)",
        Marker::UninitializedMemory => "烫/屯 (uninitialised memory)",
        _ => "other",
    }
}

impl Stats {
    /// Counts one repaired document of `bytes_in` input bytes.
    pub fn document(&mut self, repaired: &Repaired<'_>, bytes_in: usize, bytes_out: usize) {
        let markers = repaired
            .steps()
            .iter()
            .filter_map(|step| match step.action {
                Action::Marker(marker) => Some(marker),
                _ => None,
            });
        self.count(
            (bytes_in as u64, bytes_out as u64),
            (repaired.changed(), repaired.lost()),
            repaired.source_encoding(),
            &repaired.chains(),
            markers,
        );
    }

    /// Counts one document repaired by streaming.
    pub fn streamed(&mut self, report: &StreamReport) {
        self.count(
            (report.bytes_in(), report.bytes_out()),
            (report.changed(), report.lost()),
            report.source_encoding(),
            report.chains(),
            report.markers().iter().copied(),
        );
    }

    fn count(
        &mut self,
        (bytes_in, bytes_out): (u64, u64),
        (changed, lost): (bool, bool),
        source: Option<Charset>,
        chains: &[Chain],
        markers: impl Iterator<Item = Marker>,
    ) {
        self.documents += 1;
        self.bytes_in += bytes_in;
        self.bytes_out += bytes_out;
        self.changed += u64::from(changed);
        self.lossy += u64::from(lost);
        if let Some(source) = source {
            *self.sources.entry(source.name().to_owned()).or_default() += 1;
        }
        for chain in chains {
            *self.chains.entry(chain.to_string()).or_default() += 1;
        }
        for marker in markers {
            *self
                .markers
                .entry(marker_name(marker).to_owned())
                .or_default() += 1;
        }
    }

    /// Records (and prints) a problem with the input.
    pub fn error(&mut self, file: &str, at: Option<String>, message: impl Into<String>) {
        let message = message.into();
        match &at {
            Some(at) => eprintln!("unmojibake: {file}: {at}: {message}"),
            None => eprintln!("unmojibake: {file}: {message}"),
        }
        self.error_count += 1;
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(InputError {
                file: file.to_owned(),
                at,
                message,
            });
        }
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: Stats) {
        self.documents += other.documents;
        self.changed += other.changed;
        self.lossy += other.lossy;
        for (map, theirs) in [
            (&mut self.chains, other.chains),
            (&mut self.markers, other.markers),
            (&mut self.sources, other.sources),
        ] {
            for (k, v) in theirs {
                *map.entry(k).or_default() += v;
            }
        }
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        self.files += other.files;
        self.skipped += other.skipped;
        self.error_count += other.error_count;
        let room = MAX_ERRORS.saturating_sub(self.errors.len());
        self.errors.extend(other.errors.into_iter().take(room));
        self.written.extend(other.written);
    }

    /// The `--report` document.
    pub fn to_json(&self, elapsed: Duration, threads: usize) -> Value {
        let errors: Vec<Value> = self
            .errors
            .iter()
            .map(|e| json!({"file": e.file, "at": e.at, "message": e.message}))
            .collect();
        let written: Vec<Value> = self
            .written
            .iter()
            .map(|w| {
                json!({"input": w.input, "output": w.output, "changed": w.changed, "backup": w.backup})
            })
            .collect();
        json!({
            "files": self.files,
            "documents": self.documents,
            "changed": self.changed,
            "unchanged": self.documents - self.changed,
            "lossy": self.lossy,
            "chains": self.chains,
            "markers": self.markers,
            "source_encodings": self.sources,
            "skipped": self.skipped,
            "error_count": self.error_count,
            "errors": errors,
            "written": written,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "elapsed_seconds": elapsed.as_secs_f64(),
            "threads": threads,
        })
    }

    /// The human summary printed on stderr at the end.
    pub fn summary(&self, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let mut s = format!(
            "unmojibake: {} files, {} documents, {} changed, {} lossy, {} errors; {:.1} MB in, {:.1} MB out in {:.2} s ({:.1} MB/s, {:.0} documents/s)",
            self.files,
            self.documents,
            self.changed,
            self.lossy,
            self.error_count,
            self.bytes_in as f64 / 1e6,
            self.bytes_out as f64 / 1e6,
            secs,
            self.bytes_in as f64 / 1e6 / secs,
            self.documents as f64 / secs,
        );
        for (chain, n) in &self.chains {
            s.push_str(&format!("\n  {n:>8}  {chain}"));
        }
        for (marker, n) in &self.markers {
            s.push_str(&format!("\n  {n:>8}  marker {marker}"));
        }
        s
    }
}
