#!/usr/bin/env bash
# Side by side, in one invocation: `caixun check` against autocorrect (the Rust
# CJK copywriting linter, library 2.14.2, benches/autocorrect-peer) on the same
# files, process start and dictionary load included.
#
#   benches/compare.sh [RUNS]        (default 5 runs per command, hyperfine if installed)
#
# Inputs (generated under target/bench-inputs/ from tests/fixtures/corpus/):
#   concat-1mb.txt, concat-10mb.txt   the corpus articles concatenated
#   unique-1mb.txt                    concat-1mb.txt with every paragraph made distinct
#   articles/                         1,000 articles of ~10 KB (10 MB), for throughput,
#                                     on both cores and pinned to one (`1-core`)
# caixun gets `max-file-size` raised so the 10 MB file gets its full analysis.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
IN=target/bench-inputs
mkdir -p "$IN"

cargo build --release --quiet
(cd benches/autocorrect-peer && cargo build --release --quiet)
CAIXUN=target/release/caixun
PEER=benches/autocorrect-peer/target/release/autocorrect-peer

python3 - "$IN" <<'PY'
import glob, os, sys
out = sys.argv[1]
arts = [open(p, encoding="utf-8").read().rstrip() + "\n\n"
        for p in sorted(glob.glob("tests/fixtures/corpus/*.txt") + glob.glob("tests/fixtures/corpus/*.md"))]
for name, size in [("1mb", 1 << 20), ("10mb", 10 << 20)]:
    parts, n, i = [], 0, 0
    while n < size:
        parts.append(arts[i % len(arts)]); n += len(arts[i % len(arts)].encode()); i += 1
    data = "".join(parts).encode()[:size]
    open(f"{out}/concat-{name}.txt", "wb").write(data[: data.rfind(b"\n") + 1])
# The same 1 MB with every paragraph made distinct (a number appended): caixun
# computes a paragraph that repeats once, which flatters it on a concatenation.
k, lines = 0, []
for line in open(f"{out}/concat-1mb.txt", encoding="utf-8").read().split("\n"):
    if line.strip():
        k += 1
        line += f"（{k}）"
    lines.append(line)
open(f"{out}/unique-1mb.txt", "w", encoding="utf-8").write("\n".join(lines))
os.makedirs(f"{out}/articles", exist_ok=True)
for i in range(1000):
    open(f"{out}/articles/{i:04d}.txt", "w", encoding="utf-8").write(arts[i % len(arts)])
PY
printf 'max-file-size = 33554432\n' > "$IN/caixun.toml"

# median and min wall seconds, mean CPU seconds (user + system) of one command
measure() {
    if command -v hyperfine >/dev/null; then
        hyperfine -N --style none --warmup 1 --runs "$RUNS" -i --export-json "$IN/h.json" "$1" >/dev/null 2>&1
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f %.3f %.3f" % (r["median"], r["min"], r["user"] + r["system"]))' "$IN/h.json"
    else
        # /usr/bin/time gives the wall and CPU seconds of each run.
        local all=()
        for _ in $(seq "$RUNS"); do
            all+=("$(/usr/bin/time -f '%e %U %S' bash -c "$1 >/dev/null 2>&1" 2>&1 | tail -1)")
        done
        printf '%s\n' "${all[@]}" | sort -n | awk '{w[NR]=$1; c+=$2+$3} END {printf "%.3f %.3f %.3f\n", w[int((NR+1)/2)], w[1], c/NR}'
    fi
}
# peak RSS in MB
rss() { /usr/bin/time -f %M bash -c "$1 >/dev/null 2>&1" 2>&1 | tail -1 | awk '{printf "%.1f", $1/1024}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); runs per command: $RUNS; times are medians (min in brackets)"
printf '%-26s %20s %20s %8s %16s %12s %12s %9s\n' input caixun autocorrect ratio "CPU s (ratio)" "caixun RSS" "peer RSS" "RSS ratio"
for case in "concat-1mb.txt" "unique-1mb.txt" "concat-10mb.txt" "articles/" "articles/ 1-core"; do
    # "1-core": both tools pinned to the first core (`taskset -c 0`).
    pin=""
    if [[ $case == *" 1-core" ]]; then pin="taskset -c 0 "; fi
    f="$IN/${case% 1-core}"
    c="$pin$CAIXUN check --config $IN/caixun.toml --format json --no-progress $f"
    # Commands run without a shell (hyperfine -N), so the file list is expanded here.
    if [[ -d $f ]]; then p="$pin$PEER $(echo "$f"*.txt)"; else p="$pin$PEER $f"; fi
    read -r cm cmin ccpu < <(measure "$c")
    read -r pm pmin pcpu < <(measure "$p")
    bytes=$(du -sb "$f" | cut -f1)
    ratio=$(echo "scale=2; $cm / $pm" | bc)
    cpu="$ccpu/$pcpu ($(echo "scale=2; $ccpu / $pcpu" | bc 2>/dev/null || echo ?))"
    crss=$(rss "$c"); prss=$(rss "$p")
    printf '%-26s %9.3fs (%6.3f) %9.3fs (%6.3f) %8s %16s %9s MB %9s MB %9s   caixun %.1f MB/s\n' \
        "$case ($((bytes / 1024)) KB)" "$cm" "$cmin" "$pm" "$pmin" "$ratio" "$cpu" "$crss" "$prss" \
        "$(echo "scale=2; $crss / $prss" | bc)" "$(echo "$bytes / 1000000 / $cm" | bc -l)"
done
echo "load at the end: $(cut -d" " -f1-3 /proc/loadavg)"
echo "ratio = caixun wall time / autocorrect wall time (below 1: caixun is faster); CPU = user + system seconds; RSS ratio = caixun peak RSS / autocorrect's (issue 16 targets: time <= 0.7, RSS <= 2 on unique-1mb.txt)"
