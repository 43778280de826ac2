#!/usr/bin/env bash
# The project's test command: formatting, lints, tests (unit, integration, doctests, README
# examples), docs, and the generated tables checked against their generator.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test --all-targets
cargo test --doc
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
# The private items' docs too: their links must resolve (the crate's inner workings are read there).
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet --document-private-items
if [ -f /usr/share/unicode/Unihan_Readings.txt.bz2 ]; then
    python3 scripts/gen_tables.py --check
else
    echo "warning: Debian's unicode-data is not installed; generated tables not checked" >&2
fi
if [ -d /usr/share/man/ru ] && [ -f /usr/share/unicode/Unihan_Variants.txt.bz2 ]; then
    python3 scripts/gen_bigrams.py --check
else
    echo "warning: the translated man pages or Unihan are not installed; src/bigrams.rs not checked" >&2
fi
if [ -d /usr/share/unicode/cldr/common/subdivisions ]; then
    python3 scripts/gen_script_pairs.py --check
fi
if [ -d /usr/share/unicode/cldr/common/main ]; then
    # Clean strings of CLDR's 194 locales (languages the model never saw): a ceiling on how many
    # the repairs change (200 measured; see README, Evaluation).
    python3 scripts/cldr_corpus.py --out target/cldr >/dev/null
    cargo run --quiet --release --example evaluate -- --clean-only target/cldr --max-changed 260 >/dev/null
else
    echo "warning: Debian's unicode-cldr-core is not installed; CLDR false positives not checked" >&2
fi
