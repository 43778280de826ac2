//! What a document says about itself: character and bigram counts of its own text, used where
//! a lost byte leaves several candidates that the general model cannot tell apart (the page
//! writes 成功 elsewhere, so the 功 of "成\u{FFFD}" is the likely one).

use crate::score::{char_cost, cjk_pairs_around, han_frequency_bits, is_han};

use super::annotation::{fullwidth, is_folded_punctuation, syllable_then_paren};
use std::collections::HashMap;

/// The hasher of the counts (see the dependency's note in `Cargo.toml`).
type Hasher = foldhash::quality::RandomState;

/// Character and bigram counts of the document, annotations skipped: what the document itself
/// says is plausible where a byte was lost.
pub(crate) struct DocumentModel {
    /// Counts of the ASCII characters, by code.
    ascii_unigrams: [u32; 128],
    /// Counts of the pairs of ASCII characters, by the two codes (first · 128 + second): most
    /// pairs of a page are ASCII, and these need no hashing.
    ascii_bigrams: Box<[u32]>,
    /// Counts of the other characters.
    unigrams: HashMap<char, u32, Hasher>,
    /// Counts of the other pairs, keyed by [`pair_key`].
    bigrams: HashMap<u64, u32, Hasher>,
    total: u32,
}

/// The key of the pair `a` `b` in [`DocumentModel`]'s map of pairs.
fn pair_key(a: char, b: char) -> u64 {
    (u64::from(u32::from(a)) << 32) | u64::from(u32::from(b))
}

/// The index of the pair `a` `b` in [`DocumentModel`]'s ASCII pairs, if both are ASCII.
fn ascii_pair_index(a: char, b: char) -> Option<usize> {
    (a.is_ascii() && b.is_ascii()).then(|| (a as usize) * 128 + b as usize)
}

/// Score of a byte left lost (U+FFFD): below any character the document supports.
pub(crate) const LOST_SCORE: f64 = -40.0;

/// Weight of the general frequency of an ideograph (in nats per nat) beside the document's own
/// counts.
const HAN_FREQUENCY_WEIGHT: f64 = 0.1;

/// The rarity, in bits, of an ideograph without a frequency count: a little rarer than the
/// rarest with one (18).
const UNCOUNTED_HAN_BITS: u32 = 19;

/// What a pair of CJK letters the languages write side by side ([`cjk_pairs_around`]) adds to a
/// candidate's score, in nats.
const KNOWN_PAIR_WEIGHT: f64 = 1.5;

/// What a stop beside another stop ([`is_stop`]) costs, in nats.
const DOUBLED_STOP_COST: f64 = 6.0;

/// Fullwidth punctuation that ends a clause or sentence and is not doubled in writing (？ and
/// ！ are: "？！").
fn is_stop(c: char) -> bool {
    matches!(c, '。' | '，' | '、' | '；' | '：')
}

/// Weight of the unigram distribution in the interpolated bigram estimate.
const BACKOFF: f64 = 3.0;

impl DocumentModel {
    pub(crate) fn of(text: &str) -> DocumentModel {
        Self::counted(text, false)
    }

    /// The model of a document whose fullwidth punctuation a rewriter folded to ASCII: ASCII
    /// punctuation right after a non-ASCII character counts as the fullwidth form it was, so a
    /// lost byte that could read as ， or as Μ reads as the page's own comma.
    pub(crate) fn of_folded(text: &str) -> DocumentModel {
        Self::counted(text, true)
    }

