#!/usr/bin/env bash
# Blanks of unknown length on held-out text (docs/BLANKS.md, docs/BENCHMARKS.md "Blanks of unknown length"):
# maria eval-blanks on WINDOWS (default 200) validation windows of 64 words, one removed word ([WORD]) and one removed
# 1-4-word phrase ([BLANK]) per window: every proposer at the default N = 4, maria at N = 1, 2, 3, 6, and maria with
# the maria-plus-suffix scoring. Usage: tools/bench/blanks.sh [OUTPUT_DIR] [WINDOWS]   (default artifacts/blanks, 200)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/artifacts/blanks}"
windows="${2:-200}"
data="$root/data/sotu/validation.jsonl"
[[ -f "$data" ]] || { echo "missing $data: run tools/data/fetch-sotu.sh" >&2; exit 1; }
mkdir -p "$out"
dotnet build "$root/tools/Maria.Cli" -c Release -o "$out/cli" >/dev/null
maria=("$out/cli/maria" eval-blanks --data "$data" --windows "$windows")
echo "== every proposer, N = 4"
"${maria[@]}" --json "$out/n4.json" | tee "$out/n4.md"
for n in 1 2 3 6; do
  echo "== maria, N = $n"
  "${maria[@]}" --proposers maria --max-blank-tokens "$n" --json "$out/n$n.json" | tee "$out/n$n.md"
done
echo "== maria, N = 4, maria-plus-suffix scoring"
"${maria[@]}" --proposers maria,ar --scoring maria-plus-suffix --json "$out/suffix.json" | tee "$out/suffix.md"
