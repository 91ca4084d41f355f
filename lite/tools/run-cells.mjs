// Runs cells through the wasm Session in Node, the way the JupyterLite
// worker does, and prints one JSON record per cell: its outputs and reply.
// Usage: node run-cells.mjs PKG_DIR CELLS.json  (CELLS.json: ["code", ...])
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkg, cellsFile] = process.argv.slice(2);
if (!pkg || !cellsFile) {
  console.error('usage: node run-cells.mjs PKG_DIR CELLS.json');
  process.exit(2);
}
const glue = await import(pathToFileURL(resolve(pkg, 'netbook_wasm.js')).href);
glue.initSync({ module: readFileSync(join(pkg, 'netbook_wasm_bg.wasm')) });

const session = new glue.Session();
const records = [];
for (const code of JSON.parse(readFileSync(cellsFile, 'utf8'))) {
  const reply = session.execute(code, false, true);
  const { outputs, ...rest } = reply;
  records.push({ outputs, reply: rest });
}
process.stdout.write(JSON.stringify(records));
