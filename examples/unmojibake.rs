//! `unmojibake`: repair files, stdin or JSON Lines, writing clean UTF-8.
//!
//! ```text
//! cargo run --release --example unmojibake -- examples/data/sample.html
//! cargo run --release --example unmojibake -- --jsonl --field text records.jsonl > fixed.jsonl
//! ```
//!
//! Exit status: 0 when everything was read and written, 1 when some input could not be read or
//! some JSON line was malformed (it is copied through unchanged and reported), 2 on usage errors.

use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use unmojibake::{Config, Repaired, Repairer, Step};

/// Repairs mojibake and decodes bytes of unknown encoding into clean UTF-8.
#[derive(Parser, Debug)]
#[command(
    version,
    about,
    after_help = "Examples:\n  unmojibake page.html > page.utf8.html\n  unmojibake -o fixed/ a.txt b.txt\n  unmojibake --jsonl --field text dump.jsonl > fixed.jsonl\n  echo 'é¦–é¡µ' | unmojibake --explain"
)]
struct Args {
    /// Files to repair (stdin when none is given; with no file and a terminal on stdin, the
    /// bundled sample examples/data/sample.html).
    files: Vec<PathBuf>,
    /// Write each repaired file into DIR under its own name instead of to stdout.
    /// Example: `-o fixed/`.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Treat input as JSON Lines: repair the string field `--field` of every object, keep every
    /// other field and the key order. Example: `--jsonl --field body`.
    #[arg(long)]
    jsonl: bool,
    /// The JSON field to repair in `--jsonl` mode.
    #[arg(long, default_value = "text", value_name = "NAME")]
    field: String,
    /// Only encoding repairs: no HTML unescaping, no control-character or line-break changes,
    /// no normalisation (like ftfy's fix_encoding).
    #[arg(long)]
    encoding_only: bool,
    /// A charset declared outside the data (e.g. from an HTTP header). Example: `--charset gbk`.
    #[arg(long, value_name = "LABEL")]
    charset: Option<String>,
    /// Explain what was done: with --jsonl an `unmojibake_steps` field per object, otherwise a
    /// list on stderr.
    #[arg(long)]
    explain: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = if args.encoding_only {
        Config::encoding_only()
    } else {
        Config::default()
    };
    let repairer = config.build();
    if let Some(label) = &args.charset
        && unmojibake::Charset::for_label(label.as_bytes()).is_none()
    {
        eprintln!("unmojibake: unknown charset label {label:?}");
        return ExitCode::from(2);
    }
    let mut ok = true;
    let mut inputs: Vec<Option<PathBuf>> = args.files.iter().cloned().map(Some).collect();
    if inputs.is_empty() {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/sample.html");
        if io::stdin().is_terminal() && !args.jsonl {
            eprintln!(
                "unmojibake: no input given; repairing the bundled sample {}",
                sample.display()
            );
            inputs.push(Some(sample));
        } else {
            inputs.push(None);
        }
    }
    for input in inputs {
        let name = input
            .as_ref()
            .map_or_else(|| "<stdin>".to_owned(), |p| p.display().to_string());
        let bytes = match read_input(input.as_deref()) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("unmojibake: {name}: {e}");
                ok = false;
                continue;
            }
        };
        let result = if args.jsonl {
            process_jsonl(&repairer, &args, &name, &bytes)
        } else {
            process_document(&repairer, &args, &name, input.as_deref(), &bytes)
        };
        match result {
            Ok(clean) => ok &= clean,
            Err(e) => {
                eprintln!("unmojibake: {name}: {e}");
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn read_input(path: Option<&Path>) -> io::Result<Vec<u8>> {
    match path {
        Some(p) => fs::read(p),
        None => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf)?;
            Ok(buf)
        }
    }
}

fn repair_bytes<'a>(repairer: &Repairer, args: &Args, bytes: &'a [u8]) -> Repaired<'a> {
    match &args.charset {
        Some(label) => repairer
            .repair_with_hint(bytes, label)
            .unwrap_or_else(|_| repairer.repair(bytes)),
        None => repairer.repair(bytes),
    }
}

fn process_document(
    repairer: &Repairer,
    args: &Args,
    name: &str,
    path: Option<&Path>,
    bytes: &[u8],
) -> io::Result<bool> {
    let repaired = repair_bytes(repairer, args, bytes);
    if args.explain {
        explain_to_stderr(name, &repaired);
    }
    match (&args.output, path) {
        (Some(dir), Some(path)) => {
            fs::create_dir_all(dir)?;
            let file_name = path.file_name().unwrap_or_default();
            let target = dir.join(file_name);
            let tmp = dir.join(format!(".{}.tmp", file_name.to_string_lossy()));
            fs::write(&tmp, repaired.as_str())?;
            fs::rename(&tmp, &target)?;
        }
        _ => {
            let mut out = io::stdout().lock();
            out.write_all(repaired.as_str().as_bytes())?;
            out.flush()?;
        }
    }
    Ok(true)
}

fn explain_to_stderr(name: &str, repaired: &Repaired<'_>) {
    eprintln!(
        "{name}: source {}, changed: {}, lost: {}",
        repaired.source_encoding().map_or("-", |c| c.name()),
        repaired.changed(),
        repaired.lost()
    );
    for step in repaired.steps() {
        eprintln!("  {}", describe(step));
    }
}

fn describe(step: &Step) -> String {
    format!(
        "{:?} {:?} -> {:?}{}",
        step.action,
        step.range,
        step.replacement,
        if step.lossy { " (lossy)" } else { "" }
    )
}

/// Repairs the `--field` string of each JSON line; returns whether every line was well-formed.
fn process_jsonl(repairer: &Repairer, args: &Args, name: &str, bytes: &[u8]) -> io::Result<bool> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut clean = true;
    for (index, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if body.iter().all(u8::is_ascii_whitespace) {
            out.write_all(line)?;
            continue;
        }
        match repair_json_line(repairer, args, body) {
            Ok(fixed) => {
                out.write_all(fixed.as_bytes())?;
                out.write_all(b"\n")?;
            }
            Err(e) => {
                eprintln!(
                    "unmojibake: {name}:{}: malformed JSON line copied unchanged: {e}",
                    index + 1
                );
                clean = false;
                out.write_all(line)?;
                if !line.ends_with(b"\n") {
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(clean)
}

fn repair_json_line(repairer: &Repairer, args: &Args, body: &[u8]) -> Result<String, String> {
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let obj = value.as_object_mut().ok_or("not a JSON object")?;
    let mut steps_json = None;
    if let Some(serde_json::Value::String(s)) = obj.get(&args.field) {
        let repaired = repairer.repair_str(s);
        if args.explain {
            steps_json = Some(serde_json::Value::Array(
                repaired
                    .steps()
                    .iter()
                    .map(|s| serde_json::Value::String(describe(s)))
                    .collect(),
            ));
        }
        if repaired.changed() {
            let fixed = repaired.into_string();
            obj.insert(args.field.clone(), serde_json::Value::String(fixed));
        }
    }
    if let Some(steps) = steps_json {
        obj.insert("unmojibake_steps".to_owned(), steps);
    }
    serde_json::to_string(&value).map_err(|e| e.to_string())
}
