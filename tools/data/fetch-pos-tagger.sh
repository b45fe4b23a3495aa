#!/usr/bin/env bash
# Silver part-of-speech labels for the probe of the paper's Table 3 (CoNLL-2003 is not reachable here): installs the
# npm package wink-pos-tagger (MIT, Penn Treebank tags) and tags sentences of the corpus splits with it:
#   data/pos/train.jsonl       sentences of data/sotu/train.jsonl (1790-2004): the probe's training set
#   data/pos/validation.jsonl  sentences of data/sotu/validation.jsonl (2005-2012): the probe's test set
# The reserved years (2013 on) are never read. Each line: {"id","text","spans":[[start,end],...],"tags":[...]} with
# one UTF-16 character span per tagger word. Usage: tools/data/fetch-pos-tagger.sh [TRAIN_SENTENCES] [OUTPUT_DIR]
# (default 10000 training sentences, seeded choice; every validation sentence).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:-10000}"
out="${2:-$root/data/pos}"
version="2.2.2"
"$here/fetch-sotu.sh"
tagger="${POS_TAGGER_DIR:-$root/data/pos-tagger-$version}"
if [[ ! -d "$tagger/node_modules/wink-pos-tagger" ]]; then
  mkdir -p "$tagger"
  npm install --silent --no-audit --no-fund --prefix "$tagger" "wink-pos-tagger@$version" >/dev/null
fi
mkdir -p "$out"
NODE_PATH="$tagger/node_modules" node "$here/tag-pos.mjs" "$root/data/sotu/train.jsonl" "$out/train.jsonl" "$count" 19
NODE_PATH="$tagger/node_modules" node "$here/tag-pos.mjs" "$root/data/sotu/validation.jsonl" "$out/validation.jsonl" 0 19
