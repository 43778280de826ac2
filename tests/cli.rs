//! The example CLI, driven as a user runs it: files, stdin, JSON Lines (with a malformed line),
//! --encoding-only, --explain, -o DIR, and the exit status.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn cli() -> PathBuf {
    let mut dir = std::env::current_exe().expect("test binary path");
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let exe = dir
        .join("examples")
        .join(format!("unmojibake{}", std::env::consts::EXE_SUFFIX));
    // Built once per test run, always: `cargo test` compiles the example as a test harness, so a
    // binary left from an earlier build would be tested instead of the current code.
    static BUILT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let profile = if dir.ends_with("release") {
            vec!["--release"]
        } else {
            vec![]
        };
        Command::new(env!("CARGO"))
            .args(["build", "--example", "unmojibake"])
            .args(profile)
            .status()
            .is_ok_and(|status| status.success())
    });
    assert!(*built, "cargo build --example unmojibake failed");
    exe
}

fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(cli())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("CLI starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    let out = child.wait_with_output().expect("CLI ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn stdin_to_stdout() {
    let (code, out, _) = run(&[], "鎴戜滑 cafÃ©\n".as_bytes());
    assert_eq!(code, 0);
    assert_eq!(out, "我们 café\n");
}

#[test]
fn json_lines_keep_fields_and_order_and_report_malformed_lines() {
    let input = concat!(
        "{\"id\":1,\"text\":\"鎴戜滑\",\"z\":true}\n",
        "not json\n",
        "{\"text\":\"ÎÒÃÇ\",\"a\":[1,2]}\n",
        "{\"id\":3,\"body\":\"cafÃ©\"}\n",
    );
    let (code, out, err) = run(&["--jsonl"], input.as_bytes());
    assert_eq!(code, 1, "a malformed line makes the status non-zero");
    assert!(err.contains("<stdin>: line 2"), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "nothing is dropped");
    assert_eq!(lines[0], "{\"id\":1,\"text\":\"我们\",\"z\":true}");
    assert_eq!(lines[1], "not json");
    assert_eq!(lines[2], "{\"text\":\"我们\",\"a\":[1,2]}");
    assert_eq!(
        lines[3], "{\"id\":3,\"body\":\"cafÃ©\"}",
        "only --field is repaired"
    );
    let (code, out, _) = run(
        &["--jsonl", "--field", "body", "--explain"],
        input.as_bytes(),
    );
    assert_eq!(code, 1);
    assert!(
        out.lines()
            .nth(3)
            .is_some_and(|l| l.contains("café") && l.contains("unmojibake_steps"))
    );
}

#[test]
fn encoding_only_leaves_entities_and_normalisation() {
    let (_, out, _) = run(&["--encoding-only"], "&amp; cafe\u{301} Ã©".as_bytes());
    assert_eq!(out, "&amp; cafe\u{301} é");
    let (_, out, _) = run(&[], "&amp; cafe\u{301} Ã©".as_bytes());
    assert_eq!(out, "& café é");
    // The crawl preset decodes references and mojibake but keeps line breaks and NFD.
    let (_, out, _) = run(&["--crawl"], "&amp; cafe\u{301} Ã©\r\n".as_bytes());
    assert_eq!(out, "& cafe\u{301} é\r\n");
}

#[test]
fn files_to_an_output_directory_and_a_missing_file() {
    let dir = std::env::temp_dir().join(format!("unmojibake-cli-{}", std::process::id()));
    let input = dir.join("in");
    let output = dir.join("out");
    std::fs::create_dir_all(&input).expect("temp dir");
    let file = input.join("page.txt");
    let (gbk, _, _) = encoding_rs::GBK.encode("简体中文的网页内容，我们在这里测试命令行工具。");
    std::fs::write(&file, &gbk).expect("write");
    let missing = input.join("missing.txt");
    let (code, _, err) = run(
        &[
            "--explain",
            "-o",
            output.to_str().expect("UTF-8 path"),
            file.to_str().expect("path"),
            missing.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(code, 1, "the missing file is an error");
    assert!(err.contains("missing.txt"), "{err}");
    assert!(err.contains("source GBK"), "{err}");
    let written = std::fs::read_to_string(output.join("page.txt")).expect("output written");
    assert_eq!(written, "简体中文的网页内容，我们在这里测试命令行工具。");
    std::fs::remove_dir_all(&dir).ok();
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("unmojibake-cli-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn encode(text: &str, label: &str) -> Vec<u8> {
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).expect("known label");
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{text} fits {label}");
    bytes.into_owned()
}

/// UTF-8 bytes of `text` decoded with `wrong` (the mojibake a wrong decoder shows).
fn mojibake(text: &str, wrong: &str) -> String {
    let encoding = encoding_rs::Encoding::for_label(wrong.as_bytes()).expect("known label");
    encoding
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

const ZH: &str = "简体中文的网页内容，我们在这里测试命令行工具对整个目录的处理。";
/// Text whose UTF-8 bytes read as GBK lose nothing.
const ZH_MOJI: &str = "这是乱码恢复工具的测试页面，我们的目标是恢复原文";
const ZH_HANT: &str = "繁體中文的網頁內容，我們在這裡測試命令列工具對整個目錄的處理。";
const JA: &str = "日本語のページです。ここでコマンドラインツールを試しています。";
const KO: &str = "한국어 페이지입니다. 여기에서 명령줄 도구를 시험하고 있습니다.";
const RU: &str = "Русский текст страницы: здесь мы проверяем работу программы.";
const FR: &str = "Le café où nous déjeunions était fermé à cause de la grève.";

/// The pages of the directory test: (relative path, bytes on disk, text expected inside the
/// output).
fn generated_pages() -> Vec<(&'static str, Vec<u8>, String)> {
    let html = |charset: &str, body: &str| {
        format!(
            "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\"><title>t</title></head>\n<body><p>{body}</p><p>&copy; 2026 &amp; co</p></body></html>\n"
        )
    };
    vec![
        (
            "gbk_meta.html",
            encode(&html("gbk", ZH), "gbk"),
            html("utf-8", ZH),
        ),
        ("gbk_plain.txt", encode(ZH, "gbk"), ZH.to_owned()),
        (
            "big5/page.html",
            encode(&html("big5", ZH_HANT), "big5"),
            html("utf-8", ZH_HANT),
        ),
        ("ja/sjis.txt", encode(JA, "shift_jis"), JA.to_owned()),
        ("ko/euckr.txt", encode(KO, "euc-kr"), KO.to_owned()),
        ("ru/cp1251.txt", encode(RU, "windows-1251"), RU.to_owned()),
        (
            "utf8_mojibake.txt",
            mojibake(ZH_MOJI, "gbk").into_bytes(),
            ZH_MOJI.to_owned(),
        ),
        (
            "declared_latin1.html",
            html("iso-8859-1", FR).into_bytes(),
            html("utf-8", FR),
        ),
        (
            "mixed.txt",
            {
                let mut b = format!("{ZH}\n").into_bytes();
                b.extend(encode(FR, "windows-1252"));
                b
            },
            format!("{ZH}\n{FR}"),
        ),
    ]
}

#[test]
fn a_directory_of_pages_is_mirrored_repaired_and_reported() {
    let dir = scratch("pages");
    let input = dir.join("in");
    for (name, bytes, _) in generated_pages() {
        let path = input.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write page");
    }
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.join(format!("out{threads}"));
        let report = dir.join(format!("report{threads}.json"));
        let (code, stdout, err) = run(
            &[
                "-j",
                threads,
                "-o",
                path_str(&out),
                "--report",
                path_str(&report),
                path_str(&input),
            ],
            b"",
        );
        assert_eq!(code, 0, "{err}");
        assert!(stdout.is_empty(), "outputs go to the directory");
        for (name, _, expected) in generated_pages() {
            let written = std::fs::read_to_string(out.join(name)).expect("output is UTF-8");
            assert_eq!(written.trim_end(), expected.trim_end(), "{name}");
        }
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("JSON");
        assert_eq!(report["documents"], 9);
        assert_eq!(report["files"], 9);
        assert_eq!(report["error_count"], 0);
        assert_eq!(report["chains"]["UTF-8 read as GBK"], 1);
        assert_eq!(report["source_encodings"]["GBK"], 2);
        assert_eq!(report["source_encodings"]["Shift_JIS"], 1);
        assert_eq!(report["written"].as_array().map(Vec::len), Some(9));
        assert!(err.contains("9 documents"), "summary on stderr: {err}");
        let all: Vec<Vec<u8>> = generated_pages()
            .iter()
            .map(|(name, _, _)| std::fs::read(out.join(name)).expect("output"))
            .collect();
        outputs.push(all);
    }
    assert_eq!(outputs[0], outputs[1], "one thread or two: the same output");
    // Filters: only *.html files, only under big5/.
    let out = dir.join("filtered");
    let (code, _, _) = run(
        &[
            "--ext",
            "html",
            "--glob",
            "big5/**",
            "-o",
            path_str(&out),
            path_str(&input),
        ],
        b"",
    );
    assert_eq!(code, 0);
    assert!(out.join("big5/page.html").exists());
    assert!(!out.join("gbk_meta.html").exists());
    assert!(!out.join("gbk_plain.txt").exists());
    std::fs::remove_dir_all(&dir).ok();
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-11-28T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn http_response(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
    block.extend_from_slice(body);
    block
}

#[test]
fn warc_text_records_become_json_lines() {
    let dir = scratch("warc");
    let page = |charset: &str, text: &str| {
        encode(
            &format!("<html><head><meta charset=\"{charset}\"></head><body>{text}</body></html>"),
            charset,
        )
    };
    let http = "application/http; msgtype=response";
    // A chunked, gzip-encoded GBK page.
    let gz_page = gzip(&page("gbk", ZH));
    let mut chunked = format!("{:x}\r\n", 10).into_bytes();
    chunked.extend_from_slice(&gz_page[..10]);
    chunked.extend_from_slice(format!("\r\n{:x}\r\n", gz_page.len() - 10).as_bytes());
    chunked.extend_from_slice(&gz_page[10..]);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let records = [
        warc_record(
            "warcinfo",
            "info",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "http://a/",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ),
        warc_record(
            "response",
            "http://a/",
            http,
            &http_response(
                "Content-Type: text/html; charset=GBK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
                &chunked,
            ),
        ),
        warc_record(
            "response",
            "http://b/",
            http,
            // The header says latin-1, the bytes are UTF-8 with mojibake inside.
            &http_response(
                "Content-Type: text/plain; charset=iso-8859-1\r\n",
                format!("{JA} {}", mojibake(ZH_MOJI, "gbk")).as_bytes(),
            ),
        ),
        warc_record(
            "response",
            "http://img/",
            http,
            &http_response("Content-Type: image/png\r\n", b"\x89PNG\r\n"),
        ),
        b"WARC/1.0\r\nthis is not a header\r\n\r\n".to_vec(),
        warc_record(
            "resource",
            "file:///c.txt",
            "text/plain; charset=euc-kr",
            &encode(KO, "euc-kr"),
        ),
    ];
    // One gzip member per record, as crawlers write them.
    let mut warc = Vec::new();
    for record in &records {
        warc.extend(gzip(record));
    }
    let path = dir.join("crawl.warc.gz");
    std::fs::write(&path, &warc).expect("write WARC");
    let (code, out, err) = run(&["--explain", path_str(&path)], b"");
    assert_eq!(code, 1, "the malformed record is reported: {err}");
    assert!(
        err.contains("crawl.warc.gz") && err.contains("record 6"),
        "{err}"
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3, "three text payloads: {out}");
    assert_eq!(lines[0]["uri"], "http://a/");
    assert_eq!(lines[0]["source_encoding"], "GBK");
    assert_eq!(lines[0]["declared_charset"], "GBK");
    assert_eq!(
        lines[0]["text"],
        format!("<html><head><meta charset=\"utf-8\"></head><body>{ZH}</body></html>")
    );
    assert_eq!(lines[1]["uri"], "http://b/");
    assert_eq!(lines[1]["text"], format!("{JA} {ZH_MOJI}"));
    assert_eq!(lines[1]["chains"][0], "UTF-8 read as GBK");
    assert!(lines[1]["steps"].as_array().is_some_and(|s| !s.is_empty()));
    assert_eq!(lines[2]["warc_type"], "resource");
    assert_eq!(lines[2]["text"], KO);
    assert!(
        lines
            .iter()
            .all(|l| l["date"] == "2026-11-28T00:00:00Z" && l["record_id"].is_string())
    );
    // The same WARC, uncompressed, on stdin; and cut short: what was read is kept.
    let plain: Vec<u8> = records.concat();
    let (_, out_stdin, _) = run(&["--explain"], &plain);
    assert_eq!(out_stdin.lines().count(), 3);
    let cut = &warc[..warc.len() - 40];
    let (code, out, err) = run(&[], cut);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("<stdin>"), "{err}");
    assert!(err.contains("cut short"), "{err}");
    assert_eq!(
        out.lines().count(),
        3,
        "the records before the cut survive, and what was read of the cut one: {err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn gzip_json_lines_in_and_out() {
    let dir = scratch("jsonl");
    let mut lines = String::new();
    for i in 0..2000 {
        lines.push_str(&format!(
            "{{\"id\":{i},\"text\":\"{}\"}}\n",
            mojibake(ZH_MOJI, "gbk")
        ));
    }
    let path = dir.join("dump.jsonl.gz");
    let packed = gzip(lines.as_bytes());
    std::fs::write(&path, &packed).expect("write");
    let out = dir.join("out");
    let (code, _, err) = run(&["-o", path_str(&out), path_str(&path)], b"");
    assert_eq!(code, 0, "{err}");
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(out.join("dump.jsonl.gz")).expect("output"),
        ),
        &mut text,
    )
    .expect("gzip output");
    assert_eq!(text.lines().count(), 2000);
    assert!(
        text.lines()
            .enumerate()
            .all(|(i, l)| l == format!("{{\"id\":{i},\"text\":\"{ZH_MOJI}\"}}"))
    );
    // Truncated: the lines before the cut are repaired and kept, the error is reported.
    let cut = dir.join("cut.jsonl.gz");
    std::fs::write(&cut, &packed[..packed.len() / 2]).expect("write");
    let (code, out, err) = run(&[path_str(&cut)], b"");
    assert_eq!(code, 1);
    assert!(
        err.contains("cut.jsonl.gz") && err.contains("line"),
        "{err}"
    );
    assert!(out.lines().count() > 10, "lines before the cut are kept");
    let lines: Vec<&str> = out.lines().collect();
    // The last line may be cut inside (then it is copied as it was read and reported).
    let (_, whole) = lines.split_last().expect("lines");
    assert!(
        whole.iter().all(|l| l.contains(ZH_MOJI)),
        "whole lines repaired"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_inputs_are_reported_and_processing_goes_on() {
    let dir = scratch("bad");
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("sub")).expect("mkdir");
    std::fs::write(input.join("a.txt"), encode(ZH, "gbk")).expect("write");
    std::fs::write(input.join("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    std::fs::write(input.join("z.txt"), mojibake(JA, "windows-1252")).expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", input.join("sub/loop")).expect("symlink");
        std::os::unix::fs::symlink("nowhere", input.join("dangling.txt")).expect("symlink");
    }
    let out = dir.join("out");
    let report = dir.join("report.json");
    let missing = dir.join("missing.txt");
    let (code, _, err) = run(
        &[
            "-o",
            path_str(&out),
            "--report",
            path_str(&report),
            path_str(&input),
            path_str(&missing),
        ],
        b"",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("image.png") && err.contains("PNG"), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    #[cfg(unix)]
    {
        assert!(err.contains("loop"), "{err}");
        assert!(err.contains("dangling.txt"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(out.join("a.txt")).expect("a"), ZH);
    assert_eq!(std::fs::read_to_string(out.join("z.txt")).expect("z"), JA);
    assert!(!out.join("image.png").exists(), "binary files are skipped");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("JSON");
    assert_eq!(report["documents"], 2);
    assert_eq!(report["skipped"], 1);
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(report["error_count"].as_u64(), Some(errors.len() as u64));
    assert!(errors.iter().any(|e| {
        e["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("missing.txt"))
    }));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn in_place_rewrites_only_changed_files_with_backups() {
    let dir = scratch("inplace");
    let changed = dir.join("changed.txt");
    let clean = dir.join("clean.txt");
    std::fs::write(&changed, mojibake(ZH_MOJI, "gbk")).expect("write");
    std::fs::write(&clean, ZH).expect("write");
    let clean_modified = std::fs::metadata(&clean)
        .and_then(|m| m.modified())
        .expect("mtime");
    let report = dir.join("report.json");
    let (code, _, err) = run(
        &[
            "--in-place",
            "--backup",
            ".orig",
            "--report",
            path_str(&report),
            path_str(&dir),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&changed).expect("read"), ZH_MOJI);
    assert_eq!(
        std::fs::read_to_string(dir.join("changed.txt.orig")).expect("backup"),
        mojibake(ZH_MOJI, "gbk")
    );
    assert!(
        !dir.join("clean.txt.orig").exists(),
        "unchanged files are not touched"
    );
    assert_eq!(
        std::fs::metadata(&clean)
            .and_then(|m| m.modified())
            .expect("mtime"),
        clean_modified
    );
    assert!(
        err.contains("rewrote") && err.contains("changed.txt"),
        "{err}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("JSON");
    let written = report["written"].as_array().expect("written");
    assert_eq!(written.len(), 1, "every rewritten file is on record");
    assert!(
        written[0]["backup"]
            .as_str()
            .is_some_and(|b| b.ends_with(".orig"))
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn help_explains_every_flag_with_examples() {
    let (code, out, _) = run(&["--help"], b"");
    assert_eq!(code, 0);
    for flag in [
        "--output",
        "--in-place",
        "--backup",
        "--format",
        "--field",
        "--ext",
        "--glob",
        "--encoding-only",
        "--crawl",
        "--charset",
        "--explain",
        "--report",
        "--threads",
        "--quiet",
    ] {
        assert!(out.contains(flag), "{flag} in --help");
    }
    assert!(out.contains("Exit status"));
    assert!(
        out.matches("Example").count() >= 10,
        "examples in --help:\n{out}"
    );
}

#[test]
fn the_report_counts_markers_and_lossy_repairs() {
    let dir = scratch("markers");
    let report = dir.join("report.json");
    let (code, out, _) = run(
        &["--report", path_str(&report)],
        "锟斤拷 and 烫烫烫烫 in one page\n".as_bytes(),
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("\u{FFFD}\u{FFFD} and 烫烫烫烫"), "{out}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("JSON");
    assert_eq!(report["lossy"], 1);
    let markers = report["markers"].as_object().expect("markers");
    assert_eq!(markers.len(), 2, "{markers:?}");
    assert!(
        markers.values().all(|n| n.as_u64() == Some(1)),
        "{markers:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
