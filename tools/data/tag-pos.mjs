// Tags the sentences of a corpus split with wink-pos-tagger (Penn Treebank tags) for the part-of-speech probe.
// Usage: node tag-pos.mjs INPUT.jsonl OUTPUT.jsonl COUNT SEED   (COUNT 0 = every sentence; else a seeded choice)
// Output lines: {"id": "<year>-<sentence>", "text", "spans": [[start, end], ...], "tags": [...]}, spans in UTF-16
// code units of "text" (C# string indices), one per tagger word, in order.
import { createRequire } from 'module';
import fs from 'fs';
const require = createRequire(import.meta.url);
const tagger = require('wink-pos-tagger')();
const [input, output, countArg, seedArg] = process.argv.slice(2);
const count = Number(countArg), seed = Number(seedArg);

// Sentences: split after . ! ? followed by whitespace and a capital or quote; 5 to 60 words, no line breaks.
const sentences = [];
for (const line of fs.readFileSync(input, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const record = JSON.parse(line);
  const parts = record.text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=["A-Z])/);
  parts.forEach((text, k) => {
    const words = text.trim().split(' ').length;
    if (words >= 5 && words <= 60) sentences.push({ id: `${record.year}-${k}`, text: text.trim() });
  });
}

// mulberry32: a small seeded generator, so that the same arguments give the same file.
function random(a) {
  return () => { a |= 0; a = (a + 0x6D2B79F5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
let chosen = sentences;
if (count > 0 && count < sentences.length) {
  const next = random(seed);
  const order = sentences.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  chosen = order.slice(0, count).sort((a, b) => a - b).map(i => sentences[i]);
}

let written = 0, dropped = 0;
const lines = [];
for (const sentence of chosen) {
  const words = tagger.tagSentence(sentence.text);
  // Locate every tagger word in the text in order; a word the tagger rewrote drops the sentence.
  const spans = [];
  let at = 0, ok = true;
  for (const word of words) {
    const start = sentence.text.indexOf(word.value, at);
    if (start < 0) { ok = false; break; }
    spans.push([start, start + word.value.length]);
    at = start + word.value.length;
  }
  if (!ok || words.length === 0) { dropped++; continue; }
  lines.push(JSON.stringify({ id: sentence.id, text: sentence.text, spans, tags: words.map(w => w.pos) }));
  written++;
}
fs.writeFileSync(output, lines.join('\n') + '\n');
console.error(`${output}: ${written} sentences (${dropped} dropped: a word the tagger rewrote), from ${sentences.length} in ${input}`);
