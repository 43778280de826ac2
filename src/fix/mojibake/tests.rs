//! Tests of the mojibake search.

use super::gain::*;
use super::gate::*;
use super::recovery::*;
use super::search::*;
use super::whole_text::*;
use super::*;

#[test]
fn a_line_showing_only_a_multibyte_reading_skips_the_retabled_chains() {
    // windows-1252 shows Shift_JIS は (82 CD) as ‚Í: a sign, but of a multi-byte reading only.
    let french = "imposée sur l'ensemble des processus si des options ‚Í la BSD (sans";
    assert_eq!(suspicion(french), Suspicion::Multibyte);
    assert!(is_suspicious(french));
    // MacRoman shows UTF-8's ǈ (C7 88) as «à, a rare digraph no word writes there: no sign.
    let french = "imposée sur l'ensemble des processus si des options «à la BSD» (sans";
    assert_eq!(suspicion(french), Suspicion::None);
    // A short piece may show a UTF-8 sequence by chance and be a re-tabled text all the
    // same (Polish odnaleźć through windows-1250 read as windows-1252).
    assert_eq!(suspicion("odnaleŸæ"), Suspicion::Encoding);
    // A dear character is a sign of any reading (Polish ł shows as ³).
    let polish = "procps_ns_read_pid() zwraca i-wêz³y przestrzeni nazw podanego procesu w";
    assert_eq!(suspicion(polish), Suspicion::Encoding);
}

#[test]
fn small_kana_stand_after_their_kana() {
    for (prev, c) in [
        (Some('き'), 'ゃ'),
        (Some('テ'), 'ィ'),
        (Some('言'), 'っ'),
        (Some('フ'), 'ュ'),
    ] {
        assert!(!small_kana_stranded(prev, c), "{prev:?}{c}");
    }
    for (prev, c) in [
        (None, 'ゅ'),
        (Some('い'), 'ゅ'),
        (Some('文'), 'ャ'),
        (Some(' '), 'ッ'),
    ] {
        assert!(small_kana_stranded(prev, c), "{prev:?}{c}");
    }
    // ヵ and ヶ count after numerals and Han.
    assert!(!small_kana_stranded(Some('3'), 'ヶ'));
    assert!(is_suspicious("ゅン"));
    assert!(quickly_clean("キャッシュをちょっと待って、言った。"));
    assert!(!quickly_clean("ゅン"));
}

#[test]
fn the_small_kana_are_these_twenty() {
    let small: Vec<char> = ('\u{3000}'..='\u{3200}')
        .filter(|&c| is_small_kana(c))
        .collect();
    assert_eq!(
        small.iter().collect::<String>(),
        "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
    );
}

#[test]
fn japanese_in_gbk_read_as_big5_and_back_is_a_sign_and_is_repaired() {
    // Big5 shows GBK's kana as its commonest ideographs, GBK Big5's as its characters read
    // qi… to qu…: a whole run of them (ファイル as 白央奶伙, コマンド as 钳勤秋桥), or four in a
    // row inside a longer run, is searched ...
    for garbled in [
        "白央奶伙",
        "仇及",
        "vim - Vi IMproved, 皿伕弘仿穴及氾平旦玄巨犯奴正",
        "钳勤秋桥",
        "怯情乾清擒乞氢沏遣 ID",
    ] {
        assert!(!quickly_clean(garbled), "{garbled}");
        assert!(is_suspicious(garbled), "{garbled}");
    }
    // ... and repaired where the kana make Japanese words.
    for (garbled, clean) in [
        ("白央奶伙", "ファイル"),
        ("丐曰互午丹", "ありがとう"),
        (
            "扑旦氾丞丟永本奈斥白央奶伙匹丐月",
            "システムメッセージファイルである",
        ),
        ("铅怯浅倾秋 'write'", "オプション 'write'"),
    ] {
        assert_eq!(crate::repair_str(garbled).as_str(), clean);
    }
    // Clean Chinese with such characters among others is no sign, nor a run of them that makes
    // words (中文, 请求); a run that makes none is searched and stays as it is.
    for clean in ["這是中文的網頁", "中文", "请求"] {
        assert!(quickly_clean(clean), "{clean}");
    }
    for clean in ["中文", "月中日", "奈及", "不太", "起前", "请求"] {
        assert_eq!(crate::repair_str(clean).as_str(), clean);
    }
}

#[test]
fn two_letter_words_read_by_a_cjk_decoder_are_a_sign_and_are_repaired() {
    // Only a short string of such pairs is searched: 薪械 is не, 孝芯 卸械 То же, through GBK.
    for garbled in ["薪械", "孝芯 卸械", "小屑. :help"] {
        assert!(!quickly_clean(garbled), "{garbled}");
        assert!(is_suspicious(garbled), "{garbled}");
    }
    for (garbled, clean) in [
        ("薪械", "не"),
        ("孝芯 卸械", "То же"),
        ("小屑. :help", "См. :help"),
    ] {
        assert_eq!(crate::repair_str(garbled).as_str(), clean);
    }
    // A pair of such letters that makes a word (小学, 新型), or one among other CJK text, stays.
    for clean in ["小学", "新型", "微微", "我们小学"] {
        assert_eq!(crate::repair_str(clean).as_str(), clean);
    }
    assert!(quickly_clean("我们小学的老师"));
}

