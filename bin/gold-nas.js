#!/usr/bin/env node
// The `gold-nas` executable: a thin shim over the compiled command line (npm run build makes dist/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("gold-nas: dist/cli/main.js is missing; run 'npm run build' in the gold-nas package first\n");
  process.exit(2);
}
const { cliMain } = await import(entry.href);
await cliMain();
