#!/usr/bin/env bash
# Usage: tools/bench/peak-private-memory.sh COMMAND [ARGS...]   (e.g. maria export ...)
# Runs a command and reports its peak anonymous (private) resident memory, sampled every 50 ms from /proc.
# With MEMORY_TIMELINE=FILE it also appends "seconds RssAnon_MiB RssFile_MiB" every 5 s to FILE, to see when the
# memory grows (loading, prefill, decoding).
"$@" & pid=$!
peak=0; start=$SECONDS; next=0
while kill -0 $pid 2>/dev/null; do
  a=$(awk '/RssAnon/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
  [[ -n "$a" && "$a" -gt "$peak" ]] && peak=$a
  if [[ -n "${MEMORY_TIMELINE:-}" && $((SECONDS - start)) -ge $next ]]; then
    f=$(awk '/RssFile/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    echo "$((SECONDS - start)) $(( ${a:-0} / 1024 )) $(( ${f:-0} / 1024 ))" >> "$MEMORY_TIMELINE"
    next=$((next + 5))
  fi
  sleep 0.05
done
wait $pid; rc=$?
echo "peak RssAnon: $((peak/1024)) MiB (exit $rc)" >&2
exit $rc