#[test]
fn kana_shapes_say_which_charset_shows_a_kana_so() {
    // 中 is Big5's A4 A4, GBK's い; 起 is GBK's C6 F0, Big5's れ.
    assert_eq!(kana_shapes('中'), KANA_SHAPE_BIG5);
    assert_eq!(kana_shapes('起'), KANA_SHAPE_GBK);
    assert_eq!(kana_shapes('的'), 0);
    assert_eq!(kana_shapes('a'), 0);
}

#[test]
fn kana_spelling_rules_out_long_vowels_and_r_after_no_kana() {
    for broken in ["ーの", "るいら", "ゅン"] {
        assert!(breaks_kana_spelling(None, broken), "{broken}");
    }
    for written in ["ユーザー", "走る", "これ", "ファイル"] {
        assert!(!breaks_kana_spelling(None, written), "{written}");
    }
    // After a lost character anything may follow.
    assert!(!breaks_kana_spelling(Some('\u{FFFD}'), "る"));
}

#[test]
fn french_writes_oe_before_u_i_t_or_at_a_word_start() {
    for clean in ["cœur", "l’œil", "fœtus", "œdème", "Œuvre", "CŒUR"] {
        assert!(!has_misplaced_oe(clean), "{clean}");
    }
    for garbled in ["obecnoœæ", "wejœciowych", "myœl"] {
        assert!(has_misplaced_oe(garbled), "{garbled}");
    }
}

#[test]
fn two_shift_jis_pairs_in_a_row_are_told() {
    assert!(starts_two_shift_jis_pairs("‘qàV –]"));
    assert!(!starts_two_shift_jis_pairs("‘quoi’"));
    assert!(!starts_two_shift_jis_pairs("à la"));
    assert_eq!(windows_1252_byte('€'), Some(0x80));
    assert_eq!(windows_1252_byte('Ÿ'), Some(0x9F));
    assert_eq!(windows_1252_byte('é'), Some(0xE9));
    assert_eq!(windows_1252_byte('я'), None);
}

#[test]
fn run_by_run_pricing_equals_pricing_the_whole() {
    let cases = [
        (
            "Le café était délicieux, à mon goût.",
            encoding_rs::WINDOWS_1252,
        ),
        ("Über die Brücke — „gut“ … 5 €", encoding_rs::WINDOWS_1252),
        ("我们在全市开展了 shell 活动，很好。", encoding_rs::GBK),
        ("Привет, мир! Ёлка 2024", encoding_rs::WINDOWS_1252),
        ("می\u{200C}شود ok", encoding_rs::WINDOWS_1252),
    ];
    for (text, wrong) in cases {
        let (shown, _) = wrong.decode_without_bom_handling(text.as_bytes());
        for before in [None, Some(' '), Some('x')] {
            for after in [None, Some('.'), Some('y')] {
                let whole = i64::from(text_cost(before, &shown, after))
                    - i64::from(text_cost(before, text, after));
                assert_eq!(
                    cost_difference(before, (&shown, text), after),
                    whole,
                    "{text} {before:?} {after:?}"
                );
            }
        }
    }
    // Readings whose ASCII differs are priced whole.
    assert_eq!(
        cost_difference(None, ("aé", "bé"), None),
        i64::from(text_cost(None, "aé", None)) - i64::from(text_cost(None, "bé", None))
    );
}

#[test]
fn stray_bytes_are_those_no_cut_or_loss_explains() {
    let chain = Chain {
        actual: Charset::UTF_8,
        wrong: single!(WINDOWS_1256),
    };
    // معکوس through windows-1256: E3 DA 98 E6 D3. E3 leads, DA does not continue it.
    let bytes = [0xE3, 0xDA, 0x98, 0xE6, 0xD3];
    assert!(is_stray_in_utf8(chain, &bytes, 0));
    assert!(is_stray_in_utf8(chain, &bytes, 3));
    // A sequence cut by ASCII or the end (café cut to caf\xC3), a continuation after ASCII.
    assert!(!is_stray_in_utf8(chain, b"caf\xC3", 3));
    assert!(!is_stray_in_utf8(chain, b"caf\xC3 x", 3));
    assert!(!is_stray_in_utf8(chain, b"x\xA9", 1));

    // Only UTF-8 read with a single-byte table.
    let gbk = Chain {
        actual: Charset::UTF_8,
        wrong: Charset::GBK,
    };
    assert!(!is_stray_in_utf8(gbk, &bytes, 0));
}

fn garble(text: &str, actual: Charset, wrong: Charset) -> String {
    let mut bytes = Vec::new();
    actual.encode_strict(text, &mut bytes).unwrap();
    let mut out = String::new();
    crate::decode::decode_lossy(wrong, &bytes, &mut out);
    out
}

#[test]
fn clean_text_in_single_byte_scripts_is_not_searched() {
    for clean in [
        "В Linux man обычно ограничивает подпроцессы, работающие с ненадёжными данными",
        "Ці функції дозволяють вибрати мінімальний розмір сторінки, б’є рекорди",
        "Η σελίδα εγχειριδίου περιγράφει τις επιλογές της εντολής",
        "หน้าคู่มือนี้อธิบายตัวเลือกของคำสั่ง",
        "¿Dónde está la estación de tren? ¡Hola, amigo!",
        "Dijo: «¡Ábrelo!» y se fue.",
        "Zażółć gęślą jaźń, powiedział nauczyciel.",
        "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    ] {
        assert!(!is_suspicious(clean), "{clean}");
    }
    // The same symbols where a decoder left them are signs.
    for garbled in ["Â¿DÃ³nde", "¤@\u{AD}Ó", "ÇOÇQÇqÇeÇ@¡C"] {
        assert!(is_suspicious(garbled), "{garbled}");
    }
    for (text, wrong) in [
        ("Привет, мир", single!(WINDOWS_1251)),
        ("Привет, мир", single!(KOI8_R)),
        ("Привет, мир", single!(IBM866)),
        ("Questo è vero", single!(WINDOWS_1257)),
        ("søg", single!(WINDOWS_874)),
        ("fișier", single!(MACINTOSH)),
        ("№ 5", single!(WINDOWS_1251)),
    ] {
        let garbled = garble(text, Charset::UTF_8, wrong);
        assert!(
            is_suspicious(&garbled),
            "{garbled} ({text} read as {wrong})"
        );
    }
}

