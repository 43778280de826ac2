//! `unmojibake`: repair scraped pages, files, directories, WARC dumps and JSON Lines into clean
//! UTF-8, in parallel, with a report.
//!
//! ```text
//! cargo run --release --example unmojibake -- examples/data/sample.html
//! cargo run --release --example unmojibake -- -o fixed/ --report report.json dump/
//! cargo run --release --example unmojibake -- crawl.warc.gz > crawl.jsonl
//! ```
//!
//! Exit status: 0 everything was read and written; 1 some input had a problem (unreadable file,
//! directory loop, binary file, truncated gzip, malformed WARC record or JSON line): it was
//! reported, skipped or copied through, and everything else was processed; 2 usage error;
//! 3 some output could not be written.

mod document;
mod inputs;
mod output;
mod records;
mod report;
mod warc;

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use flate2::read::MultiGzDecoder;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use unmojibake::{Config, HtmlUnescape, Repairer, Step};

use inputs::{Input, Kind};
use output::AtomicFile;
use records::RecordOptions;
use report::{Stats, Written};

/// Documents larger than this are repaired by streaming (bounded memory) instead of whole.
const STREAM_ABOVE: u64 = 64 * 1024 * 1024;
/// Small documents are processed in parallel batches of at most this many bytes (files written
/// to a directory are written by the workers; only stdout holds a batch's output until its
/// turn)...
const BATCH_BYTES: u64 = 256 * 1024 * 1024;
/// ...and this many files: large batches keep both cores busy until the end of each.
const BATCH_FILES: usize = 4096;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// By file name: *.warc[.gz] → warc, *.jsonl/*.ndjson[.gz] → jsonl, else a document
    /// (HTML when it looks like HTML).
    Auto,
    /// Plain text documents.
    Text,
    /// HTML pages (charset declaration rewritten, entities and markup kept).
    Html,
    /// JSON Lines.
    Jsonl,
    /// WARC files.
    Warc,
}

/// Repairs mojibake and decodes bytes of unknown encoding into clean UTF-8: pages, files,
/// directories, WARC dumps, JSON Lines.
#[derive(Parser, Debug)]
#[command(
    version,
    about,
    after_help = "Examples:
  unmojibake page.html > page.utf8.html           one page to stdout
  unmojibake -o fixed/ dump/                       a directory tree, mirrored under fixed/
  unmojibake --in-place --backup .orig pages/      rewrite files, keeping the originals
  unmojibake --ext html,htm --glob '**/news/**' -o out/ site/
  unmojibake crawl.warc.gz > crawl.jsonl           WARC text records → JSON Lines
  unmojibake --field body dump.jsonl.gz > fixed.jsonl
  unmojibake --report report.json -j 2 -o out/ dump/
  echo 'é¦–é¡µ' | unmojibake --explain

Exit status: 0 all done; 1 some input had a problem (reported, processing went on);
2 usage error; 3 some output could not be written."
)]
struct Args {
    /// Files and directories (walked recursively) to repair; `-` is stdin. With none: stdin, or
    /// the bundled sample examples/data/sample.html when stdin is a terminal.
    paths: Vec<PathBuf>,
    /// Write each output under DIR, mirroring the input tree (a WARC file becomes NAME.jsonl).
    /// Example: `-o fixed/`.
    #[arg(short, long, value_name = "DIR", conflicts_with = "in_place")]
    output: Option<PathBuf>,
    /// Rewrite changed files in place (temporary file + rename; unchanged files are not
    /// touched; each rewritten file is listed on stderr and in the report).
    #[arg(long)]
    in_place: bool,
    /// With --in-place, keep the original as FILE+SUFFIX. Example: `--backup .orig`.
    #[arg(long, value_name = "SUFFIX", requires = "in_place")]
    backup: Option<String>,
    /// How to read the inputs. Example: `--format html` for pages named *.txt.
    #[arg(long, value_enum, default_value = "auto")]
    format: Format,
    /// Same as `--format jsonl`.
    #[arg(long)]
    jsonl: bool,
    /// The JSON field repaired in JSON Lines. Example: `--field body`.
    #[arg(long, default_value = "text", value_name = "NAME")]
    field: String,
    /// Only files with these extensions inside directories (comma-separated; NAME.EXT.gz
    /// counts too). Example: `--ext html,htm,txt`.
    #[arg(long, value_name = "LIST")]
    ext: Vec<String>,
    /// Only files whose path inside the directory matches this glob (repeatable).
    /// Example: `--glob '**/*.jsonl.gz'`.
    #[arg(long, value_name = "PATTERN")]
    glob: Vec<String>,
    /// Only encoding repairs: no HTML unescaping, no control-character or line-break changes, no
    /// normalisation (like ftfy's fix_encoding).
    #[arg(long, conflicts_with = "crawl")]
    encoding_only: bool,
    /// What crawl pipelines run (datatrove's FTFYFormatter settings): encoding repairs,
    /// references in plain text, escapes and control characters, but line breaks and Unicode
    /// normalisation left as they are.
    #[arg(long)]
    crawl: bool,
    /// A charset declared outside the data (e.g. an HTTP header) for documents; WARC records use
    /// their own Content-Type. Example: `--charset gbk`.
    #[arg(long, value_name = "LABEL")]
    charset: Option<String>,
    /// Explain what was done: steps on stderr for documents, a `unmojibake_steps` field for
    /// JSON Lines, a `steps` field for WARC records.
    #[arg(long)]
    explain: bool,
    /// Write a JSON report (documents, changed, chains, lossy repairs, markers, errors, files
    /// written, bytes, time) to FILE. Example: `--report run.json`.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Worker threads (default: one per core). Example: `-j 1`.
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// No progress bar and no summary on stderr (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
}

