/**
 * `tcpconform graph [--spec DIR] [--profile memo|rfc9293] [--format dot|svg|mermaid] [--output FILE]`
 *
 * Draws the spec's connection state machine (the diagram of RFC 9293 §3.3.2): DOT and Mermaid
 * text, or SVG rendered from the DOT by Graphviz in WebAssembly.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { readSpec } from '../../generator/index.js';
import { buildGraph } from '../../generator/graph/build.js';
import { toDot } from '../../generator/graph/dot.js';
import { toMermaid } from '../../generator/graph/mermaid.js';
import { dotToSvg } from '../../generator/graph/svg.js';
import { PROFILES } from '../../core/case.js';
import type { Io } from './io.js';
import { DEFAULT_SPEC_DIR, shown } from './paths.js';
import { EXIT, UsageError, oneOf, parse } from './usage.js';

const FORMATS = ['dot', 'svg', 'mermaid'] as const;
type Format = (typeof FORMATS)[number];

/** Without --format, an --output FILE ending in .svg or .mmd gets that format; anything else gets DOT. */
const FORMAT_OF_EXTENSION: Readonly<Record<string, Format>> = {
  '.svg': 'svg',
  '.mmd': 'mermaid',
  '.mermaid': 'mermaid',
};

export async function graphCommand(args: string[], io: Io): Promise<number> {
  const opts = parse(args, {
    spec: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
  });
  const profile = oneOf(opts.profile, PROFILES, '--profile', 'memo');
  const fallback = (opts.output !== undefined && FORMAT_OF_EXTENSION[extname(opts.output).toLowerCase()]) || 'dot';
  const format = oneOf(opts.format, FORMATS, '--format', fallback);
  if (opts.output === '') throw new UsageError('--output needs a file name');
  const specDir = opts.spec ? resolve(opts.spec) : DEFAULT_SPEC_DIR;

  const graph = buildGraph(readSpec(specDir), profile);
  const dot = toDot(graph);
  const text = format === 'dot' ? dot : format === 'mermaid' ? toMermaid(graph) : await dotToSvg(dot);

  if (opts.output === undefined) {
    io.stdout.write(text);
    return EXIT.ok;
  }
  const file = resolve(opts.output);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (err) {
    throw new UsageError(`cannot write ${shown(file)}: ${(err as Error).message.split('\n')[0]}`);
  }
  io.stdout.write(
    `wrote ${shown(file)} (${format}): the ${profile} profile's state machine, ${graph.nodes.length} states and ${graph.transitions} transitions on ${graph.edges.length} edges\n`,
  );
  return EXIT.ok;
}
