#!/usr/bin/env node
// The tcpconform command's entry. The package runs it compiled (bin/tcpconform.js starts
// dist/bin/cli.js); a checkout's tests run it from the sources through tsx (bin/tcpconform-dev.js).
import { exitQuietlyOnClosedPipe } from '../src/cli/closed-pipe.js';
import { main } from '../src/cli/main.js';

exitQuietlyOnClosedPipe();

process.exitCode = await main(process.argv.slice(2));