/// Everything a worker needs to know.
struct Job {
    repairer: Repairer,
    args: Args,
    html: Option<bool>,
    progress: Option<ProgressBar>,
}

fn main() -> ExitCode {
    let mut args = Args::parse();
    if args.jsonl {
        args.format = Format::Jsonl;
    }
    if let Some(label) = &args.charset
        && unmojibake::Charset::for_label(label.as_bytes()).is_none()
    {
        eprintln!("unmojibake: unknown charset label {label:?}");
        return ExitCode::from(2);
    }
    let filter = match inputs::Filter::new(&args.ext, &args.glob) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("unmojibake: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(n) = args.threads
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
    {
        eprintln!("unmojibake: --threads: {e}");
        return ExitCode::from(2);
    }
    let threads = rayon::current_num_threads();
    let started = Instant::now();
    let mut stats = Stats::default();
    let forced = match args.format {
        Format::Auto | Format::Text | Format::Html => None,
        Format::Jsonl => Some(Kind::JsonLines),
        Format::Warc => Some(Kind::Warc),
    };
    let mut inputs = if args.paths.is_empty() {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/sample.html");
        if io::stdin().is_terminal() && forced.is_none() {
            eprintln!(
                "unmojibake: no input given; repairing the bundled sample {}",
                sample.display()
            );
            inputs::collect(&[sample], &filter, forced, &mut stats)
        } else {
            vec![inputs::stdin_input(forced)]
        }
    } else {
        inputs::collect(&args.paths, &filter, forced, &mut stats)
    };
    if args.in_place && inputs.iter().any(|i| i.path.is_none()) {
        eprintln!("unmojibake: --in-place needs files, not stdin");
        return ExitCode::from(2);
    }
    inputs.retain(|input| {
        let keep = !(args.in_place && input.kind == Kind::Warc);
        if !keep {
            stats.error(
                &input.display,
                None,
                "a WARC file is repaired into JSON Lines, not in place: use -o DIR",
            );
        }
        keep
    });
    let total: u64 = inputs.iter().map(|i| i.size).sum();
    let progress = (!args.quiet && io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:40} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let config = if args.encoding_only {
        Config::encoding_only()
    } else if args.crawl {
        Config::crawl()
    } else {
        Config::default()
    };
    let html = match args.format {
        Format::Html => Some(true),
        Format::Text => Some(false),
        _ => None,
    };
    // In HTML, references stay as written: the page is still HTML.
    let config = if html == Some(true) {
        config.unescape_html(HtmlUnescape::Never)
    } else {
        config
    };
    let job = Job {
        repairer: config.build(),
        args,
        html,
        progress,
    };
    let mut write_failed = false;
    let mut pending: Vec<Input> = Vec::new();
    let mut pending_bytes = 0;
    for input in inputs {
        let batchable = input.kind == Kind::Document
            && input.path.is_some()
            && !input.gzip
            && input.size <= STREAM_ABOVE;
        if batchable {
            pending_bytes += input.size;
            pending.push(input);
            if pending.len() >= BATCH_FILES || pending_bytes >= BATCH_BYTES {
                write_failed |= run_document_batch(&job, &mut pending, &mut stats);
                pending_bytes = 0;
            }
            continue;
        }
        write_failed |= run_document_batch(&job, &mut pending, &mut stats);
        pending_bytes = 0;
        write_failed |= run_streamed(&job, &input, &mut stats);
    }
    write_failed |= run_document_batch(&job, &mut pending, &mut stats);
    if let Some(bar) = &job.progress {
        bar.finish_and_clear();
    }
    let elapsed = started.elapsed();
    if let Some(path) = &job.args.report {
        let json = stats.to_json(elapsed, threads);
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        if let Err(e) = output::write_atomically(path, text.as_bytes()) {
            eprintln!("unmojibake: report {}: {e}", path.display());
            write_failed = true;
        }
    }
    if !job.args.quiet {
        eprintln!("{}", stats.summary(elapsed));
    }
    if write_failed {
        ExitCode::from(3)
    } else if stats.error_count > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line per step, as `--explain` prints it.
pub fn describe(step: &Step) -> String {
    format!(
        "{:?} {:?} -> {:?}{}",
        step.action,
        step.range,
        step.replacement,
        if step.lossy { " (lossy)" } else { "" }
    )
}

/// What a document worker hands back for the ordered write phase.
struct DocResult {
    text: Option<String>,
    /// Where the text went when a worker wrote it to a file, and how that went.
    written: Option<(PathBuf, io::Result<Option<PathBuf>>)>,
    changed: bool,
    stats: Stats,
    errors: Vec<String>,
    explain: String,
}

fn repair_document_bytes(job: &Job, input: &Input, bytes: &[u8]) -> DocResult {
    let mut result = DocResult {
        text: None,
        written: None,
        changed: false,
        stats: Stats::default(),
        errors: Vec::new(),
        explain: String::new(),
    };
    if let Some(reason) = document::binary_reason(bytes) {
        result.errors.push(format!("skipped: {reason}"));
        result.stats.skipped += 1;
        return result;
    }
    let outcome =
        document::repair_document(&job.repairer, bytes, job.args.charset.as_deref(), job.html);
    result
        .stats
        .document(&outcome.repaired, bytes.len(), outcome.text.len());
    if job.args.explain {
        result.explain = format!(
            "{}: source {}, changed: {}, lost: {}{}\n",
            input.display,
            outcome.repaired.source_encoding().map_or("-", |c| c.name()),
            outcome.repaired.changed(),
            outcome.repaired.lost(),
            if outcome.is_html { ", HTML" } else { "" },
        );
        for step in outcome.repaired.steps() {
            result.explain.push_str(&format!("  {}\n", describe(step)));
        }
    }
    result.changed = outcome.text.as_bytes() != bytes;
    result.text = Some(outcome.text);
    result
}

/// Repairs a batch of small documents in parallel and writes them in order. Returns whether
/// some output could not be written.
fn run_document_batch(job: &Job, batch: &mut Vec<Input>, stats: &mut Stats) -> bool {
    let results: Vec<DocResult> = batch
        .par_iter()
        .map(|input| {
            let bytes = input
                .path
                .as_deref()
                .map_or_else(|| Err(io::Error::other("no path")), std::fs::read);
            let mut result = match bytes {
                Ok(bytes) => repair_document_bytes(job, input, &bytes),
                Err(e) => DocResult {
                    text: None,
                    written: None,
                    changed: false,
                    stats: Stats::default(),
                    errors: vec![e.to_string()],
                    explain: String::new(),
                },
            };
            // Files are written here, in parallel; only stdout must wait for the input order.
            if let Some(text) = &result.text
                && let Target::File(target) = document_target(job, input, result.changed)
            {
                let written = write_file(job, input, &target, text.as_bytes());
                result.written = Some((target, written));
                result.text = None;
            }
            if let Some(bar) = &job.progress {
                bar.inc(input.size);
            }
            result
        })
        .collect();
    let mut failed = false;
    for (input, result) in batch.drain(..).zip(results) {
        stats.files += 1;
        eprint!("{}", result.explain);
        for e in &result.errors {
            stats.error(&input.display, None, e.as_str());
        }
        stats.merge(result.stats);
        if let Some((target, written)) = result.written {
            failed |= record_written(job, &input, &target, result.changed, written, stats);
        } else if let Some(text) = result.text {
            failed |= write_document(job, &input, text.as_bytes(), result.changed, stats);
        }
    }
    failed
}

/// Where a document's output goes.
enum Target {
    /// Nowhere: in place and unchanged.
    Skip,
    Stdout,
    File(PathBuf),
}

fn document_target(job: &Job, input: &Input, changed: bool) -> Target {
    if job.args.in_place {
        return match (&input.path, changed) {
            (Some(path), true) => Target::File(path.clone()),
            _ => Target::Skip,
        };
    }
    match job.args.output.as_deref() {
        Some(dir) => Target::File(mirrored(dir, input)),
        None => Target::Stdout,
    }
}

/// Writes `bytes` to `target` whole or not at all (gzip-compressed for a .gz input); in place,
/// synced to disk and with the backup asked for.
fn write_file(
    job: &Job,
    input: &Input,
    target: &Path,
    bytes: &[u8],
) -> io::Result<Option<PathBuf>> {
    let backup = job.args.backup.as_deref().filter(|_| job.args.in_place);
    let mut file = AtomicFile::create(target, input.gzip)?;
    file.write_all(bytes)?;
    file.commit(backup, job.args.in_place)
}

/// The output path for `input` under `-o DIR`.
fn mirrored(dir: &Path, input: &Input) -> PathBuf {
    let relative = match input.kind {
        Kind::Warc => {
            let name = input.relative.to_string_lossy();
            let name = name.strip_suffix(".gz").unwrap_or(&name);
            PathBuf::from(format!("{name}.jsonl"))
        }
        _ => input.relative.clone(),
    };
    dir.join(relative)
}

/// Writes one document's output where it goes. Returns whether writing failed.
fn write_document(
    job: &Job,
    input: &Input,
    bytes: &[u8],
    changed: bool,
    stats: &mut Stats,
) -> bool {
    match document_target(job, input, changed) {
        Target::Skip => false,
        Target::Stdout => {
            let mut out = io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Ok(()) => false,
                Err(e) => {
                    eprintln!("unmojibake: writing stdout: {e}");
                    true
                }
            }
        }
        Target::File(target) => {
            let result = write_file(job, input, &target, bytes);
            record_written(job, input, &target, changed, result, stats)
        }
    }
}

fn record_written(
    job: &Job,
    input: &Input,
    target: &Path,
    changed: bool,
    result: io::Result<Option<PathBuf>>,
    stats: &mut Stats,
) -> bool {
    match result {
        Ok(backup) => {
            if job.args.in_place && !job.args.quiet {
                eprintln!("unmojibake: rewrote {}", target.display());
            }
            stats.written.push(Written {
                input: input.display.clone(),
                output: target.display().to_string(),
                changed,
                backup: backup.map(|b| b.display().to_string()),
            });
            false
        }
        Err(e) => {
            eprintln!("unmojibake: writing {}: {e}", target.display());
            true
        }
    }
}

/// Counts bytes read for the progress bar.
struct Progress<R> {
    inner: R,
    bar: Option<ProgressBar>,
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

/// Opens an input for streaming, decompressing gzip (by name, or by magic for stdin) and
/// settling stdin's kind by sniffing.
fn open(job: &Job, input: &Input) -> io::Result<(Box<dyn BufRead + Send>, Kind, bool)> {
    let raw: Box<dyn Read + Send> = match &input.path {
        Some(p) => Box::new(File::open(p)?),
        None => Box::new(io::stdin()),
    };
    let mut reader = BufReader::with_capacity(
        256 * 1024,
        Progress {
            inner: raw,
            bar: job.progress.clone(),
        },
    );
    let gzip = input.gzip || (input.path.is_none() && reader.fill_buf()?.starts_with(b"\x1F\x8B"));
    let mut reader: Box<dyn BufRead + Send> = if gzip {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    };
    let mut kind = input.kind;
    if input.path.is_none()
        && job.args.format == Format::Auto
        && reader.fill_buf()?.starts_with(b"WARC/")
    {
        kind = Kind::Warc;
    }
    Ok((reader, kind, gzip))
}

/// Processes one input that is not part of a document batch: JSON Lines, WARC, stdin, gzip
/// documents and documents too large to hold. Returns whether some output could not be written.
fn run_streamed(job: &Job, input: &Input, stats: &mut Stats) -> bool {
    stats.files += 1;
    let (mut reader, kind, gzip) = match open(job, input) {
        Ok(r) => r,
        Err(e) => {
            stats.error(&input.display, None, e.to_string());
            return false;
        }
    };
    let input = &Input {
        kind,
        gzip,
        ..input.clone()
    };
    let target = if job.args.in_place {
        input.path.clone()
    } else {
        job.args.output.as_deref().map(|dir| mirrored(dir, input))
    };
    if kind == Kind::Document {
        return run_large_document(job, input, reader, target, stats);
    }
    let options = RecordOptions {
        repairer: &job.repairer,
        field: &job.args.field,
        explain: job.args.explain,
    };
    let Ok(mut file) = create_output(target.as_deref(), gzip && kind == Kind::JsonLines) else {
        return true;
    };
    let mut stdout;
    let out: &mut dyn Write = match &mut file {
        Some(f) => f,
        None => {
            stdout = io::BufWriter::new(io::stdout().lock());
            &mut stdout
        }
    };
    let result = match kind {
        Kind::JsonLines => {
            records::process_jsonl(&options, &input.display, &mut reader, out, stats)
        }
        _ => {
            records::process_warc(&options, &input.display, &mut reader, out, stats).map(|()| true)
        }
    };
    let changed = match result.and_then(|changed| out.flush().map(|()| changed)) {
        Ok(changed) => changed,
        Err(e) => {
            eprintln!(
                "unmojibake: writing {}: {e}",
                target
                    .as_deref()
                    .map_or("stdout".into(), |t| t.display().to_string())
            );
            return true;
        }
    };
    match (file, target) {
        (Some(file), Some(target)) if !job.args.in_place || changed => {
            let backup = job.args.backup.as_deref().filter(|_| job.args.in_place);
            record_written(
                job,
                input,
                &target,
                changed,
                file.commit(backup, job.args.in_place),
                stats,
            )
        }
        _ => false,
    }
}

/// The output file for a streamed input (`None`: stdout); the error is printed here.
fn create_output(target: Option<&Path>, gzip: bool) -> Result<Option<AtomicFile>, ()> {
    match target.map(|t| (t, AtomicFile::create(t, gzip))) {
        Some((_, Ok(file))) => Ok(Some(file)),
        Some((t, Err(e))) => {
            eprintln!("unmojibake: writing {}: {e}", t.display());
            Err(())
        }
        None => Ok(None),
    }
}

/// A document read as a stream: whole when it fits in [`STREAM_ABOVE`], else repaired by
/// [`Repairer::repair_stream`] in bounded memory (no HTML declaration rewrite then).
fn run_large_document(
    job: &Job,
    input: &Input,
    mut reader: Box<dyn BufRead + Send>,
    target: Option<PathBuf>,
    stats: &mut Stats,
) -> bool {
    let mut head = Vec::new();
    let read = (&mut reader).take(STREAM_ABOVE + 1).read_to_end(&mut head);
    if let Err(e) = &read {
        stats.error(
            &input.display,
            None,
            format!("read error, repairing what was read: {e}"),
        );
    }
    if read.is_err() || head.len() as u64 <= STREAM_ABOVE {
        let result = repair_document_bytes(job, input, &head);
        eprint!("{}", result.explain);
        for e in &result.errors {
            stats.error(&input.display, None, e.as_str());
        }
        stats.merge(result.stats);
        return match result.text {
            Some(text) => write_document(job, input, text.as_bytes(), result.changed, stats),
            None => false,
        };
    }
    if let Some(reason) = document::binary_reason(&head) {
        stats.error(&input.display, None, format!("skipped: {reason}"));
        stats.skipped += 1;
        return false;
    }
    let whole = io::Cursor::new(head).chain(reader);
    let Ok(mut file) = create_output(target.as_deref(), input.gzip) else {
        return true;
    };
    let result = match &mut file {
        Some(f) => job.repairer.repair_stream(whole, f),
        None => job
            .repairer
            .repair_stream(whole, io::BufWriter::new(io::stdout().lock())),
    };
    match result {
        Ok(report) => {
            stats.streamed(&report);
            match (file, target) {
                (Some(file), Some(target)) if !job.args.in_place || report.changed() => {
                    let backup = job.args.backup.as_deref().filter(|_| job.args.in_place);
                    record_written(
                        job,
                        input,
                        &target,
                        report.changed(),
                        file.commit(backup, job.args.in_place),
                        stats,
                    )
                }
                _ => false,
            }
        }
        Err(e) => {
            stats.error(
                &input.display,
                None,
                format!("stopped, output so far kept: {e}"),
            );
            // Keep what was repaired, except over the original: in place, a cut-short file
            // would replace a whole one.
            match (file, target) {
                (Some(file), Some(target)) if !job.args.in_place => {
                    record_written(job, input, &target, true, file.commit(None, false), stats)
                }
                _ => false,
            }
        }
    }
}
