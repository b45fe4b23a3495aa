// Masks words of text windows for the batch benchmarks (tools/bench/masked-records.sh, issue 12).
// Reads JSON lines {"id", "text"} (the windows) on stdin and writes N JSON lines {"id", "text"} on stdout: record r is
// window r mod W (W windows) with round(RATE * words) of its words replaced by [MASK], id "<window id>-m<r div W>".
// A word is a maximal run of non-whitespace (punctuation stays with its word and is masked with it); whitespace is
// kept as it is, so [MASK]'s lstrip absorbs the space before it and the filled token brings its own.
// The masked words are a uniform sample drawn from (SEED, r) alone, with integer arithmetic only: the same arguments
// give the same bytes on any machine and Node version, and a window met again (N > W) gets fresh masks.
// Usage: node tools/bench/mask-words.mjs N RATE SEED < windows.jsonl
import { createInterface } from "node:readline";

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

const [countText, rateText, seedText] = process.argv.slice(2);
if (process.argv.length !== 5) fail("usage: node tools/bench/mask-words.mjs N RATE SEED < windows.jsonl");
if (!/^[1-9][0-9]*$/.test(countText)) fail(`N '${countText}' is not a positive whole number of records; pass e.g. 1000`);
if (!/^(0?\.[0-9]+|0)$/.test(rateText) || !(Number(rateText) > 0)) fail(`RATE '${rateText}' is not a fraction in (0, 1); pass e.g. 0.5`);
if (!/^[0-9]+$/.test(seedText) || Number(seedText) > 0xffffffff) fail(`SEED '${seedText}' is not a whole number in 0..4294967295; pass e.g. 1`);
const count = Number(countText), rate = Number(rateText), seed = Number(seedText);

// A 32-bit integer finaliser (lowbias32 by Chris Wellons): a bijective mix, all in Math.imul arithmetic.
function mix(x) {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

// Uniform integers in [0, n) from (seed, record): a Weyl sequence through the mix, scaled without modulo bias beyond 2^-32.
function generator(record) {
  let state = mix(mix(seed ^ 0x4d41534b) ^ record);
  return (n) => {
    state = (state + 0x9e3779b9) >>> 0;
    return Math.floor((mix(state) / 4294967296) * n);
  };
}

function maskWords(text, record) {
  const parts = text.split(/(\s+)/);          // words at even indices, whitespace runs at odd ones
  const words = [];
  parts.forEach((part, i) => { if (i % 2 === 0 && part.length > 0) words.push(i); });
  const masks = Math.min(words.length, Math.max(1, Math.round(rate * words.length)));
  const next = generator(record);
  for (let k = 0; k < masks; k++) {           // partial Fisher-Yates: the first `masks` slots are the sample
    const pick = k + next(words.length - k);
    [words[k], words[pick]] = [words[pick], words[k]];
    parts[words[k]] = "[MASK]";
  }
  return parts.join("");
}

const windows = [];
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim().length === 0) continue;
  const window = JSON.parse(line);
  if (typeof window.id !== "string" || typeof window.text !== "string") fail(`window ${windows.length + 1}: expected {"id", "text"} strings`);
  windows.push(window);
}
if (windows.length === 0) fail("no windows on stdin; feed the output of `maria tokenize --windows 512 --input FILE`");
for (let r = 0; r < count; r++) {
  const window = windows[r % windows.length];
  const id = `${window.id}-m${Math.floor(r / windows.length)}`;
  process.stdout.write(JSON.stringify({ id, text: maskWords(window.text, r) }) + "\n");
}