fn fix(text: &str) -> String {
    fix_mojibake(text, 3, None, &mut Settled::default(), &mut Vec::new()).into_owned()
}

#[test]
fn is_letter_is_is_alphabetic() {
    for c in (0..0x3_0000).filter_map(char::from_u32) {
        assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", u32::from(c));
    }
}

#[test]
fn caseless_alphabets_are_no_capitals() {
    // Hebrew read as windows-1252 shows small Latin letters; Hebrew has no case, so its
    // reading is no "heading of capitals" that a short fragment must back with a known word.
    let (old, new) = ("îä ùìåîê", "מה שלומך");
    assert!(retable_pair_gain(old, 0..old.len(), new, RetableLine::default()).is_some());
    // A reading that does turn small letters into capitals still needs one (ЯЗЯ for със).
    let (old, new) = ("ñúñ", "ЯЗЯ");
    assert!(retable_pair_gain(old, 0..old.len(), new, RetableLine::default()).is_none());
}

#[test]
fn utf8_read_as_gbk() {
    assert_eq!(garble("我们", Charset::UTF_8, Charset::GBK), "鎴戜滑");
    assert_eq!(fix("鎴戜滑"), "我们");
    let sentence = "他说：我们是最好的朋友。";
    let garbled = format!(
        "他说：{}",
        garble("我们是最好的朋友", Charset::UTF_8, Charset::GBK)
    ) + "。";
    assert_eq!(fix(&garbled), sentence);
}

/// The whole-line fast path must never lose a repair the search proper makes: lines of
/// every script of the clean test texts, garbled whole, in part, and twice; wherever the
/// search restores the line, the fast path must too, and wherever the two differ the fast
/// one must be no farther from the original (it weighs only whole readings, where the
/// search can be misled by a partial one).
#[test]
fn whole_text_fast_path_gives_what_the_line_search_gives() {
    // Whole files of clean text, garbled as pages are: UTF-8 read as windows-1252 (every
    // script), read as GBK (losing the bytes a browser loses), and read as windows-1252 twice.
    let mut inputs = Vec::new();
    let mut texts: Vec<String> = [
        "latin", "ru", "uk_el", "zh_Hans", "zh_Hant", "ja", "ko", "other",
    ]
    .iter()
    .map(|name| {
        let path = format!("{}/tests/data/clean/{name}.txt", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    })
    .collect();
    // And every expected text of the data-driven cases, as one many-script document.
    let cases = format!("{}/tests/data/cases.jsonl", env!("CARGO_MANIFEST_DIR"));
    let expected: Vec<String> = std::fs::read_to_string(cases)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["expected"].as_str().map(|s| s.replace('\n', " ")))
        .collect();
    texts.push(expected.join("\n") + "\n");
    for text in texts {
        let once = garble(&text, Charset::UTF_8, Charset::WINDOWS_1252);
        inputs.push((
            garble(&once, Charset::UTF_8, Charset::WINDOWS_1252),
            text.clone(),
        ));
        inputs.push((once, text.clone()));
        let mut bytes = Vec::new();
        if Charset::UTF_8.encode_strict(&text, &mut bytes).is_ok() {
            // (Lossy or not: the lines that lost a byte are left to the line search.)
            let mut gbk = String::new();
            crate::decode::decode_lossy(Charset::GBK, &bytes, &mut gbk);
            inputs.push((gbk, text.clone()));
        }
    }
    let run = |whole_line: bool, input: &str| {
        let (out, searcher) = fix_lines_with(whole_line, input);
        (out, searcher.whole_text_hits)
    };
    let (mut hits, mut whole) = (0, 0);
    for (input, original) in &inputs {
        let (fast, n) = run(true, input);
        let (slow, _) = run(false, input);
        // (A short text that lost bytes in most lines leaves too few whole ones to be read
        // whole: the fast path is counted on the others.)
        if !input.contains('\u{FFFD}') {
            hits += n;
            whole += 1;
        }
        if slow == *original {
            assert_eq!(fast, slow, "{input}");
        }
        // Where the line search misses, the whole-text reading is no farther from the
        // original, line by line.
        for ((f, s), o) in fast.lines().zip(slow.lines()).zip(original.lines()) {
            assert!(f == s || f == o, "{f} | {s} | {o}");
        }
    }
    assert!(hits >= whole / 2, "{hits} of {whole}");
}

