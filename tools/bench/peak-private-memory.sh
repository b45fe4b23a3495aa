#!/usr/bin/env bash
# Usage: tools/bench/peak-private-memory.sh COMMAND [ARGS...]   (e.g. maria export ...)
# Runs a command and reports its peak anonymous (private) resident memory, sampled every 50 ms from /proc.
"$@" & pid=$!
peak=0
while kill -0 $pid 2>/dev/null; do
  a=$(awk '/RssAnon/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
  [[ -n "$a" && "$a" -gt "$peak" ]] && peak=$a
  sleep 0.05
done
wait $pid; rc=$?
echo "peak RssAnon: $((peak/1024)) MiB (exit $rc)" >&2
exit $rc
