//! Finding the inputs: files, directories walked recursively (symbolic links followed, loops
//! reported), `--ext`/`--glob` filters, stdin; and what kind of input each one is.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use crate::report::Stats;

/// How an input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A text or HTML page, repaired as a whole.
    Document,
    /// JSON Lines: one field of every object is repaired.
    JsonLines,
    /// WARC: text payloads of response/resource/conversion records, out as JSON Lines.
    Warc,
}

/// One input to process.
#[derive(Clone, Debug)]
pub struct Input {
    /// `None` for stdin.
    pub path: Option<PathBuf>,
    /// The name used in messages and the report.
    pub display: String,
    /// The path under the output directory (`-o`), relative.
    pub relative: PathBuf,
    pub kind: Kind,
    /// gzip-compressed (by name for files, by magic for stdin).
    pub gzip: bool,
    /// Size on disk (0 for stdin).
    pub size: u64,
}

/// What selects files inside directories.
pub struct Filter {
    extensions: Vec<String>,
    globs: Option<GlobSet>,
}

impl Filter {
    /// From `--ext a,b` and `--glob PATTERN`s (matched against the path relative to the
    /// directory given).
    pub fn new(extensions: &[String], globs: &[String]) -> Result<Filter, String> {
        let extensions = extensions
            .iter()
            .flat_map(|e| e.split(','))
            .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        let globs = if globs.is_empty() {
            None
        } else {
            let mut builder = GlobSetBuilder::new();
            for g in globs {
                builder.add(Glob::new(g).map_err(|e| format!("--glob {g:?}: {e}"))?);
            }
            Some(builder.build().map_err(|e| e.to_string())?)
        };
        Ok(Filter { extensions, globs })
    }

    fn accepts(&self, relative: &Path) -> bool {
        let name = relative.to_string_lossy().to_ascii_lowercase();
        let ext_ok = self.extensions.is_empty()
            || self
                .extensions
                .iter()
                .any(|e| name.ends_with(&format!(".{e}")) || name.ends_with(&format!(".{e}.gz")));
        let glob_ok = self.globs.as_ref().is_none_or(|g| g.is_match(relative));
        ext_ok && glob_ok
    }
}

/// The kind and compression of a file, from its name; `forced` overrides the kind.
pub fn kind_of(name: &str, forced: Option<Kind>) -> (Kind, bool) {
    let lower = name.to_ascii_lowercase();
    let gzip = lower.ends_with(".gz");
    let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
    let kind = forced.unwrap_or(if stem.ends_with(".warc") {
        Kind::Warc
    } else if [".jsonl", ".ndjson", ".jsonlines"]
        .iter()
        .any(|e| stem.ends_with(e))
    {
        Kind::JsonLines
    } else {
        Kind::Document
    });
    (kind, gzip)
}

/// Expands the command-line paths into inputs; problems (missing paths, unreadable
/// directories, loops) are recorded in `stats` and skipped.
pub fn collect(
    paths: &[PathBuf],
    filter: &Filter,
    forced: Option<Kind>,
    stats: &mut Stats,
) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(stdin_input(forced));
            continue;
        }
        let display = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                stats.error(&display, None, e.to_string());
                continue;
            }
        };
        if !meta.is_dir() {
            let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            let (kind, gzip) = kind_of(&display, forced);
            inputs.push(Input {
                path: Some(path.clone()),
                display,
                relative,
                kind,
                gzip,
                size: meta.len(),
            });
            continue;
        }
        let mut found: Vec<Input> = Vec::new();
        for entry in WalkDir::new(path).follow_links(true) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e
                        .path()
                        .map_or_else(|| display.clone(), |p| p.display().to_string());
                    let message = match e.loop_ancestor() {
                        Some(ancestor) => {
                            format!(
                                "directory loop back to {}, not followed",
                                ancestor.display()
                            )
                        }
                        None => e
                            .io_error()
                            .map_or_else(|| e.to_string(), ToString::to_string),
                    };
                    stats.error(&at, None, message);
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(path)
                .unwrap_or(entry.path())
                .to_owned();
            if !filter.accepts(&relative) {
                continue;
            }
            let display = entry.path().display().to_string();
            let (kind, gzip) = kind_of(&display, forced);
            let size = entry.metadata().map_or(0, |m| m.len());
            found.push(Input {
                path: Some(entry.path().to_owned()),
                display,
                relative,
                kind,
                gzip,
                size,
            });
        }
        // Deterministic order whatever the file system returns.
        found.sort_by(|a, b| a.relative.cmp(&b.relative));
        inputs.extend(found);
    }
    inputs
}

/// The stdin input; its kind and compression are sniffed once read.
pub fn stdin_input(forced: Option<Kind>) -> Input {
    Input {
        path: None,
        display: "<stdin>".to_owned(),
        relative: PathBuf::from("stdin"),
        kind: forced.unwrap_or(Kind::Document),
        gzip: false,
        size: 0,
    }
}