#[test]
fn whole_line_fast_path_never_loses_a_repair() {
    let mut lines = Vec::new();
    for name in [
        "latin", "ru", "uk_el", "zh_Hans", "zh_Hant", "ja", "ko", "other",
    ] {
        let path = format!("{}/tests/data/clean/{name}.txt", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        lines.extend(text.lines().map(str::to_owned).take(40));
    }
    let wrongs = [
        Charset::WINDOWS_1252,
        Charset::LATIN_1,
        Charset::GBK,
        Charset::BIG5,
        Charset::SHIFT_JIS,
        Charset::EUC_KR,
        single!(WINDOWS_1251),
        single!(WINDOWS_1250),
        single!(MACINTOSH),
        Charset::IBM437,
    ];
    let mut inputs = Vec::new();
    for line in &lines {
        for &wrong in &wrongs {
            let garbled = garble(line, Charset::UTF_8, wrong);
            let half = line
                .char_indices()
                .nth(line.chars().count() / 2)
                .map_or(0, |(i, _)| i);
            let partly = format!(
                "{}{}",
                &line[..half],
                garble(&line[half..], Charset::UTF_8, wrong)
            );
            inputs.push((partly, line));
            inputs.push((
                garble(&garbled, Charset::UTF_8, Charset::WINDOWS_1252),
                line,
            ));
            inputs.push((garbled, line));
        }
    }
    let run = |whole_line: bool, input: &str| {
        let (out, searcher) = fix_lines_with(whole_line, input);
        (out, searcher.whole_line_hits)
    };
    let (mut hits, mut same, mut fast_only) = (0, 0, 0);
    for (input, original) in &inputs {
        let (fast, n) = run(true, input);
        let slow = run(false, input).0;
        if slow == **original {
            assert_eq!(fast, slow, "{input}");
        }
        same += usize::from(fast == slow);
        // Where both miss, the fast one must be no farther from the original (a lossy
        // Hebrew line through GBK: ש��� rather than 砖���).
        fast_only += usize::from(
            fast != slow && edit_distance(&fast, original) <= edit_distance(&slow, original),
        );
        hits += usize::from(n > 0);
    }
    assert!(hits > inputs.len() / 5, "{hits} of {}", inputs.len());
    // Where the two differ, the fast path is the one closer to the original line.
    assert_eq!(same + fast_only, inputs.len(), "{fast_only} better");
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur.push(
                (prev[j + 1] + 1)
                    .min(cur[j] + 1)
                    .min(prev[j] + usize::from(ca != cb)),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The quick gate may only wave through what the full gate would: checked on every line of
/// the clean test texts, their mojibake, and strings built from the characters and patterns
/// the quick gate decides alone.
#[test]
fn quick_gate_never_passes_a_line_the_full_gate_stops() {
    let mut lines: Vec<String> = Vec::new();
    for name in [
        "latin", "ru", "uk_el", "zh_Hans", "zh_Hant", "ja", "ko", "other",
    ] {
        let path = format!("{}/tests/data/clean/{name}.txt", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines() {
            for wrong in [
                Charset::GBK,
                Charset::BIG5,
                Charset::EUC_KR,
                Charset::SHIFT_JIS,
            ] {
                lines.push(garble(line, Charset::UTF_8, wrong));
            }
            lines.push(line.to_owned());
        }
    }
    // Every pair and triple of characters from a small alphabet of each kind.
    let alphabet = [
        '中', '的', '鎴', '戜', '璁', '한', '頃', 'か', 'ア', '，', '。', 'a', '?', ' ',
    ];
    for a in alphabet {
        for b in alphabet {
            lines.push(format!("{a}{b}"));
            for c in alphabet {
                lines.push(format!("{a}{b}{c}"));
            }
        }
    }
    let mut passed = 0;
    for line in &lines {
        if quickly_clean(line) {
            passed += 1;
            assert_eq!(suspicion(line), Suspicion::None, "{line}");
            assert!(!has_lost_a0_shape(line), "{line}");
        }
    }
    assert!(passed > lines.len() / 10, "{passed} of {}", lines.len());
}

#[test]
fn legacy_read_as_cp1252() {
    assert_eq!(fix("ÎÒÃÇ"), "我们");
    assert_eq!(fix("cafÃ©"), "café");
}

#[test]
fn lost_byte_without_a_clear_best_stays_replacement_character() {
    let garbled = garble("看那边", Charset::UTF_8, Charset::GBK);
    assert!(garbled.ends_with('\u{FFFD}'), "{garbled}");
    let fixed = fix(&garbled);
    assert_eq!(
        fixed, "看那\u{FFFD}",
        "边 competes with 达, 辽 …: no clear best, U+FFFD stays"
    );
    // Where the fill makes a word with its neighbour (这里, in the CJK pair table), the
    // word decides.
    let garbled = garble("在这里", Charset::UTF_8, Charset::GBK);
    assert_eq!(fix(&garbled), "在这里");
    // Where one fill is far commoner than every other of its cost (的, 2^5 more than 目,
    // 直, 相), the general frequency decides.
    let garbled = garble("我们的", Charset::UTF_8, Charset::GBK);
    assert!(garbled.ends_with('\u{FFFD}'), "{garbled}");
    assert_eq!(fix(&garbled), "我们的");
    let garbled = garble("发送成功", Charset::UTF_8, Charset::GBK);
    assert_eq!(garbled, "鍙戦€佹垚鍔\u{FFFD}");
}

#[test]
fn clean_text_is_untouched() {
    for s in [
        "我们",
        "中文",
        "學習",
        "日本語のテキスト",
        "한국어",
        "café crème",
        "Привет",
    ] {
        assert_eq!(fix(s), s);
    }
}

#[test]
fn latin_syllables_are_no_shift_jis_pairs() {
    // An accented small letter and an ASCII letter, twice: a Latin word, not two kanji.
    for syllables in ["élément", "äjän", "étée", "šném"] {
        assert!(!starts_two_shift_jis_pairs(syllables), "{syllables}");
    }
    for clean in [
        "Affiche seulement l'élément correspondant",
        "est interprétée comme",
    ] {
        assert_eq!(suspicion(clean), Suspicion::None, "{clean}");
    }
    // 倉澤 in Shift_JIS read as windows-1252: a lead shown as punctuation.
    assert!(starts_two_shift_jis_pairs("‘qàV"));
    // Two pairs whose trail is no ASCII letter stay a sign.
    assert!(starts_two_shift_jis_pairs("à@à@"));
}

#[test]
fn big5_kana_read_as_windows_1252_are_a_sign() {
    // すみません, または in Big5 (lead 0xC7, ASCII trails) read as windows-1252.
    assert!(starts_big5_kana_pairs("Ç@ÇfÇeÇBÇz"));
    assert!(starts_big5_kana_pairs("ÇeÇFÇV terminfo"));
    // Ç opening a Latin word, and Turkish capitals (ÇOÇUK: two pairs of capitals want a third).
    for clean in ["Ça va", "Çok", "ÇOÇUK", "ÇA"] {
        assert!(!starts_big5_kana_pairs(clean), "{clean}");
    }
    // A particle alone between Latin words (は as ÇV), and no Latin word.
    assert!(is_lone_big5_particle(Some(' '), "ÇV lastday"));
    assert!(!is_lone_big5_particle(Some(' '), "ÇA VA"));
    assert!(!is_lone_big5_particle(Some('x'), "ÇV lastday"));
}

#[test]
fn three_small_letters_glued_to_a_word_are_a_word_s() {
    // Turkish küçük: üçü is no legacy CJK character pair among ASCII letters.
    let turkish = "küçük ve büyük harflerin karışımından oluşan ve mümkünse";
    assert_eq!(suspicion(turkish), Suspicion::None);
    // Czech áš and íž are pairs the words write; GBK's 驗 read as windows-1252, òž, is none.
    assert_eq!(
        suspicion("o neúspěšném přihlášení těch uživatelů"),
        Suspicion::None
    );
    assert_ne!(suspicion("ówòž"), Suspicion::None);
    // GBK's 我们 read as windows-1252 stays a sign, glued to a word or not.
    assert_ne!(suspicion("ÎÒÃÇ"), Suspicion::None);
    assert_ne!(suspicion("xÎÒÃÇx"), Suspicion::None);
}

#[test]
fn a_whole_run_of_utf8_pair_shapes_is_a_sign_three_in_a_long_line_are_not() {
    // Файл read as GBK: every letter of the word a two-byte UTF-8 sequence.
    assert_ne!(suspicion("肖邪泄谢 not found"), Suspicion::None);
    assert!(!quickly_clean("肖邪泄谢 not found"));
    // Clean Chinese with three such letters in a row (能的匹, EUC-JP's) inside a clause.
    let clean = "-a 三个选项，则为每个可能的匹配进行相同的操作。";
    assert_eq!(suspicion(clean), Suspicion::None);
    assert!(quickly_clean(clean));
}

#[test]
fn an_acute_accent_between_a_word_and_its_suffix_is_an_apostrophe() {
    // Turkish writes ´ for the apostrophe before a suffix: no sign.
    assert_eq!(
        suspicion("GECOS´un anlamı General Electric"),
        Suspicion::None
    );
    assert_eq!(suspicion("1 Ocak 1970´den beri"), Suspicion::None);
    // After a high byte's character it is a UTF-8 continuation byte still (ô as Ã´).
    assert_ne!(suspicion("cÃ´te"), Suspicion::None);
}

#[test]
fn windows_1252_byte_is_the_table_s_byte() {
    for c in ('\u{80}'..='\u{FFFF}').chain(['\u{1F600}']) {
        let mut buf = [0u8; 4];
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        // (encoding_rs writes the undefined bytes' C1 controls back as themselves too.)
        let expected = match *bytes {
            [b] if !unmappable && b >= 0x80 => Some(b),
            _ => None,
        };
        assert_eq!(windows_1252_byte(c), expected, "U+{:04X}", u32::from(c));
    }
}

/// `input` through [`fix_lines`] (three layers, no document model) with a fresh searcher whose
/// whole-line and whole-text fast paths are on or off; the steps must reproduce the output.
fn fix_lines_with(whole_line: bool, input: &str) -> (String, Searcher) {
    let mut searcher = Searcher::new();
    searcher.whole_line = whole_line;
    let lines = Lines {
        max_layers: 3,
        model: None,
        settled: &mut Settled::default(),
        decoded_whole: false,
        record: None,
    };
    let mut steps = Vec::new();
    let out = fix_lines(input, lines, &mut searcher, &mut steps).into_owned();
    assert_eq!(crate::report::replay(input.as_bytes(), &steps), out);
    (out, searcher)
}

#[test]
fn a_repaired_line_the_next_round_would_leave_is_not_searched_again() {
    // 发送成功。 read as GBK: the last byte of 。 is lost before the line break, and the
    // U+FFFD left keeps the repaired line suspicious; the next round would search it in vain.
    let (garbled, _, _) = encoding_rs::GBK.decode("发送成功。\n".as_bytes());
    let mut settled = Settled::default();
    let out = fix_mojibake(&garbled, 2, None, &mut settled, &mut Vec::new()).into_owned();
    assert!(out.starts_with("发送成功"), "{out}");
    assert!(settled.holds(&out));
    let mut steps = Vec::new();
    assert!(matches!(
        fix_mojibake(&out, 2, None, &mut settled, &mut steps),
        Cow::Borrowed(_)
    ));
    assert!(steps.is_empty());
    // The lines of a text read back whole, too (the last one, ASCII, needs nothing; 64
    // non-ASCII characters make a text the whole-text path reads).
    let clean =
        "Le café était délicieux, très sucré à mon goût.\nÜber die Brücke gehen wir später.\n"
            .repeat(8)
            + "end\n";
    let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode(clean.as_bytes());
    let mut settled = Settled::default();
    let out = fix_mojibake(&garbled, 2, None, &mut settled, &mut Vec::new());
    assert_eq!(out, clean);
    for line in clean.split_inclusive('\n').filter(|l| !l.is_ascii()) {
        assert!(settled.holds(line), "{line}");
    }
}

#[test]
fn french_typography_is_no_sign() {
    // A no-break space before '?' and inside guillemets, before a number or a colon.
    assert_no_sign(&[
        "Voulez-vous vraiment quitter\u{A0}?",
        "Le caractère «\u{A0}?\u{A0}» remplace un seul caractère.",
        "Supprimer le fichier\u{202F}? Oui\u{A0}: non",
        "Installé par dpkg\u{A0}1.21.8 (depuis la version\u{A0}1.16.2).",
        // French elision before an accented letter: ’é is what MacRoman shows for Armenian Վ.
        "sans utiliser l’espace d’échange, l’état de l’écran",
    ]);
    // A '?' for a lost byte stays a sign after what shows a UTF-8 byte or a CJK character,
    // and before a no-break space too.
    assert_sign(&["Ã?", "caf\u{C3}? noir", "发送鍔?", "Ã?\u{A0}", "鍔?\u{A0}"]);
    // A sequence showing punctuation stays a sign where no capital follows a small letter:
    // в„– for №.
    assert_ne!(suspicion("Счёт в„–5"), Suspicion::None);
}

#[test]
fn turkish_apostrophes_and_capitals_are_no_sign() {
    assert_no_sign(&[
        // ´ for an apostrophe before a suffix, after a Turkish letter or ASCII, and for a quote.
        "-m seçeneği ile belirtilen asgari-gün-sayısı´nın değeri",
        "-d seçeneği ile, son-gün´ün değeri 1 Ocak 1970´den beri",
        "Linux-PAM System Administrators´ Guide içinde, bir `*´ yerine",
        // A capital opening a word (Çökmüş, Üç), and small letters beside letters no re-tabled
        // chain's wrong table shows (ş).
        "Çökmüş bir düzenleme oturumunu kurtarır.",
        "Bütün bu şartlar kontrol edildikten sonra, fakat ilk üç deneme",
        "Bu dosya çeşitli bölümler içerir. Üç bölüm vardır.",
    ]);
    // GBK read as windows-1252 stays a sign: 你 (Äã) alone, 我们 (ÎÒÃÇ), ô as Ã´.
    assert_sign(&["Äã", "ÎÒÃÇ", "Äã ºÃ", "cÃ´te", "Ã´n"]);
}

#[test]
fn spanish_questions_ordinals_and_exponents_are_no_sign() {
    assert_no_sign(&[
        // A '?' closing a question ¿ opened, after a small accented letter.
        "Oye, ¿sabes dónde está? ¡ay, qué pena!",
        "Dime, ¿es verdad? ¿Y tú?",
        // º and ª after a digit, a full stop or n, before no letter.
        "Vive en el 3º piso, puerta 2ª, nº 15.",
        "Mora no 1.º andar.",
    ]);
    // ² and ³ as exponents of units and numbers.
    assert_no_sign(&[
        "La superficie es de 120 m² y el volumen de 300 m³.",
        "2³ = 8 (Zażółć)",
    ]);
    // ³ ending another word is windows-1252's ł (zosta³) and stays a sign.
    assert_sign(&["Plik zosta³ zapisany"]);
    // A '?' after a capital that windows-1252 shows for a two-byte lead stays a sign, ¿ or not;
    // so does one after an accented letter with no question open, and º glued to a word.
    assert_sign(&["¿QuÃ? pasa", "está? bien", "Âº", "3ºa"]);
}

#[test]
fn a_chinese_word_among_options_and_common_characters_in_a_row_are_no_sign() {
    assert_no_sign(&[
        // A known word of two Han among Latin options.
        "mandb [-dqsucpt?V] [-C 文件]",
        "whatis [-dlv?V] [-r|-w] [-s 列表] [-m 系统]",
        // Four of the commonest characters in a row that EUC-JP or GBK shows for two-byte
        // UTF-8 sequences (了与其他, 某些系统), in a long line.
        "此标志的存在是为了与其他 soelim 程序兼容。它的用法是启用 .so 请求，后面跟一些非空格字符。",
        "某些系统包含大量的手册页包，例如某些系统将 Tcl 包并入主手册页层次目录。",
    ]);
    // Lone Han among Latin words stays a sign, and so does a pair glued to a word.
    assert_sign(&[
        "Se non lo 猫 stato, allora",
        "cr茅茅e le fichier",
        "肖邪泄谢 not found",
    ]);
}

#[test]
fn ukrainian_quotes_units_and_apostrophes_are_no_sign() {
    assert_no_sign(&[
        // A capital before », which cp1251 shows for a UTF-8 continuation byte: ХХ» is no
        // Armenian ջ, СС» no historic ѻ.
        "час запуску команди у форматі «ГГ:ХХ», тривалість «ХХХ:СС»",
        // ’ before є (д’є would be an ideograph of Extension A through windows-1251).
        "використовувати від’ємні значення PID",
        // Units written with a small і between capitals: no KOI8-R case swap.
        "розмір 4 КіБ, 8 МіБ або 1,5 ГіБ",
    ]);
    // UTF-8 read as windows-1251 stays a sign: Р» for л, Р°Р» for ал, в„– for №.
    assert_sign(&["Р°Р»Рѕ", "Р» ", "в„–5", "РџСЂРёРІРµС‚"]);
}

#[test]
fn a_fill_in_a_line_left_damaged_is_reported_lost() {
    // 名 稱 through UTF-8 read as windows-1251, then windows-1252, the last decoder writing
    // '?' for 0x81, a byte windows-1252 leaves undefined: the first step fills the lost byte
    // from the reading it sees, and the line is still damaged after it: the loss is reported,
    // not hidden.
    let repaired = crate::Config::encoding_only()
        .build()
        .repair_str("ÐµÑ’ÐŒ Ð·Ð?Â±");
    assert!(repaired.lost(), "{}", repaired.as_str());
    // A fill that leaves the line clean is no loss (Сегодня днём, я's 0x8F lost).
    let repaired = crate::Config::encoding_only()
        .build()
        .repair_str("Ð¡ÐµÐ³Ð¾Ð´Ð½Ñ? Ð´Ð½Ñ‘Ð¼");
    assert_eq!(repaired.as_str(), "Сегодня днём");
    assert!(!repaired.lost());
}

/// Asserts that no line of `lines` shows a sign of mojibake.
fn assert_no_sign(lines: &[&str]) {
    for line in lines {
        assert_eq!(suspicion(line), Suspicion::None, "{line}");
    }
}

/// Asserts that every line of `lines` shows a sign of mojibake.
fn assert_sign(lines: &[&str]) {
    for line in lines {
        assert_ne!(suspicion(line), Suspicion::None, "{line}");
    }
}

/// A document of Chinese lines written as UTF-8, some with ASCII words and numbers in them.
fn lossy_gbk_utf8() -> String {
    let phrases = [
        "我们的网站使用统一的编码",
        "发送成功",
        "请检查文件",
        "系统中的用户",
        "打开 file 文件",
        "设置 ok 完成",
        "下载 v2 版本",
        "运行 make 命令",
        "查看日志记录",
        "删除临时目录",
        // (No clear fill for the byte 边 loses before the space: the model is asked.)
        "看那边",
    ];
    let mut utf8 = String::new();
    for i in 0..60 {
        let (a, b) = phrase_pair(&phrases, i, 7, 3);
        utf8.push_str(&format!("{a} {i} {b}: x{i}\n"));
        // (And lines with no ASCII, most of which lose nothing.)
        utf8.push_str(&format!("{b}，{a}。\n"));
    }
    utf8
}

/// [`lossy_gbk_utf8`] read as GBK by a browser: each lead byte that meets ASCII is lost
/// (U+FFFD), so lost bytes are many and the document model is built; the lines without ASCII
/// lose none.
fn lossy_gbk_document() -> String {
    read_as_gbk(&lossy_gbk_utf8())
}

/// The `i`th phrase of `phrases` and another, `step` apart per line (from `offset`).
fn phrase_pair<'p>(
    phrases: &[&'p str],
    i: usize,
    step: usize,
    offset: usize,
) -> (&'p str, &'p str) {
    let n = phrases.len();
    (phrases[i % n], phrases[(i * step + offset) % n])
}

/// `utf8` read as GBK by a browser's decoder.
fn read_as_gbk(utf8: &str) -> String {
    encoding_rs::GBK
        .decode_without_bom_handling(utf8.as_bytes())
        .0
        .into_owned()
}

/// Lines of Chinese that lose nothing read as GBK, then one line whose lost byte no fill is
/// clearly best for: the model is built only at the end, after the repair proper searched every
/// other line.
fn late_loss_utf8() -> String {
    let phrases = [
        "我们的网站",
        "发送成功",
        "请检查文件",
        "系统中的用户",
        "查看日志记录",
    ];
    let mut utf8 = String::new();
    for i in 0..80 {
        let (a, b) = phrase_pair(&phrases, i, 3, 1);
        utf8.push_str(&format!("{a}，{b}。{}\n", phrases[(i / 5) % phrases.len()]));
    }
    utf8.push_str("看那边 x\n");
    utf8
}

/// [`late_loss_utf8`] read as GBK.
fn late_loss_document() -> String {
    read_as_gbk(&late_loss_utf8())
}

#[test]
fn lines_taken_from_the_head_repair_come_out_as_searched_again() {
    // (A clean line first: the text is not mojibake throughout, and the model is counted from
    // the repair of the head, not from a reading of the whole.)
    for garbled in [lossy_gbk_document(), late_loss_document()] {
        let text = format!("这一行没有乱码。\n{garbled}");
        assert!(text.len() > 2048 && text.contains('\u{FFFD}'));
        let repair = |model: &RecoveryModel| {
            let mut steps = Vec::new();
            let out = fix_mojibake(&text, 3, Some(model), &mut Settled::default(), &mut steps);
            (out.into_owned(), steps)
        };
        let with_memo = RecoveryModel::new(&text, 3);
        let (out, steps) = repair(&with_memo);
        assert!(with_memo.memo_len() > 0, "no line was kept");
        // The same document with no outcome kept: each line searched in full.
        let without = RecoveryModel::without_outcomes(&text, 3);
        let (searched, searched_steps) = repair(&without);
        assert_eq!(without.memo_len(), 0);
        assert_eq!(out, searched);
        assert_eq!(steps, searched_steps);
        assert_ne!(out, text);
        assert_eq!(crate::report::replay(text.as_bytes(), &steps), out);
        assert!(out.starts_with("这一行没有乱码。\n"));
    }
}

/// A document that is UTF-8 read as GBK throughout, lines with lost bytes and all: the model of
/// lost bytes is counted from the text read back whole (no line of the head is searched for
/// it), and it recovers what the head's search would.
#[test]
fn a_document_read_whole_counts_its_model_from_that_reading() {
    for (garbled, original) in [
        (lossy_gbk_document(), lossy_gbk_utf8()),
        (late_loss_document(), late_loss_utf8()),
    ] {
        // The text itself is read whole, its lines with lost bytes left to the line search.
        let (fast, searcher) = fix_lines_with(true, &garbled);
        assert_eq!(searcher.whole_text_hits, 1);
        assert_eq!(fast, fix_lines_with(false, &garbled).0);
        let repair = |text: &str, model: &RecoveryModel| {
            fix_mojibake(
                text,
                3,
                Some(model),
                &mut Settled::default(),
                &mut Vec::new(),
            )
            .into_owned()
        };
        let model = RecoveryModel::new(&garbled, 3);
        let out = repair(&garbled, &model);
        assert!(model.is_built());
        assert_eq!(model.memo_len(), 0, "the head was searched");
        // The same document behind a clean line, whose model comes from the head's search.
        let searched = format!("这一行没有乱码。\n{garbled}");
        let head_model = RecoveryModel::new(&searched, 3);
        let via_search = repair(&searched, &head_model);
        assert!(head_model.memo_len() > 0);
        assert_eq!(
            via_search.strip_prefix("这一行没有乱码。\n"),
            Some(out.as_str())
        );
        // Every line restored, but where a fill is not clear even to the model.
        let restored = out
            .split('\n')
            .zip(original.split('\n'))
            .filter(|(a, b)| a == b);
        assert!(
            restored.count() * 10 >= original.split('\n').count() * 9,
            "{out}"
        );
    }
}

#[test]
fn chinese_words_whose_gbk_bytes_look_like_utf8_are_no_sign() {
    // The GBK bytes of 系统 (CF B5 CD B3) are the UTF-8 of ϵͳ, as those of 是已经加密了的 are of
    // other letters: but the languages write them side by side, where another alphabet's words
    // read through GBK make no such pair.
    for clean in [
        "系统",
        "-m 系统[,...], --systems=系统[,...]",
        "提供的密码是已经加密了的",
    ] {
        assert!(
            quickly_clean(clean) || suspicion(clean) == Suspicion::None,
            "{clean}"
        );
    }
    // Файл and не, UTF-8 read as GBK.
    for garbled in ["肖邪泄谢", "薪械", "袨褌屑械薪邪"] {
        assert_ne!(suspicion(garbled), Suspicion::None, "{garbled}");
    }
}

#[test]
fn a_three_byte_lead_before_one_high_character_and_ascii_is_no_sign() {
    // é (0xE9) and ž (0x9E) are the first two bytes of a three-byte UTF-8 sequence through
    // windows-1252, but the letter after them is no continuation byte: Czech words.
    for clean in [
        "uživatel taktéž vybídnut ke smazání záznamu, ovšem následné kontroly\n",
        "zakáže přístup do skupiny skrze příkaz\n",
    ] {
        assert_eq!(suspicion(clean), Suspicion::None, "{clean}");
    }
    // A two-byte sequence is whole in two characters (Ã© for é), and a cut three-byte one
    // with its lost byte's placeholder is a sign still.
    assert_ne!(suspicion("cafÃ© crème\n"), Suspicion::None);
    assert_ne!(suspicion("ä¸?\n"), Suspicion::None);
}

#[test]
fn accented_capitals_inside_a_heading_are_no_sign() {
    // Portuguese headings: Ç and Ã, Õ between ASCII capitals (a UTF-8 lead shown by
    // windows-1252 is followed by a continuation byte's character, never an ASCII letter, and
    // CJK text is not glued between capitals).
    for clean in [
        "DESCRIÇÃO\n",
        "OPÇÕES DE SELEÇÃO DE PROCESSO\n",
        "CRITÉRIOS DE ORDENAÇÃO\n",
    ] {
        assert_eq!(suspicion(clean), Suspicion::None, "{clean}");
    }
    // Mojibake of the same heading still shows.
    assert_ne!(suspicion("DESCRIÃ‡ÃƒO\n"), Suspicion::None);
}

#[test]
fn a_word_of_hebrew_bytes_is_no_far_cyrillic_reading() {
    // שלום in windows-1255 read as windows-1252: its bytes spell Hebrew, so a Cyrillic reading
    // of them gets no allowance for pairing dearer than Russian.
    assert!(spells_through_other_script("ùìåí"));
    // Kyrgyz африкаанс in windows-1251 read so: through windows-1255 its final forms stand
    // inside the word (אפנטךאאםס), no Hebrew.
    assert!(!spells_through_other_script("àôðèêààíñ"));
}
