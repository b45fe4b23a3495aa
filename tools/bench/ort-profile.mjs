#!/usr/bin/env node
// Sums an ONNX Runtime profile (the Chrome trace JSON that `maria infill|bench --ort-profile DIR` writes, one file per
// graph) per operator type and per node: where the time of one graph run goes. Node's JSON parser reads the whole file,
// so a long run's decoder profile (hundreds of MB) needs --max-old-space-size.
//
// Usage: node tools/bench/ort-profile.mjs PROFILE.json [TOP_NODES]   (default 15 nodes)
// Prints: the runs and their mean wall time, the share spent inside kernels, then per operator type and per node the
// kernel time per run (microseconds) and the share of all kernel time.
import { readFileSync } from 'node:fs';

const [file, topArgument] = process.argv.slice(2);
if (!file) {
  console.error('error: usage: node tools/bench/ort-profile.mjs PROFILE.json [TOP_NODES]');
  process.exit(1);
}
const top = Number(topArgument ?? 15);
let events;
try {
  events = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`error: ${file}: not an ONNX Runtime profile (${error.message}); pass a file that --ort-profile wrote`);
  process.exit(1);
}
if (!Array.isArray(events)) {
  console.error(`error: ${file}: not an ONNX Runtime profile (expected a JSON array of trace events)`);
  process.exit(1);
}

let runs = 0;
let runMicroseconds = 0;
let kernelMicroseconds = 0;
const byOperator = new Map();
const byNode = new Map();
const add = (map, key, microseconds) => {
  const entry = map.get(key) ?? { calls: 0, microseconds: 0 };
  entry.calls += 1;
  entry.microseconds += microseconds;
  map.set(key, entry);
};
for (const event of events) {
  if (event.cat === 'Session' && event.name === 'model_run') {
    runs += 1;
    runMicroseconds += event.dur;
  } else if (event.cat === 'Node' && event.name.endsWith('_kernel_time')) {
    kernelMicroseconds += event.dur;
    add(byOperator, event.args?.op_name ?? '?', event.dur);
    add(byNode, event.name.slice(0, -'_kernel_time'.length), event.dur);
  }
}
if (runs === 0) {
  console.error(`error: ${file}: no model_run events (the model was not run, or the file is not a profile)`);
  process.exit(1);
}
const perRun = (microseconds) => (microseconds / runs).toFixed(1).padStart(10);
const share = (microseconds) => `${((100 * microseconds) / kernelMicroseconds).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${runs} runs, ${(runMicroseconds / runs / 1000).toFixed(3)} ms per run, ` +
  `${((100 * kernelMicroseconds) / runMicroseconds).toFixed(0)}% of it in kernels`);
console.log(`${'operator'.padEnd(28)} ${'nodes/run'.padStart(9)} ${'us/run'.padStart(10)}  share`);
for (const [name, entry] of [...byOperator].sort((a, b) => b[1].microseconds - a[1].microseconds)) {
  console.log(`${name.padEnd(28)} ${(entry.calls / runs).toFixed(1).padStart(9)} ${perRun(entry.microseconds)} ${share(entry.microseconds)}`);
}
console.log(`top ${top} nodes`);
for (const [name, entry] of [...byNode].sort((a, b) => b[1].microseconds - a[1].microseconds).slice(0, top)) {
  console.log(`${perRun(entry.microseconds)} ${share(entry.microseconds)}  ${name}`);
}
