#!/usr/bin/env bash
# What sharding costs on one machine: the same records filled by one process and by SHARDS shard processes
# (PARALLEL at a time, one ONNX Runtime thread each, as infill-array.sbatch runs them with one CPU per element),
# merged and compared byte for byte; then the cold start of one process on one record, the price of a model load.
#   tools/cluster/bench-shards.sh INPUT SHARDS [PARALLEL]      (PARALLEL default: the number of cores)
# Prints wall and CPU (user + sys) seconds of each and the ratios; docs/BENCHMARKS.md, "Sharded jobs".
# MARIA: the CLI command (default: a Release build of tools/Maria.Cli in artifacts/bench-cli, ignored by git).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ $# -ge 2 && $# -le 3 ]] || { echo "error: usage: $0 INPUT SHARDS [PARALLEL]" >&2; exit 1; }
input="$(realpath "$1")" shards="$2" parallel="${3:-$(nproc)}"
[[ -f "$input" ]] || { echo "error: INPUT $input: no such file" >&2; exit 1; }
if [[ -z "${MARIA:-}" ]]; then
  dotnet build "$root/tools/Maria.Cli" -c Release -o "$root/artifacts/bench-cli" >/dev/null
  MARIA="$root/artifacts/bench-cli/maria"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export MARIA input work shards

# "wall cpu" of a command, from GNU time (elapsed, user + sys).
measure() { /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" 2>>"$work/log" >/dev/null; awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/time"; }

read -r single_wall single_cpu < <(measure $MARIA infill --input "$input" --output "$work/single.txt")

shard() { /usr/bin/time -f "%U %S" -o "$work/time.$1" $MARIA infill --input "$input" --output "$work/out.$1.txt" --shard "$1/$shards" --threads 1 2>>"$work/log.$1" >/dev/null; }
export -f shard
start=$(date +%s.%N)
seq 0 $((shards - 1)) | xargs -P "$parallel" -I{} bash -c 'shard {}'
sharded_wall=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.2f", a - b }')
sharded_cpu=$(cat "$work"/time.* | awk '{ s += $1 + $2 } END { printf "%.2f", s }')
$MARIA merge --input "$work/out.*.txt" --output "$work/merged.txt" 2>>"$work/log"
cmp -s "$work/single.txt" "$work/merged.txt" && same="byte-identical" || same="DIFFERENT"

head -1 "$input" >"$work/one.txt"
read -r load_wall load_cpu < <(measure $MARIA infill --input "$work/one.txt" --output "$work/one.out" --threads 1)

records=$(grep -c '' "$input")
printf 'records %d, shards %d, %d at a time (%d cores, load average %s)\n' "$records" "$shards" "$parallel" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'one process:   wall %7.2f s, cpu %7.2f s\n' "$single_wall" "$single_cpu"
printf '%d shards:      wall %7.2f s, cpu %7.2f s, merged output %s\n' "$shards" "$sharded_wall" "$sharded_cpu" "$same"
awk -v sw="$single_wall" -v sc="$single_cpu" -v hw="$sharded_wall" -v hc="$sharded_cpu" -v lw="$load_wall" -v lc="$load_cpu" -v n="$shards" 'BEGIN {
  printf "speed-up (one wall / sharded wall) %.2fx; cpu cost (sharded cpu / one cpu) %.2fx, extra cpu %.2f s\n", sw / hw, hc / sc, hc - sc
  printf "one load (cold start on one record, 1 thread): wall %.2f s, cpu %.2f s; %d extra loads: cpu %.2f s\n", lw, lc, n - 1, (n - 1) * lc
}'
