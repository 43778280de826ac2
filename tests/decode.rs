//! Bytes → text: BOM, meta/XML declarations, caller hints, detection, wrong declarations,
//! UTF-16 and mixed UTF-8 + legacy bytes, through the public API.

use unmojibake::{Charset, Config, Error, Repairer};

fn enc(charset: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = charset.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn page(meta: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut out = b"<!DOCTYPE html><html><head>".to_vec();
    if let Some(label) = meta {
        out.extend_from_slice(format!("<meta charset=\"{label}\">").as_bytes());
    }
    out.extend_from_slice(b"<title>t</title></head><body><p>");
    out.extend_from_slice(body);
    out.extend_from_slice(b"</p></body></html>\n");
    out
}

const ZH_HANS: &str = "这是一个用来测试编码检测的简体中文网页，我们希望它能被正确地识别出来。";
const ZH_HANT: &str = "這是一個用來測試編碼偵測的繁體中文網頁，我們希望它能被正確地辨識出來。";
const JA: &str =
    "これは文字コードの判定を試すための日本語のページです。正しく認識されることを願っています。";
const KO: &str =
    "이것은 문자 인코딩 감지를 시험하기 위한 한국어 웹 페이지입니다. 올바르게 인식되기를 바랍니다.";
const RU: &str = "Это русская страница для проверки определения кодировки, надеемся, что она распознается правильно.";
const FR: &str =
    "Ceci est une page française pour tester la détection de l'encodage : élève, garçon, où, déjà.";

#[test]
fn declared_pages_decode_with_their_declaration() {
    for (label, charset, text) in [
        ("gbk", encoding_rs::GBK, ZH_HANS),
        ("big5", encoding_rs::BIG5, ZH_HANT),
        ("shift_jis", encoding_rs::SHIFT_JIS, JA),
        ("euc-kr", encoding_rs::EUC_KR, KO),
        ("windows-1251", encoding_rs::WINDOWS_1251, RU),
        ("windows-1252", encoding_rs::WINDOWS_1252, FR),
    ] {
        let bytes = page(Some(label), &enc(charset, text));
        let out = unmojibake::repair(&bytes);
        assert!(out.as_str().contains(text), "{label}: {}", out.as_str());
        assert_eq!(
            out.source_encoding().map(|c| c.name()),
            Some(charset.name())
        );
        assert!(out.changed());
    }
}

#[test]
fn undeclared_pages_are_detected() {
    for (charset, text) in [
        (encoding_rs::GBK, ZH_HANS),
        (encoding_rs::BIG5, ZH_HANT),
        (encoding_rs::SHIFT_JIS, JA),
        (encoding_rs::EUC_KR, KO),
        (encoding_rs::WINDOWS_1251, RU),
        (encoding_rs::WINDOWS_1252, FR),
    ] {
        let bytes = page(None, &enc(charset, text));
        let out = unmojibake::repair(&bytes);
        assert!(
            out.as_str().contains(text),
            "{}: {}",
            charset.name(),
            out.as_str()
        );
    }
}

#[test]
fn wrong_declarations_are_overruled() {
    // Declares UTF-8 but is GBK.
    let bytes = page(Some("utf-8"), &enc(encoding_rs::GBK, ZH_HANS));
    let out = unmojibake::repair(&bytes);
    assert!(out.as_str().contains(ZH_HANS), "{}", out.as_str());
    // Declares ISO-8859-1 but is UTF-8.
    let bytes = page(Some("iso-8859-1"), ZH_HANS.as_bytes());
    let out = unmojibake::repair(&bytes);
    assert!(out.as_str().contains(ZH_HANS));
    assert_eq!(out.source_encoding(), Some(Charset::UTF_8));
    // Declares ISO-8859-1 but is GBK.
    let bytes = page(Some("iso-8859-1"), &enc(encoding_rs::GBK, ZH_HANS));
    let out = unmojibake::repair(&bytes);
    assert!(out.as_str().contains(ZH_HANS), "{}", out.as_str());
}

#[test]
fn xml_declarations_and_hints() {
    let mut xml = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><doc>".to_vec();
    xml.extend(enc(encoding_rs::SHIFT_JIS, JA));
    xml.extend_from_slice(b"</doc>");
    assert!(unmojibake::repair(&xml).as_str().contains(JA));

    let bytes = enc(encoding_rs::EUC_KR, KO);
    let repairer = Repairer::default();
    let out = repairer
        .repair_with_hint(&bytes, "euc-kr")
        .expect("known label");
    assert_eq!(out.as_str(), KO);
    assert!(matches!(
        repairer.repair_with_hint(&bytes, "no-such-charset"),
        Err(Error::UnknownEncoding(_))
    ));
}

#[test]
fn boms_and_utf16() {
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    let mut le_no_bom = Vec::new();
    for unit in JA.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    for unit in "plain ASCII text in UTF-16".encode_utf16() {
        le_no_bom.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(unmojibake::repair(&le).as_str(), JA);
    assert_eq!(unmojibake::repair(&be).as_str(), JA);
    assert_eq!(
        unmojibake::repair(&le_no_bom).as_str(),
        "plain ASCII text in UTF-16"
    );
    let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
    utf8_bom.extend_from_slice(FR.as_bytes());
    let out = unmojibake::repair(&utf8_bom);
    assert_eq!(out.as_str(), FR);
    assert!(out.changed(), "the BOM was dropped");
}

#[test]
fn mixed_utf8_with_legacy_islands() {
    let mut bytes = "Menu: naïve crème brûlée — ".as_bytes().to_vec();
    bytes.extend_from_slice(b"caf\xE9 au lait, cr\xE8me fra\xEEche");
    bytes.extend_from_slice(" — fin.".as_bytes());
    assert_eq!(
        unmojibake::repair(&bytes).as_str(),
        "Menu: naïve crème brûlée — café au lait, crème fraîche — fin."
    );
}

#[test]
fn valid_utf8_is_borrowed_and_replayable() {
    let text = "clean text, 中文, 日本語, 한국어";
    let out = unmojibake::repair(text.as_bytes());
    assert!(!out.changed());
    assert!(matches!(out.into_cow(), std::borrow::Cow::Borrowed(_)));
    let bytes = page(Some("gbk"), &enc(encoding_rs::GBK, ZH_HANS));
    let out = unmojibake::repair(&bytes);
    assert_eq!(unmojibake::replay(&bytes, out.steps()), out.as_str());
}

#[test]
fn strict_mode_refuses_to_guess() {
    let strict: Repairer = Config::default().strict(true).build();
    let undeclared = enc(encoding_rs::GBK, ZH_HANS);
    assert!(matches!(
        strict.try_repair(&undeclared),
        Err(Error::Undetermined)
    ));
    let declared = page(Some("gbk"), &undeclared);
    assert!(strict.try_repair(&declared).is_ok());
    assert!(strict.try_repair(FR.as_bytes()).is_ok());
}

#[test]
fn repair_into_reuses_the_buffer() {
    let repairer = Repairer::default();
    let mut out = String::with_capacity(256);
    let report = repairer.repair_into("cafÃ©".as_bytes(), &mut out);
    assert_eq!(out, "café");
    assert!(report.changed());
    let report = repairer.repair_into(b"second", &mut out);
    assert_eq!(out, "second");
    assert!(!report.changed());
}
