#!/usr/bin/env node
// The tcpconform command. The project is TypeScript; tsx runs it without a build step, for
// ES modules and (for a user's CommonJS adapter module) for require as well.
import { register } from 'tsx/esm/api';
import { register as registerCommonJs } from 'tsx/cjs/api';

register();
registerCommonJs();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
