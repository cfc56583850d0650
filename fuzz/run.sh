#!/usr/bin/env bash
# Coverage-guided fuzzing of every target for a bounded time (libFuzzer via cargo-fuzz).
#
#   fuzz/run.sh [SECONDS_PER_TARGET]      default 80 s × 5 targets ≈ 7 minutes
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly-only
# flags; with only a stable toolchain RUSTC_BOOTSTRAP=1 lets stable rustc accept
# them. No sanitizer (`-s none`: the code under test is safe Rust) but debug
# assertions and overflow checks on (`-a`). Seeds: fuzz/seeds/<target>/ (committed)
# plus the corpus articles; the grown corpus goes to fuzz/corpus/<target>/
# (ignored by git), crashes to fuzz/artifacts/<target>/. Exits 1 on any crash.
set -uo pipefail
cd "$(dirname "$0")"
SECS="${1:-80}"
TARGETS=(analyze article figures edits memo)
export RUSTC_BOOTSTRAP=1
FLAGS=(-O -a -s none)

command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz missing: cargo install cargo-fuzz" >&2; exit 2; }
cargo fuzz build "${FLAGS[@]}" || exit 2

mkdir -p logs
status=0
summary=()
for t in "${TARGETS[@]}"; do
    mkdir -p "corpus/$t"
    extra=()
    if [[ $t == analyze || $t == article ]]; then
        extra=(../tests/fixtures/corpus)
    fi
    echo "== $t: ${SECS}s"
    cargo fuzz run "${FLAGS[@]}" "$t" "corpus/$t" "seeds/$t" "${extra[@]}" -- \
        -max_total_time="$SECS" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"logs/$t.log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "logs/$t.log" | tail -1)
    crashes=$(find "artifacts/$t" -type f 2>/dev/null | wc -l)
    if [[ $rc -ne 0 ]]; then
        status=1
        grep -m3 -E 'panicked|ERROR|SUMMARY' "logs/$t.log"
    fi
    summary+=("$(printf '%-8s exit=%d executions=%s %s artifacts=%s corpus=%s' "$t" "$rc" "${execs:-?}" "${cov:-}" "$crashes" "$(ls "corpus/$t" | wc -l)")")
done
echo "== summary (${SECS}s per target)"
printf '%s\n' "${summary[@]}"
exit $status
