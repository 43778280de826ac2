//! Shared helpers for the integration tests: the clean corpus and the garbling chains.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use encoding_rs::Encoding;

/// Every non-comment line of `tests/data/clean/*.txt`, with its file name.
pub fn clean_lines() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clean");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("tests/data/clean exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = fs::read_to_string(&file).expect("readable UTF-8");
        for line in text.lines() {
            if !line.is_empty() && !line.starts_with('#') {
                out.push((name.clone(), line.to_owned()));
            }
        }
    }
    out
}

/// Encodes `text` with `actual` and decodes the bytes with `wrong`, as a mis-configured
/// program would; `None` when `actual` cannot encode the text or nothing is garbled.
pub fn garble(text: &str, actual: &'static Encoding, wrong: &'static Encoding) -> Option<String> {
    let (bytes, _, unmappable) = actual.encode(text);
    if unmappable {
        return None;
    }
    let (out, _) = wrong.decode_without_bom_handling(&bytes);
    (out != text).then(|| out.into_owned())
}

pub fn is_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(u32::from(c), 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3))
}
