//! What to repair: the [`Config`] builder and its presets.

use crate::Repairer;

/// Unicode normalisation applied at the end.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub enum Normalization {
    /// Leave the text as it is.
    None,
    /// Canonical composition (NFC): safe for every script, never changes fullwidth punctuation.
    #[default]
    Nfc,
    /// Compatibility composition (NFKC): also folds fullwidth forms, ligatures and the like.
    /// It turns Chinese fullwidth punctuation into ASCII, so it is never a default.
    Nfkc,
}

/// When to decode HTML character references (`&amp;`, `&#x4E2D;`, `&ldquo;` …).
///
/// A reference written without its semicolon is decoded only where the HTML standard decodes
/// one in an attribute value: `&copy 2020` is `© 2020`, but `&section=2` (a URL's query) and
/// `&copyright` stay as they are.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub enum HtmlUnescape {
    /// Decode them unless the text looks like markup (it contains `<` followed by a letter, `/`
    /// or `!`): in markup, references are meant to stay.
    #[default]
    Auto,
    /// Always decode them.
    Always,
    /// Never decode them.
    Never,
}

/// Settings of a [`Repairer`]. Field names follow ftfy's `TextFixerConfig` where ftfy has the
/// same fix. Setters take and return the config by value so presets compose:
/// `Config::encoding_only().max_layers(2).build()`.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) fix_encoding: bool,
    pub(crate) unescape_html: HtmlUnescape,
    pub(crate) remove_terminal_escapes: bool,
    pub(crate) fix_c1_controls: bool,
    pub(crate) fix_line_breaks: bool,
    pub(crate) remove_control_chars: bool,
    pub(crate) normalization: Normalization,
    pub(crate) strip_annotations: bool,
    pub(crate) restore_simplified: bool,
    pub(crate) max_layers: u8,
    pub(crate) strict: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            fix_encoding: true,
            unescape_html: HtmlUnescape::Auto,
            remove_terminal_escapes: true,
            fix_c1_controls: true,
            fix_line_breaks: true,
            remove_control_chars: true,
            normalization: Normalization::Nfc,
            strip_annotations: true,
            restore_simplified: true,
            max_layers: 3,
            strict: false,
        }
    }
}

impl Config {
    /// Only encoding repairs: decoding, mojibake, lost bytes, markers and the converter damage of
    /// pinyin-annotated pages. No HTML unescaping, no control-character or line-break changes, no
    /// normalisation (like ftfy's `fix_encoding`). Clean text of any script comes back unchanged.
    pub fn encoding_only() -> Self {
        Config {
            unescape_html: HtmlUnescape::Never,
            remove_terminal_escapes: false,
            fix_c1_controls: false,
            fix_line_breaks: false,
            remove_control_chars: false,
            normalization: Normalization::None,
            ..Config::default()
        }
    }

    /// What web-crawl pipelines run (the settings of datatrove's `FTFYFormatter`): encoding
    /// repairs, HTML references when the text is not markup, terminal escapes, C1 controls and
    /// control characters, but no line-break changes and no normalisation, so that text keeps the
    /// forms a model should learn to read (fullwidth punctuation, curly quotes, NFD text).
    ///
    /// ```
    /// let crawl = unmojibake::Config::crawl().build();
    /// let out = crawl.repair_str("cafÃ© &amp; “e\u{301}”\r\n");
    /// assert_eq!(out.as_str(), "café & “e\u{301}”\r\n");
    /// ```
    pub fn crawl() -> Self {
        Config {
            fix_line_breaks: false,
            normalization: Normalization::None,
            ..Config::default()
        }
    }

    /// Undo mojibake (default `true`). Off, only the decoding of bytes and the text fixes run.
    pub fn fix_encoding(mut self, yes: bool) -> Self {
        self.fix_encoding = yes;
        self
    }

    /// Decode HTML character references (default [`HtmlUnescape::Auto`]).
    pub fn unescape_html(mut self, mode: HtmlUnescape) -> Self {
        self.unescape_html = mode;
        self
    }

    /// Remove ANSI terminal escape sequences such as `ESC[31m` (default `true`).
    pub fn remove_terminal_escapes(mut self, yes: bool) -> Self {
        self.remove_terminal_escapes = yes;
        self
    }

    /// Replace C1 control characters (U+0080..U+009F), left behind when windows-1252 text was
    /// decoded as ISO-8859-1, with the windows-1252 characters they stand for (default `true`),
    /// in lines where each stands among ASCII text; next to other non-ASCII characters they are
    /// bytes of mojibake and are left to the mojibake repair.
    pub fn fix_c1_controls(mut self, yes: bool) -> Self {
        self.fix_c1_controls = yes;
        self
    }

    /// Turn `\r\n`, `\r`, U+0085, U+2028 and U+2029 into `\n` (default `true`); U+0085 right
    /// after a character a single-byte charset shows for a UTF-8 byte is the byte 0x85 of
    /// mojibake and stays for the mojibake repair.
    pub fn fix_line_breaks(mut self, yes: bool) -> Self {
        self.fix_line_breaks = yes;
        self
    }

    /// Remove control characters other than tab, line feed, form feed and carriage return, and
    /// the byte-order mark inside text (default `true`).
    pub fn remove_control_chars(mut self, yes: bool) -> Self {
        self.remove_control_chars = yes;
        self
    }

    /// Unicode normalisation at the end (default [`Normalization::Nfc`]).
    pub fn normalization(mut self, form: Normalization) -> Self {
        self.normalization = form;
        self
    }

    /// On pages that carry the fingerprint of an SEO rewriter (single-character pinyin
    /// annotations "學(xué)" used consistently across the document), remove the annotations and
    /// repair the byte damage they caused (default `true`).
    pub fn strip_annotations(mut self, yes: bool) -> Self {
        self.strip_annotations = yes;
        self
    }

    /// On such fingerprinted pages, convert the Traditional characters a one-to-one converter
    /// produced back to Simplified and restore fullwidth Chinese punctuation (default `true`).
    /// Traditional Chinese text without the fingerprint is never converted.
    pub fn restore_simplified(mut self, yes: bool) -> Self {
        self.restore_simplified = yes;
        self
    }

    /// How many layers of mojibake to undo at most (default 3, clamped to 1..=8).
    pub fn max_layers(mut self, layers: u8) -> Self {
        self.max_layers = layers.clamp(1, 8);
        self
    }

    /// Strict mode (default `false`): [`Repairer::try_repair`] fails with
    /// [`crate::Error::Undetermined`] instead of guessing the encoding of undeclared legacy bytes.
    pub fn strict(mut self, yes: bool) -> Self {
        self.strict = yes;
        self
    }

    /// Builds the [`Repairer`].
    pub fn build(self) -> Repairer {
        Repairer::new(self)
    }
}
