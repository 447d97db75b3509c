#!/usr/bin/env node
// The tcpconform command. The package runs compiled (dist/bin/tcpconform.js); a checkout's tests
// run this file from the sources through tsx.
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
