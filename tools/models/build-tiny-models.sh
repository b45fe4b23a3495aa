#!/usr/bin/env bash
# Rebuilds everything under models/ from the corpus, with the exact commands used for the shipped files:
#   1. the byte-level BPE tokenizers (causal and masked layouts, V_s = 4096),
#   2. the two tiny backbones (OLMo v1 and ModernBERT architectures), pretrained side by side, one thread each,
#   3. their whole-validation evaluation (for the model cards),
#   4. the default package models/maria-tiny (product-of-experts head until a trained head ships).
# Long: about 65 minutes on 2 cores. Resumable: rerun with RESUME=1 after an interruption.
# Usage: tools/models/build-tiny-models.sh [WORK_DIR]   (default: /tmp/maria-tiny-build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/maria-tiny-build}"
mkdir -p "$work"
cd "$root"
tools/data/fetch-sotu.sh
dotnet build tools/Maria.Training -c Release -o "$work/bin" >/dev/null
dotnet build tools/Maria.Cli -c Release -o "$work/cli" >/dev/null
train="$work/bin/maria-train"
maria="$work/cli/maria"

"$train" tokenizer --data data/sotu/train.jsonl --vocab-size 4096 \
  --output-causal models/olmo-tiny/tokenizer.json --output-masked models/modernbert-tiny/tokenizer.json

resume=(); [[ "${RESUME:-0}" == 1 ]] && resume=(--resume)
for arch in olmo modernbert; do
  "$train" pretrain --arch "$arch" --config "tools/Maria.Training/Pretraining/Configs/$arch-tiny.json" \
    --tokenizer "models/$arch-tiny/tokenizer.json" --train data/sotu/train.jsonl --validation data/sotu/validation.jsonl \
    --output "$work/$arch-tiny" --steps 800 --warmup 40 --eval-every 200 --eval-sequences 16 --threads 1 \
    --time-limit-minutes 65 --checkpoint-minutes 5 "${resume[@]}" 2> "$work/$arch-tiny.log" &
done
wait

for arch in olmo modernbert; do
  cp "$work/$arch-tiny"/{config.json,model.safetensors,tokenizer.json} "models/$arch-tiny/"
  cp "$work/$arch-tiny/training-log.csv" "models/$arch-tiny/"
  "$train" evaluate --model "models/$arch-tiny" --validation data/sotu/validation.jsonl --threads 2 > "models/$arch-tiny/validation.txt"
done

rm -rf models/maria-tiny
"$maria" export --mlm models/modernbert-tiny --ar models/olmo-tiny --output models/maria-tiny --weights fp16
"$maria" verify --model models/maria-tiny
