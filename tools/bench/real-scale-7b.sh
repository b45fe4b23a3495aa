#!/usr/bin/env bash
# The paper's larger MARIA shape at random weights: OLMo-7B (bf16, sharded Hub-style in 5 GB files) + ModernBERT-large,
# exported as int4 (default: block 32, symmetric; ModernBERT-large's MLP width 2624 rules out block 128) and,
# with WEIGHTS="int4 int8", also int8; then per package: peak private memory of the export, a 512-token infill with
# an eighth of the words masked (peak RSS), `maria bench --methods maria,ar` at 512 tokens, and the read bandwidth
# measured before and after in the same run (tools/bench/read-bandwidth.c) for the roofline.
#
#   tools/bench/real-scale-7b.sh [OUT]     (default OUT: /work/big-int4; needs about 15 GB + 5 GB per int4 package
#                                           + 8 GB per int8 package free; the export refuses a disk without room)
#
# Environment: MARIA, MARIA_TRAIN (built CLIs; default OUT/cli/maria, OUT/train/maria-train:
#   dotnet build tools/Maria.Cli -c Release -o OUT/cli && dotnet build tools/Maria.Training -c Release -o OUT/train),
#   OLMO_TOKENIZER (default /work/shared/tokenizers/olmo-tokenizer.json), WEIGHTS (default "int4"),
#   BLOCK_SIZE (int4 only, default the exporter's 32; 64 makes the 7B pair fit 4.5 GB, 128 does not divide 2,624).
# The ModernBERT-layout tokenizer is made by tools/bench/real-scale-packages.sh's first step (copied to OUT).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-/work/big-int4}"
maria="${MARIA:-$out/cli/maria}"
maria_train="${MARIA_TRAIN:-$out/train/maria-train}"
olmo_tokenizer="${OLMO_TOKENIZER:-/work/shared/tokenizers/olmo-tokenizer.json}"
mkdir -p "$out/logs"
cd "$root"
timed() { # timed NAME COMMAND...: /usr/bin/time -v, log in OUT/logs/7b-NAME.log
  local log="$out/logs/7b-$1.log"; shift
  echo "== $(date -u +%T) $* (log: $log) $(uptime)" >&2
  /usr/bin/time -v "$@" >"$log" 2>&1; local rc=$?
  grep -E 'Elapsed \(wall|Maximum resident|peak RssAnon|Exit status' "$log" >&2
  return $rc
}
tok="$out/modernbert-tokenizer.json"
[[ -f "$tok" ]] || { echo "error: $tok missing: run the tokenizer step of tools/bench/real-scale-packages.sh with OUT=$out" >&2; exit 1; }
[[ -f "$out/olmo-7b/config.json" ]] || timed random-olmo-7b "$maria_train" random --preset olmo-7b --seed 1 --dtype bf16 --output "$out/olmo-7b" --tokenizer "$olmo_tokenizer"
[[ -f "$out/modernbert-large/config.json" ]] || timed random-modernbert-large "$maria_train" random --preset modernbert-large --seed 2 --output "$out/modernbert-large" --tokenizer "$tok"
gcc -O3 -march=native -ffast-math -fopenmp -o "$out/read-bandwidth" tools/bench/read-bandwidth.c
for weights in ${WEIGHTS:-int4}; do
  tag="$weights"; block=()
  if [[ "$weights" == int4 && -n "${BLOCK_SIZE:-}" ]]; then tag="$weights-b$BLOCK_SIZE"; block=(--block-size "$BLOCK_SIZE"); fi
  pkg="$out/pkg-7b-$tag"
  [[ -f "$pkg/maria.json" ]] || timed "export-$tag" tools/bench/peak-private-memory.sh "$maria" export --mlm "$out/modernbert-large" --ar "$out/olmo-7b" --output "$pkg" --weights "$weights" "${block[@]}" --force || continue
  du -b "$pkg"/* >&2
  [[ -f "$out/record-512.jsonl" ]] || TOKENIZER="$pkg/tokenizer.json" MARIA="$maria" tools/bench/masked-records.sh 1 0.125 1 "$out/record-512.jsonl"
  OMP_NUM_THREADS=2 "$out/read-bandwidth" >&2
  MEMORY_TIMELINE="$out/logs/7b-infill-$tag.memory" timed "infill-$tag" tools/bench/peak-private-memory.sh "$maria" infill --model "$pkg" --input "$out/record-512.jsonl" --output "$out/infill-$tag.jsonl" --json --threads 2
  timed "bench-$tag" "$maria" bench --model "$pkg" --lengths 512 --mask-rate 0.125 --methods maria,ar --repeats 1 --warmup 0 --warmup-tokens 0 --threads 2 --json "$out/bench-$tag.json"
  OMP_NUM_THREADS=2 "$out/read-bandwidth" >&2
done
