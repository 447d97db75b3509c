#!/usr/bin/env node
// The tcpconform command: the compiled CLI (dist/bin/cli.js), which `npm ci` builds (prepare).
// The command stays at this path, so a link to it made by an earlier install or npx still works.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/bin/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('tcpconform: not built yet (dist/ is missing): run `npm ci` or `npm run build` first\n');
  process.exit(2);
}
await import(cli.href);
