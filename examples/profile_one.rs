//! Repairs one generated input repeatedly, for profilers: `cargo run --release --example
//! profile_one -- zh|latin|gbk-mojibake|latin-mojibake|FILE [ROUNDS]` (3 rounds by default; a
//! FILE is repaired whole, as it is, each round).
fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "zh".into());
    let zh = "这是一个简体中文的网页，我们在全市开展了干部作风建设活动，取得了很好的效果。\n";
    let latin = "Le café était délicieux, mais un peu trop sucré à mon goût. Über die Brücke.\n";
    let line = match which.as_str() {
        "latin" => latin.to_owned(),
        "gbk-mojibake" => encoding_rs::GBK
            .decode_without_bom_handling(zh.as_bytes())
            .0
            .into_owned(),
        "latin-mojibake" => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(latin.as_bytes())
            .0
            .into_owned(),
        "zh" => zh.to_owned(),
        path => match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("{path}: {e}");
                return;
            }
        },
    };
    let text = if std::path::Path::new(&which).is_file() {
        line
    } else {
        line.repeat(20_000)
    };
    let r = unmojibake::Repairer::default();
    let mut n = 0;
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    for _ in 0..rounds {
        n += r.repair_str(&text).as_str().len();
    }
    println!("{n}");
}