    fn counted(text: &str, unfold: bool) -> DocumentModel {
        let mut ascii_unigrams = [0u32; 128];
        let mut ascii_bigrams = vec![0u32; 128 * 128].into_boxed_slice();
        // (A text of n bytes has at most n / 2 distinct pairs with a non-ASCII character, and
        // most repeat: room for a quarter of that spares most of the growing.)
        let room = text.len() / 8;
        let mut unigrams = HashMap::with_capacity_and_hasher(room / 4, Hasher::default());
        let mut bigrams = HashMap::with_capacity_and_hasher(room, Hasher::default());
        let mut total = 0u32;
        let mut prev: Option<char> = None;
        let mut damaged = false;
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            rest = &rest[c.len_utf8()..];
            if c == '('
                && let Some(len) = syllable_then_paren(rest)
            {
                rest = &rest[len + 1..];
                continue;
            }
            if c == '?' {
                // What follows a lost byte may be misaligned until an ASCII byte resynchronises
                // the decoder: keep it out of the counts.
                prev = None;
                damaged = true;
                continue;
            }
            if damaged {
                if c.is_ascii() {
                    damaged = false;
                }
                continue;
            }
            // ('?' is damage here, skipped above.)
            let c = if unfold && is_folded_punctuation(c) && prev.is_some_and(|p| !p.is_ascii()) {
                fullwidth(c)
            } else {
                c
            };
            match ascii_unigrams.get_mut(c as usize) {
                Some(n) if c.is_ascii() => *n += 1,
                _ => *unigrams.entry(c).or_insert(0) += 1,
            }
            total = total.saturating_add(1);
            if let Some(p) = prev {
                match ascii_pair_index(p, c).and_then(|i| ascii_bigrams.get_mut(i)) {
                    Some(n) => *n += 1,
                    None => *bigrams.entry(pair_key(p, c)).or_insert(0) += 1,
                }
            }
            prev = Some(c);
        }
        DocumentModel {
            ascii_unigrams,
            ascii_bigrams,
            unigrams,
            bigrams,
            total,
        }
    }

    /// How often the document writes `c`.
    fn unigram_count(&self, c: char) -> u32 {
        match self.ascii_unigrams.get(c as usize) {
            Some(&n) if c.is_ascii() => n,
            _ => self.unigrams.get(&c).copied().unwrap_or(0),
        }
    }

    fn unigram(&self, c: char) -> f64 {
        f64::from(self.unigram_count(c))
    }

    /// P(c), smoothed so unseen characters keep a small probability.
    fn p_unigram(&self, c: char) -> f64 {
        (self.unigram(c) + 0.5) / (f64::from(self.total) + 1000.0)
    }

    /// ln P(b | a), the bigram estimate interpolated with the unigram one.
    fn ln_p_bigram(&self, a: char, b: char) -> f64 {
        if !a.is_alphanumeric() {
            // After punctuation the next word may be any: only its own frequency tells (基 after
            // 。 is not rare because 。 is common and 。基 was not seen).
            return self.p_unigram(b).ln();
        }
        let bi = f64::from(self.bigram(a, b));
        ((bi + BACKOFF * self.p_unigram(b)) / (self.unigram(a) + BACKOFF)).ln()
    }

    /// How plausible `c` is between `prev` and `next` (a log-probability, higher is better),
    /// with the general model's cost as a weak prior for characters the document never shows.
    pub(crate) fn score(&self, prev: Option<char>, c: char, next: Option<char>) -> f64 {
        let mut s = -0.1 * f64::from(char_cost(c).0);
        if let Some(bits) = han_frequency_bits(c) {
            // Between common ideographs the general frequency breaks ties the document leaves
            // (对 over 队 for duì where neither shows elsewhere).
            s -= HAN_FREQUENCY_WEIGHT * f64::from(bits) * std::f64::consts::LN_2;
        } else if is_han(c) {
            s -= HAN_FREQUENCY_WEIGHT * f64::from(UNCOUNTED_HAN_BITS) * std::f64::consts::LN_2;
        }
        s += match prev {
            Some(p) => self.ln_p_bigram(p, c),
            None => self.p_unigram(c).ln(),
        };
        if let Some(n) = next {
            s += self.ln_p_bigram(c, n);
        }
        // Two stops in a row ("。。", "，、") are not how anyone writes.
        if is_stop(c) && (prev.is_some_and(is_stop) || next.is_some_and(is_stop)) {
            s -= DOUBLED_STOP_COST;
        }
        // A pair the language writes (形式, 删除) where the document is silent.
        s + KNOWN_PAIR_WEIGHT * f64::from(cjk_pairs_around(prev, c, next))
    }

    /// Whether the document, or a pair the language writes, gives any evidence for `c` here.
    pub(crate) fn supports(&self, prev: Option<char>, c: char, next: Option<char>) -> bool {
        prev.is_some_and(|p| self.bigram(p, c) > 0)
            || next.is_some_and(|n| self.bigram(c, n) > 0)
            || self.unigram_count(c) >= 3
            || cjk_pairs_around(prev, c, next) > 0
    }
}

