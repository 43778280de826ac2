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
