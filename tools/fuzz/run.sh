#!/usr/bin/env bash
# tools/fuzz/run.sh TARGET MINUTES [FINDINGS]: one AFL++ campaign against one parser harness (tools/fuzz/README.md).
# Builds tools/fuzz/Maria.Fuzz once (Release, no ReadyToRun), instruments the product assemblies with SharpFuzz,
# seeds from tools/fuzz/corpus/TARGET and fuzzes for MINUTES; findings go to FINDINGS (default out/fuzz/TARGET).
# A crash or hang AFL saves is replayed at the end with the same contract check the CI test runs.
set -euo pipefail
target=${1:?usage: tools/fuzz/run.sh TARGET MINUTES [FINDINGS]}
minutes=${2:?usage: tools/fuzz/run.sh TARGET MINUTES [FINDINGS]}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
findings=${3:-$repo/out/fuzz/$target}
build=$repo/out/fuzz/build      # instrumented: runs only under afl-fuzz (its coverage map must exist)
plain=$repo/out/fuzz/replay     # the same harness uninstrumented, for replaying saved inputs
tools=$repo/out/fuzz/tools
[[ -d $repo/tools/fuzz/corpus/$target ]] || { echo "no seed corpus tools/fuzz/corpus/$target; targets: $(ls "$repo/tools/fuzz/corpus" | tr '\n' ' ')" >&2; exit 1; }
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++" >&2; exit 1; }

# One build and instrumentation for every campaign (several may start at once: the first builds, the others wait).
exec 9>"$repo/out/fuzz.lock" 2>/dev/null || { mkdir -p "$repo/out"; exec 9>"$repo/out/fuzz.lock"; }
flock 9
if [[ ! -f $build/.instrumented ]]; then
  [[ -x $tools/sharpfuzz ]] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools"
  dotnet publish "$repo/tools/fuzz/Maria.Fuzz" -c Release -p:PublishReadyToRun=false -o "$build" -v q -nologo
  rm -rf "$plain" && cp -r "$build" "$plain"
  for assembly in Maria.Runtime.dll Maria.Export.dll maria.dll; do "$tools/sharpfuzz" "$build/$assembly"; done
  touch "$build/.instrumented"
fi
flock -u 9

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export MARIA_REPO=$repo DOTNET_GCHeapHardLimit=0x40000000   # 1 GiB of managed heap: unbounded allocation is a crash
mkdir -p "$findings"
afl-fuzz -i "$repo/tools/fuzz/corpus/$target" -o "$findings" -t 10000 -m none -V $((minutes * 60)) \
  -- dotnet "$build/maria-fuzz.dll" "$target" || true

stats=$findings/default/fuzzer_stats
grep -E '^(start_time|last_update|run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs) ' "$stats"
shopt -s nullglob
saved=("$findings"/default/crashes/id:* "$findings"/default/hangs/id:*)
if ((${#saved[@]})); then
  echo "replaying ${#saved[@]} saved inputs (copy the real failures to tools/fuzz/regressions/$target/):"
  for input in "${saved[@]}"; do dotnet "$plain/maria-fuzz.dll" replay "$target" "$input" 2>&1 | head -3 || true; done
fi
