//! Properties, by proptest: no input panics; repairing the output again changes nothing;
//! repair(garble(s)) == s for text assembled from the clean corpus.

mod common;

use proptest::prelude::*;
use unmojibake::{Config, Repairer};

fn encoding_only() -> Repairer {
    Config::encoding_only().build()
}

proptest! {
    // A fixed seed keeps CI deterministic; the fuzz targets explore beyond it.
    #![proptest_config(ProptestConfig {
        cases: 512,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x756e6d6f6a69),
        .. ProptestConfig::default()
    })]

    #[test]
    fn any_bytes_repair_without_panic_and_idempotently(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let once = unmojibake::repair(&bytes).into_string();
        let twice = unmojibake::repair(once.as_bytes()).into_string();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn any_text_repairs_idempotently(text in "\\PC{0,80}") {
        let r = encoding_only();
        let once = r.repair_str(&text).into_string();
        let twice = r.repair_str(&once).into_string();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn mojibake_alphabet_soup_never_panics(text in "[鎴戜滑ÃÂ©¤åç€‚ÎÒ锟斤拷?\u{FFFD}縺ｮ頃滉 a\n]{0,60}") {
        let _ = unmojibake::repair_str(&text);
    }

    #[test]
    fn garbled_corpus_sentences_come_back(picks in proptest::collection::vec(any::<prop::sample::Index>(), 2..4)) {
        let lines: Vec<String> = common::clean_lines()
            .into_iter()
            .filter(|(f, l)| f.starts_with("zh_Hans") && l.chars().count() >= 6)
            .map(|(_, l)| l)
            .collect();
        let text: String = picks.iter().map(|i| lines[i.index(lines.len())].as_str()).collect::<Vec<_>>().join("");
        let r = encoding_only();
        for wrong in [encoding_rs::GBK, encoding_rs::WINDOWS_1252] {
            if let Some(garbled) = common::garble(&text, encoding_rs::UTF_8, wrong)
                && !garbled.contains('\u{FFFD}')
            {
                let fixed = r.repair_str(&garbled).into_string();
                prop_assert_eq!(fixed, text.clone());
            }
        }
    }
}