/// The least number of times the document must write an ASCII byte after a character before a
/// swallowed byte after that character is taken for it.
const MIN_SWALLOWED_SUPPORT: u32 = 3;

impl DocumentModel {
    /// The byte a decoder most likely swallowed after a lone byte that completed `prev` (the line
    /// break after the 。 of a line's end): of the ASCII bytes a GBK decoder swallows (below 0x40
    /// except the punctuation a rewriter folds, and DEL), the one the document writes after
    /// `prev` at least three times in four and at least [`MIN_SWALLOWED_SUPPORT`] times.
    pub(crate) fn swallowed_after(&self, prev: char) -> Option<char> {
        let mut best = ('\0', 0u32);
        let mut total = 0u32;
        for b in (0u8..0x40).chain([0x7F]) {
            if matches!(b, b',' | b';' | b'?' | b':' | b'!') {
                continue;
            }
            let n = self.bigram(prev, char::from(b));
            total = total.saturating_add(n);
            if n > best.1 {
                best = (char::from(b), n);
            }
        }
        (best.1 >= MIN_SWALLOWED_SUPPORT && u64::from(best.1) * 4 >= u64::from(total) * 3)
            .then_some(best.0)
    }

    /// How often `b` follows `a` in the document.
    pub(crate) fn bigram(&self, a: char, b: char) -> u32 {
        match ascii_pair_index(a, b).and_then(|i| self.ascii_bigrams.get(i)) {
            Some(&n) => n,
            None => self.bigrams.get(&pair_key(a, b)).copied().unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_document_prefers_the_commoner_ideograph() {
        let model = DocumentModel::of("每个密码项都有");
        assert!(
            model.score(Some('有'), '对', Some('应')) > model.score(Some('有'), '队', Some('应'))
        );
        // A pair the language writes outweighs the commoner ideograph: 形式 ("form"), though
        // 是 is far commoner than 式.
        let model = DocumentModel::of("这种");
        assert!(model.score(Some('形'), '式', None) > model.score(Some('形'), '是', None));
        // What the document itself shows still outweighs the general frequency.
        let model = DocumentModel::of("球队应该球队应该球队应该");
        assert!(
            model.score(Some('有'), '队', Some('应')) > model.score(Some('有'), '对', Some('应'))
        );
    }

    #[test]
    fn a_swallowed_byte_is_the_one_the_document_writes_after_the_character() {
        // After 。 this page writes a line break every time: that is what was swallowed.
        let model = DocumentModel::of("第一行。\n第二行。\n第三行。\n第四行");
        assert_eq!(model.swallowed_after('。'), Some('\n'));
        // Two line breaks are too few to tell.
        let model = DocumentModel::of("第一行。\n第二行。\n第三行");
        assert_eq!(model.swallowed_after('。'), None);
        // A space as often as a line break: no clear answer, the byte stays lost.
        let model = DocumentModel::of("一。\n二。 三。\n四。 五。\n六。 七");
        assert_eq!(model.swallowed_after('。'), None);
        // What follows 。 without a byte the decoder swallows does not count against it.
        let model = DocumentModel::of("一。\n二。三。\n四。五。\n六。七");
        assert_eq!(model.swallowed_after('。'), Some('\n'));
        // Punctuation the decoder keeps after a lone byte is never swallowed, so never the
        // answer, however often the page writes it.
        let model = DocumentModel::of("一,一,一,一,一 ");
        assert_eq!(model.swallowed_after('一'), None);
    }
}
