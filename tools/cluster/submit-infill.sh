#!/usr/bin/env bash
# Submits a sharded `maria infill` to Slurm: a job array of SHARDS elements (infill-array.sbatch) and a merge job
# (merge.sbatch) that starts when every element has ended, whatever its end: a failed or cancelled element makes
# the merge refuse with the missing record indices instead of leaving it pending forever.
#   tools/cluster/submit-infill.sh [--tasks LIST] INPUT OUTPUT SHARDS [infill options...]
# --tasks 2 (or 1,3) resubmits only those elements, which resume their .partial files, and a new merge job.
# Prints "array JOBID" and "merge JOBID"; Slurm logs go beside OUTPUT (slurm-JOBID_TASK.out, slurm-JOBID.out).
# Extra sbatch options: SBATCH_PARTITION, SBATCH_TIMELIMIT, ... (sbatch's input variables); MARIA: the CLI command.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tasks=""
if [[ "${1:-}" == "--tasks" ]]; then tasks="$2"; shift 2; fi
[[ $# -ge 3 ]] || { echo "error: usage: $0 [--tasks LIST] INPUT OUTPUT SHARDS [infill options...]" >&2; exit 1; }
input="$(realpath "$1")" output="$(realpath -m "$2")" shards="$3"
shift 3
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "error: SHARDS '$shards' is not a positive whole number" >&2; exit 1; }
[[ -f "$input" ]] || { echo "error: INPUT $input: no such file" >&2; exit 1; }
logs="$(dirname "$output")"
mkdir -p "$logs"
array=$(sbatch --parsable --array="${tasks:-0-$((shards - 1))}" --chdir="$logs" --output="$logs/slurm-%A_%a.out" \
    "$here/infill-array.sbatch" "$input" "$output" "$shards" "$@")
array="${array%%;*}"
merge=$(sbatch --parsable --dependency="afterany:$array" --chdir="$logs" --output="$logs/slurm-%j.out" \
    "$here/merge.sbatch" "$output")
echo "array ${array}"
echo "merge ${merge%%;*}"
