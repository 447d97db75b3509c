#!/usr/bin/env node
// The tcpconform command run from the TypeScript sources through tsx, with no build: what a
// checkout's tests spawn, and what to use while changing the code (`node bin/tcpconform-dev.js run`).
// The package itself runs compiled: dist/bin/tcpconform.js, made by `npm run build`.
import { register } from 'tsx/esm/api';

register();
await import('./tcpconform.ts');
