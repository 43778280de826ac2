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
    if !exe.exists() {
        let profile = if dir.ends_with("release") {
            vec!["--release"]
        } else {
            vec![]
        };
        let status = Command::new(env!("CARGO"))
            .args(["build", "--example", "unmojibake"])
            .args(profile)
            .status()
            .expect("cargo runs");
        assert!(status.success());
    }
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
    assert!(err.contains("<stdin>:2"), "{err}");
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
