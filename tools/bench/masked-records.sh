#!/usr/bin/env bash
# N JSON lines {"id", "text"} for the batch benchmarks and the 1,000-record infill job (issue 12, docs/BENCHMARKS.md):
# windows of exactly 512 tokens of the validation split (data/sotu/validation.jsonl, never data/sotu/reserved), cut by
# the package tokenizer with `maria tokenize --windows 512` (each window's text encodes back to exactly its 512 tokens),
# with a fraction RATE of each window's words replaced by [MASK] by mask-words.mjs (seeded by SEED and the record
# index). N above the number of windows (137) cycles over them again with fresh masks; ids are "<year>-w<k>-m<cycle>".
# The same N RATE SEED give the same bytes.
#
# Usage: tools/bench/masked-records.sh N RATE SEED [OUTPUT]   (default: stdout; OUTPUT is written whole or not at all)
# TOKENIZER: the tokenizer.json that cuts the windows (default models/maria-tiny/tokenizer.json; the real-scale benchmark
# uses the OLMo tokenizer). MARIA: the command that runs the CLI (default: a Release build of tools/Maria.Cli in artifacts/bench-cli, ignored by git).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ $# -lt 3 || $# -gt 4 ]]; then
  echo "error: usage: tools/bench/masked-records.sh N RATE SEED [OUTPUT], e.g. 1000 0.5 1 records.jsonl" >&2
  exit 1
fi
output="${4:-}"
[[ -n "$output" ]] && output="$(realpath -m "$output")"
cd "$root"
[[ -f data/sotu/validation.jsonl ]] || tools/data/fetch-sotu.sh >&2
if [[ -z "${MARIA:-}" ]]; then
  cli="$root/artifacts/bench-cli"
  dotnet build tools/Maria.Cli -c Release -o "$cli" >/dev/null
  MARIA="$cli/maria"
fi

windows="$(mktemp)"
trap 'rm -f "$windows" "${output:-/nonexistent}.partial"' EXIT
$MARIA tokenize --tokenizer "${TOKENIZER:-models/maria-tiny/tokenizer.json}" --windows 512 --input data/sotu/validation.jsonl >"$windows"
if [[ -z "$output" ]]; then
  node tools/bench/mask-words.mjs "$1" "$2" "$3" <"$windows"
else
  node tools/bench/mask-words.mjs "$1" "$2" "$3" <"$windows" >"$output.partial"
  mv "$output.partial" "$output"
  echo "masked-records: wrote $1 records to $output" >&2
fi
