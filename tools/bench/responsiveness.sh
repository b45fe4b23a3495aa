#!/usr/bin/env bash
# Two wall-clock figures that used to be pass/fail asserts in the test suite (timing asserts fail on a loaded CI
# machine and prove nothing on a quiet one; the tests keep the behaviour, this script measures the time):
#   1. tokenizing the whole training split with the real OLMo-1B tokenizer (`maria tokenize --windows`), seconds;
#   2. how long `maria generate` takes to exit after Ctrl-C (SIGINT) lands in a long annealing run, seconds,
#      median of REPEATS (default 5) runs, each interrupted after 2 s.
# Usage: tools/bench/responsiveness.sh   (MARIA: the command that runs the CLI, default a Release build in
# artifacts/bench-cli; TOKENIZER: default ../shared/tokenizers/olmo-tokenizer.json; REPEATS)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[[ -f data/sotu/train.jsonl ]] || tools/data/fetch-sotu.sh >&2
tokenizer="${TOKENIZER:-$root/../shared/tokenizers/olmo-tokenizer.json}"
[[ -f "$tokenizer" ]] || { echo "error: $tokenizer missing: put the OLMo-1B tokenizer.json in ../shared/tokenizers or set TOKENIZER" >&2; exit 1; }
if [[ -z "${MARIA:-}" ]]; then
  cli="$root/artifacts/bench-cli"
  dotnet build tools/Maria.Cli -c Release -o "$cli" >/dev/null
  MARIA="$cli/maria"
fi

start=$(date +%s.%N)
$MARIA tokenize --tokenizer "$tokenizer" --windows 512 --input data/sotu/train.jsonl >/dev/null
end=$(date +%s.%N)
echo "tokenize training split: $(echo "$end - $start" | bc -l | xargs printf '%.2f') s"

latencies=()
for _ in $(seq "${REPEATS:-5}"); do
  $MARIA generate --length 40 --iterations 100000 --remask 0.5 --seed 2 >/dev/null 2>&1 &
  pid=$!
  sleep 2
  sent=$(date +%s.%N)
  kill -INT "$pid"
  wait "$pid" || true
  done_at=$(date +%s.%N)
  latencies+=("$(echo "$done_at - $sent" | bc -l)")
done
median=$(printf '%s\n' "${latencies[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "generate: exit after SIGINT: median $(printf '%.3f' "$median") s of ${#latencies[@]} (all: $(printf '%.3f ' "${latencies[@]}"))"
