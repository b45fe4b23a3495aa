#!/usr/bin/env bash
# Makes the real-scale benchmark packages reproducibly: random-weight checkpoints with the public OLMo-1B-hf and
# ModernBERT-large configs, the ModernBERT-layout tokenizer they need, and fp32 + int8 MARIA packages.
#
#   tools/bench/real-scale-packages.sh [OUT]        (default OUT: /work/big; needs about 25 GB free)
#
# Writes, under OUT:
#   modernbert-tokenizer.json   the OLMo tokenizer with ModernBERT's layout appended: ids 50280..50284 =
#                               [UNK] [CLS] [SEP] [PAD] [MASK] ([MASK] with lstrip), 83 [unusedN] (50285..50367),
#                               the [CLS] $A [SEP] template (as tests/Maria.Runtime.Tests/Tokenization/
#                               ModernBertLayoutTests.cs builds it)
#   olmo-1b/  modernbert-large/ random checkpoints (maria-train random, seeds 1 and 2)
#   pkg-1b/   pkg-1b-int8/      maria export, fp32 and --weights int8, each checked with maria verify
#   logs/real-scale-*.log       /usr/bin/time -v of every step (wall time, peak RSS)
#
# Environment: MARIA, MARIA_TRAIN (the built CLIs; default OUT/cli/maria and OUT/train/maria-train, built by
#   dotnet build tools/Maria.Cli -c Release -o OUT/cli && dotnet build tools/Maria.Training -c Release -o OUT/train),
#   OLMO_TOKENIZER (default /work/shared/tokenizers/olmo-tokenizer.json), FORCE=1 to redo steps already done.
set -euo pipefail
out="${1:-/work/big}"
maria="${MARIA:-$out/cli/maria}"
maria_train="${MARIA_TRAIN:-$out/train/maria-train}"
olmo_tokenizer="${OLMO_TOKENIZER:-/work/shared/tokenizers/olmo-tokenizer.json}"
force="${FORCE:-0}"
mkdir -p "$out/logs"

timed() { # timed NAME COMMAND...: runs COMMAND under /usr/bin/time -v, log in OUT/logs/real-scale-NAME.log
  local log="$out/logs/real-scale-$1.log"; shift
  echo "== $* (log: $log)" >&2
  /usr/bin/time -v "$@" >"$log" 2>&1 || { tail -20 "$log" >&2; return 1; }
  grep -E 'Elapsed \(wall|Maximum resident' "$log" >&2
}

tok="$out/modernbert-tokenizer.json"
if [[ "$force" == 1 || ! -f "$tok" ]]; then
  python3 - "$olmo_tokenizer" "$tok" <<'EOF'
import json, sys
src, dst = sys.argv[1], sys.argv[2]
root = json.load(open(src, encoding="utf-8"))
added = root["added_tokens"]
assert max(a["id"] for a in added) == 50279 and added[-1]["content"] == "<|endoftext|>", "not the OLMo tokenizer"
def token(i, content, special, lstrip=False):
    return {"id": i, "content": content, "single_word": False, "lstrip": lstrip, "rstrip": False,
            "normalized": not special, "special": special}
for i, name in enumerate(["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"]):
    added.append(token(50280 + i, name, True, lstrip=(name == "[MASK]")))
for i in range(83):
    added.append(token(50285 + i, f"[unused{i}]", False))
root["post_processor"] = {
    "type": "TemplateProcessing",
    "single": "[CLS]:0 $A:0 [SEP]:0",
    "pair": "[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
    "special_tokens": {
        "[CLS]": {"id": "[CLS]", "ids": [50281], "tokens": ["[CLS]"]},
        "[SEP]": {"id": "[SEP]", "ids": [50282], "tokens": ["[SEP]"]},
    },
}
with open(dst, "w", encoding="utf-8") as f:
    json.dump(root, f, ensure_ascii=False)
EOF
  echo "wrote $tok" >&2
fi

if [[ "$force" == 1 || ! -f "$out/olmo-1b/config.json" ]]; then
  timed random-olmo-1b "$maria_train" random --preset olmo-1b --seed 1 --output "$out/olmo-1b" --tokenizer "$olmo_tokenizer"
fi
if [[ "$force" == 1 || ! -f "$out/modernbert-large/config.json" ]]; then
  timed random-modernbert-large "$maria_train" random --preset modernbert-large --seed 2 --output "$out/modernbert-large" --tokenizer "$tok"
fi

for weights in fp32 int8; do
  pkg="$out/pkg-1b"; [[ "$weights" == fp32 ]] || pkg="$out/pkg-1b-$weights"
  if [[ "$force" == 1 || ! -f "$pkg/maria.json" ]]; then
    timed "export-$weights" "$maria" export --mlm "$out/modernbert-large" --ar "$out/olmo-1b" --output "$pkg" --weights "$weights" --force
  fi
  timed "verify-$weights" "$maria" verify --model "$pkg"
  du -b "$pkg"/* >&2
done
