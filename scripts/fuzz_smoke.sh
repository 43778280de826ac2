#!/usr/bin/env bash
# Smoke-runs every cargo-fuzz target for FUZZ_SECONDS (default 60) each on stable Rust
# (`--sanitizer none`), seeded with the committed findings in fuzz/regressions/<target>.
# Fails on the first crash, assertion or timeout (-timeout=10, 60 for `stream` whose inputs are
# padded to 520 KB: a super-linear path is a finding).
# Installs cargo-fuzz when it is missing. Usage: bash scripts/fuzz_smoke.sh [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
cd fuzz
cargo fuzz build --sanitizer none
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi
for target in "${targets[@]}"; do
    corpus="$(mktemp -d)"
    seeds=()
    if [ -d "regressions/$target" ]; then
        seeds+=("regressions/$target")
    fi
    # The stream target pads every input past the 512 KB head: it is slower per run.
    timeout=10
    if [ "$target" = stream ]; then
        timeout=60
    fi
    echo "fuzz: $target for ${seconds}s"
    log="$corpus.log"
    status=0
    cargo fuzz run --sanitizer none "$target" "$corpus" "${seeds[@]}" -- \
        -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=4096 -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec)" "$log" || true
    rm -rf "$corpus"
    if [ "$status" -ne 0 ]; then
        echo "fuzz: $target failed (exit $status); the input is under fuzz/artifacts/$target" >&2
        tail -n 60 "$log" >&2
        exit 1
    fi
    rm -f "$log"
done
