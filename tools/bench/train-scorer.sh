#!/usr/bin/env bash
# The external scorer of the generation benchmark (paper Figure 5, docs/BENCHMARKS.md): an OLMo of the same
# architecture and size as olmo-tiny but another seed, trained only for scoring (it took no part in sampling and is
# not shipped), then exported as a package whose causal model `maria generate --scorer` uses.
# About 30-45 minutes on one core. Usage: tools/bench/train-scorer.sh [WORK_DIR]   (default: /tmp/maria-scorer)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/maria-scorer}"
mkdir -p "$work"
cd "$root"
tools/data/fetch-sotu.sh
dotnet build tools/Maria.Training -c Release -o "$work/bin" >/dev/null
dotnet build tools/Maria.Cli -c Release -o "$work/cli" >/dev/null
resume=(); [[ "${RESUME:-0}" == 1 ]] && resume=(--resume)
"$work/bin/maria-train" pretrain --arch olmo --config tools/Maria.Training/Pretraining/Configs/olmo-tiny.json \
  --tokenizer models/olmo-tiny/tokenizer.json --train data/sotu/train.jsonl --validation data/sotu/validation.jsonl \
  --output "$work/olmo-scorer" --steps 600 --warmup 40 --eval-every 200 --eval-sequences 16 --threads 1 \
  --seed 20261123 --time-limit-minutes 45 --checkpoint-minutes 5 "${resume[@]}"
rm -rf "$work/scorer-package"
"$work/cli/maria" export --mlm models/modernbert-tiny --ar "$work/olmo-scorer" --output "$work/scorer-package"
echo "scorer package: $work/scorer-package"
