/**
 * `tcpconform check FILE [--profile memo|rfc9293] [--reporter text|json] [--spec DIR] [--exact]`
 *
 * Checks the TCP connections in a packet capture against the spec. Exit 0: no violation of the
 * profile's rules; 1: violations; 2: bad usage, or a file that cannot be read as a capture
 * (`FILE: what is wrong`, one line). A file that ends inside its last record is checked up to
 * it, with `FILE: warning: ...` on stderr; the exit status is the findings'. `--exact` judges
 * without the latitude (spec/latitude.yaml), as `run --exact` does: what an allowance accepted
 * is a finding again.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSpec } from '../../generator/index.js';
import { PROFILES } from '../../core/case.js';
import { checkCapture } from '../check/check.js';
import { CaptureError } from '../check/frames.js';
import { checkJson, formatCheck } from '../check/report.js';
import type { Io } from './io.js';
import { DEFAULT_SPEC_DIR } from './paths.js';
import { EXIT, oneOf, UsageError } from './usage.js';
import { parseArgs } from 'node:util';

export function checkCommand(args: string[], io: Io): number {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        profile: { type: 'string' };
        reporter: { type: 'string' };
        spec: { type: 'string' };
        exact: { type: 'boolean' };
      };
      strict: true;
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args,
      options: {
        profile: { type: 'string' },
        reporter: { type: 'string' },
        spec: { type: 'string' },
        exact: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const { values: opts, positionals } = parsed;
  if (positionals.length !== 1)
    throw new UsageError(`check needs one capture file (pcap or pcapng), got ${positionals.length}`);
  const file = positionals[0]!;
  const profile = oneOf(opts.profile, PROFILES, '--profile', 'memo');
  const reporter = oneOf(opts.reporter, ['text', 'json'] as const, '--reporter', 'text');
  // The whole spec drives the model, so every segment is followed; the profile decides what is judged.
  const read = readSpec(opts.spec ? resolve(opts.spec) : DEFAULT_SPEC_DIR);
  // --exact: the spec's one behaviour only, without the latitude RFC 9293 allows (as run --exact),
  // but for the time an answer takes: a capture cannot tell an endpoint's delay from the path's.
  const spec = opts.exact ? { ...read, latitude: read.latitude.filter((a) => a.allows === 'delayed_ack') } : read;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return unreadable(
      io,
      file,
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message,
    );
  }
  let result: ReturnType<typeof checkCapture>;
  try {
    result = checkCapture(bytes, spec, profile);
  } catch (err) {
    if (err instanceof CaptureError) return unreadable(io, file, err.message);
    throw err;
  }
  // A warning goes to stderr as well, so it is seen even when stdout is a JSON file or cut short.
  for (const warning of result.warnings) io.stderr.write(`${file}: warning: ${warning}\n`);
  io.stdout.write(
    `${reporter === 'json' ? JSON.stringify(checkJson(file, result), null, 2) : formatCheck(file, result)}\n`,
  );
  return result.violations > 0 ? EXIT.failures : EXIT.ok;
}

function unreadable(io: Io, file: string, why: string): number {
  io.stderr.write(`${file}: ${why}\n`);
  return EXIT.usage;
}
