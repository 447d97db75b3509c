/**
 * `tcpconform graph`: the state machine drawn from the spec, as DOT, SVG (Graphviz in
 * WebAssembly) and Mermaid. The spec's text must not be able to break any of them.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { instance } from '@viz-js/viz';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseDocument } from 'yaml';
import { readSpec } from '../generator/index.js';
import { buildGraph, type StateGraph } from '../generator/graph/build.js';
import { quote, toDot } from '../generator/graph/dot.js';
import { toMermaid } from '../generator/graph/mermaid.js';
import type { Transition } from '../core/spec/types.js';
import { CLI, cli } from './helpers/cli.js';
import { planned } from './helpers/plan.js';

/** stdout of a command (in this process) that must succeed quietly. */
async function ok(args: readonly string[]): Promise<string> {
  const r = await cli(args);
  expect(r.stderr, `stderr of tcpconform ${args.join(' ')}`).to.equal('');
  expect(r.status, `exit code of tcpconform ${args.join(' ')}`).to.equal(0);
  return r.stdout;
}

type XmlNode = { [key: string]: unknown };

interface SvgPart {
  readonly title: string;
  /** The visible text lines, in order. */
  readonly texts: readonly string[];
  /** Every xlink:title (tooltip) inside. */
  readonly tooltips: readonly string[];
}

/** Check that `svg` is well-formed XML with an <svg> root, and collect its Graphviz nodes and edges. */
function parseSvg(svg: string): { nodes: SvgPart[]; edges: SvgPart[] } {
  const valid = XMLValidator.validate(svg);
  expect(valid, `SVG is not well-formed: ${JSON.stringify(valid)}`).to.equal(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    htmlEntities: true,
    textNodeName: '#text',
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => ['g', 'a', 'text', 'title'].includes(name),
  }).parse(svg) as XmlNode;
  expect(doc).to.have.property('svg');
  const nodes: SvgPart[] = [];
  const edges: SvgPart[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const el = value as XmlNode;
    const cls = el['@_class'];
    if (cls === 'node' || cls === 'edge') {
      const part = {
        title: textOf((el.title as unknown[])[0]),
        texts: collect(el, 'text').map(textOf),
        tooltips: attrs(el, '@_xlink:title'),
      };
      (cls === 'node' ? nodes : edges).push(part);
      return;
    }
    for (const [k, v] of Object.entries(el)) if (!k.startsWith('@_')) walk(v);
  };
  walk(doc.svg);
  return { nodes, edges };
}

/** An SVG edge's `FROM->TO`, without the compass ports Graphviz puts in its title (`CLOSED:n->CLOSED:n`). */
function ends(edge: SvgPart): string {
  return edge.title.replace(/:(?:n|ne|e|se|s|sw|w|nw|c|_)(?=->|$)/g, '');
}

function textOf(v: unknown): string {
  return typeof v === 'string' ? v : String((v as XmlNode)['#text'] ?? '');
}

function collect(el: unknown, tag: string): unknown[] {
  if (Array.isArray(el)) return el.flatMap((x) => collect(x, tag));
  if (!el || typeof el !== 'object') return [];
  return Object.entries(el as XmlNode).flatMap(([k, v]) =>
    k === tag ? (v as unknown[]) : k.startsWith('@_') ? [] : collect(v, tag),
  );
}

function attrs(el: unknown, name: string): string[] {
  if (Array.isArray(el)) return el.flatMap((x) => attrs(x, name));
  if (!el || typeof el !== 'object') return [];
  return Object.entries(el as XmlNode).flatMap(([k, v]) =>
    k === name ? [String(v)] : k.startsWith('@_') ? [] : attrs(v, name),
  );
}

/** Set one value in a YAML file, keeping the rest of it. */
function setInYaml(file: string, path: readonly (string | number)[], value: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  expect(doc.hasIn(path), `${file} has ${path.join('.')}`).to.equal(true);
  doc.setIn(path, value);
  writeFileSync(file, doc.toString());
}

/** Render DOT with Graphviz and insist on no errors and no warnings. */
async function render(dot: string): Promise<string> {
  const result = (await instance()).render(dot, { format: 'svg' });
  expect(
    result.errors.map((e) => e.message),
    'Graphviz errors and warnings',
  ).to.deep.equal([]);
  expect(result.status).to.equal('success');
  return result.output as string;
}

const { spec } = planned();
const memo = spec.transitions.filter((t) => t.profile === 'memo');
/** The states the memo profile's transitions reach, and the initial state. */
const memoStates = [...new Set([spec.initial, ...memo.flatMap((t) => [t.from, t.to])])].sort();

/** How a transition's line of an edge label starts: `rcv SYN`, `connect()`, `time_wait timer`. */
function inputOf(t: Transition): string {
  switch (t.input.kind) {
    case 'call':
      return `${t.input.call}()`;
    case 'segment':
      return `rcv ${t.input.ctl.join('+')}`;
    case 'timer':
      return `${t.input.timer} timer`;
  }
}

/** The label line of an edge that draws transition t: its input first, its rule IDs in brackets at the end. */
function lineFor(lines: readonly string[], t: Transition): string | undefined {
  return lines.find((l) => {
    const rules = /\[([^\]]*)\]$/.exec(l)?.[1]?.split(' ') ?? [];
    return l.startsWith(`${inputOf(t)} `) && t.rules.every((r) => rules.includes(r));
  });
}

describe('tcpconform graph', function () {
  it("docs/state-machine.svg (the README's picture) is what `graph --format svg` draws now", () => {
    const r = spawnSync(process.execPath, [CLI, 'graph', '--format', 'svg'], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout, 'regenerate with: npx tcpconform graph --format svg --output docs/state-machine.svg').to.equal(
      readFileSync(join('docs', 'state-machine.svg'), 'utf8'),
    );
  });

  this.timeout(60_000);
  let svg = '';
  before(async () => {
    svg = await ok(['graph', '--format', 'svg']);
  });

  it('the memo profile has the states of the RFC figure that the memo covers', () => {
    expect(memoStates).to.include.members(['CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RCVD', 'ESTABLISHED', 'TIME_WAIT']);
    expect(memoStates.length).to.be.at.least(10);
  });

  it('--format svg prints SVG with a node for every state the memo profile reaches, and no other', () => {
    expect(svg).to.match(/^<\?xml [^\n]*\?>\n/);
    const { nodes } = parseSvg(svg);
    expect(nodes.map((n) => n.title).sort()).to.deep.equal(memoStates);
    expect(svg).to.include(`<g id="node1" class="node">\n<title>${spec.initial}</title>`);
  });

  it("every memo transition is on its edge's label, with its input and all its rule IDs", () => {
    const { edges } = parseSvg(svg);
    for (const t of memo) {
      const edge = edges.find((e) => ends(e) === `${t.from}->${t.to}`);
      expect(edge, `edge ${t.from} -> ${t.to}`).to.not.equal(undefined);
      expect(
        lineFor(edge!.texts, t),
        `label of ${t.from} -> ${t.to} (${edge!.texts.join(' | ')}) for ${t.id} [${t.rules.join(' ')}]`,
      ).to.be.a('string');
      expect(edge!.tooltips.join('\n')).to.include(`${t.id}: ${t.title}`);
    }
    // One edge per pair of states: transitions between the same states share it.
    expect(edges.length).to.equal(new Set(memo.map((t) => `${t.from}->${t.to}`)).size);
  });

  it('labels read like the RFC figure: input / output [rules]', async () => {
    const dot = await ok(['graph']);
    const lines = [...dot.matchAll(/label="([^"]*)"/g)].flatMap((m) => m[1]!.split('\\n'));
    const active = memo.find((t) => t.from === spec.initial && t.input.kind === 'call' && t.input.call === 'connect');
    if (active) expect(lines).to.include(`connect() / snd SYN [${active.rules.join(' ')}]`);
    const expire = memo.find((t) => t.input.kind === 'timer');
    if (expire) expect(lines).to.include(`${inputOf(expire)} [${expire.rules.join(' ')}]`);
    // Nothing sent: no " / ".
    for (const t of memo.filter((x) => !x.actions.some((a) => a.kind === 'send'))) {
      const edge = [...dot.matchAll(/^ {2}"([^"]*)"(?::n)? -> "([^"]*)"(?::n)? \[label="([^"]*)"/gm)].find(
        (m) => m[1] === t.from && m[2] === t.to,
      );
      expect(lineFor(edge![3]!.split('\\n'), t)).to.match(/^[^/]*\[/);
    }
  });

  it('the DOT is laid out top to bottom, marks the initial state, and Graphviz renders it without a warning', async () => {
    for (const profile of ['memo', 'rfc9293']) {
      const dot = await ok(['graph', '--profile', profile]);
      expect(dot).to.match(/^\/\/ [^\n]*\ndigraph "tcp-[a-z0-9]+" \{\n {2}graph \[rankdir=TB,/);
      expect(dot).to.match(new RegExp(`^ {2}"${spec.initial}" \\[[^\\n]*peripheries=2[^\\n]*bold`, 'm'));
      const { nodes } = parseSvg(await render(dot));
      expect(nodes.map((n) => n.title)).to.include(spec.initial);
    }
  });

  it('--profile rfc9293 draws every transition of the spec', async () => {
    const { nodes, edges } = parseSvg(await ok(['graph', '--profile', 'rfc9293', '--format', 'svg']));
    const states = new Set([spec.initial, ...spec.transitions.flatMap((t) => [t.from, t.to])]);
    expect(nodes.map((n) => n.title).sort()).to.deep.equal([...states].sort());
    for (const t of spec.transitions) {
      const edge = edges.find((e) => ends(e) === `${t.from}->${t.to}`);
      expect(edge && lineFor(edge.texts, t), `${t.id} on the rfc9293 graph`).to.be.a('string');
    }
  });

  it('is deterministic: the same spec gives the same bytes', async () => {
    expect(await ok(['graph'])).to.equal(await ok(['graph']));
    expect(await ok(['graph', '--format', 'svg'])).to.equal(svg);
    expect(await ok(['graph', '--format', 'mermaid'])).to.equal(await ok(['graph', '--format', 'mermaid']));
  });

  it('--format mermaid prints a state diagram with one line per edge', async () => {
    const text = await ok(['graph', '--format', 'mermaid']);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).to.equal('stateDiagram-v2');
    const edges = lines.filter((l) => / --> /.test(l) && !l.includes('[*]'));
    const graph = buildGraph(spec, 'memo');
    expect(edges).to.have.length(graph.edges.length);
    expect(lines).to.include(`    [*] --> s_${spec.initial}`);
    for (const t of memo) {
      const line = edges.find((l) => l.startsWith(`    s_${t.from} --> s_${t.to} : `));
      expect(line, `${t.from} --> ${t.to}`).to.be.a('string');
      expect(lineFor(line!.slice(line!.indexOf(' : ') + 3).split('<br/>'), t), `${t.id} in ${line}`).to.be.a('string');
    }
  });

  it('--output FILE writes the file and prints one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpconform-graph-'));
    try {
      for (const [format, file] of [
        ['svg', 'out/machine.svg'],
        ['dot', 'machine.dot'],
        ['mermaid', 'machine.mmd'],
      ] as const) {
        const out = join(dir, file);
        const printed = await ok(['graph', '--format', format, '--output', out]);
        expect(printed).to.match(new RegExp(`^wrote \\S*${file.replace('.', '\\.')} \\(${format}\\): [^\\n]*\\n$`));
        expect(readFileSync(out, 'utf8')).to.equal(await ok(['graph', '--format', format]));
      }
      // Without --format, an .svg file gets SVG.
      await ok(['graph', '--output', join(dir, 'guess.svg')]);
      expect(readFileSync(join(dir, 'guess.svg'), 'utf8')).to.equal(svg);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [args, message] of [
    [['graph', '--format', 'png'], /^tcpconform: --format must be one of dot, svg, mermaid; got "png"\n$/],
    [['graph', '--profile', 'full'], /^tcpconform: --profile must be one of memo, rfc9293; got "full"\n$/],
    [['graph', '--bogus'], /^tcpconform: Unknown option '--bogus'.*\n$/],
    [['graph', 'extra'], /^tcpconform: Unexpected argument 'extra'.*\n$/],
    [['graph', '--output'], /^tcpconform: Option '--output <value>' argument missing\n$/],
    [['graph', '--spec', 'no/such/dir'], /^.*no\/such\/dir: spec directory not found\n$/],
  ] as const) {
    it(`bad usage \`${args.join(' ')}\` exits 2 with one line`, async () => {
      const r = await cli(args);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(message);
      expect(r.stdout).to.equal('');
    });
  }

  describe('text from the spec cannot break the output', () => {
    let dir = '';
    const title = 'says "hi" \\ to ] the } world; a & b <c> &amp; \\N %% end\nsecond line\\';
    const description = 'No "connection" \\ exists ] ';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'tcpconform-graph-spec-'));
      cpSync('spec', dir, { recursive: true });
      const victim = memo.find((t) => t.from === spec.initial)!;
      setInYaml(join(dir, basename(victim.loc.file.name)), [...victim.loc.path, 'title'], title);
      const initial = spec.states.find((s) => s.name === spec.initial)!;
      setInYaml(join(dir, basename(initial.loc.file.name)), [...initial.loc.path, 'description'], description);
      // The copy is a valid spec that really holds the hostile text.
      const copy = readSpec(dir);
      expect(copy.transitions.map((t) => t.title)).to.include(title);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('DOT stays one statement per line and Graphviz renders it; the SVG shows the text exactly', async () => {
      const dot = await ok(['graph', '--spec', dir]);
      expect(dot.split('\n').length).to.equal((await ok(['graph'])).split('\n').length);
      const fromCli = await ok(['graph', '--spec', dir, '--format', 'svg']);
      expect(await render(dot)).to.equal(fromCli);
      const { nodes, edges } = parseSvg(fromCli);
      expect(nodes.map((n) => n.title).sort()).to.deep.equal(memoStates);
      expect(edges.flatMap((e) => e.tooltips)).to.include(`${memo.find((t) => t.from === spec.initial)!.id}: ${title}`);
      expect(nodes.flatMap((n) => n.tooltips)).to.include(`${spec.initial}: ${description}`);
    });

    it('mermaid output is unchanged by titles (they are not drawn there)', async () => {
      expect(await ok(['graph', '--spec', dir, '--format', 'mermaid'])).to.equal(
        await ok(['graph', '--format', 'mermaid']),
      );
    });
  });

  describe('names and labels that the spec format does not allow today', () => {
    // The renderers must not rely on the schema's name rules.
    const names = ['A"B', 'C\\D', 'E]F;G', 'end', 'H\nI', 'J & K #35;'];
    const hostile: StateGraph = {
      profile: 'memo',
      initial: names[0]!,
      transitions: names.length,
      nodes: names.map((name, i) => ({ name, description: `d"${i}\\`, initial: i === 0 })),
      edges: names.map((from, i) => ({
        from,
        to: names[(i + 1) % names.length]!,
        lines: [
          {
            input: `in"${i}\\`,
            output: i % 2 ? '' : 'snd <b>x</b>; y: z',
            rules: [`R${i}]`],
            transitions: [{ id: `t${i}`, title: `"${i}"\n\\` }],
          },
        ],
      })),
    };

    it('quote() escapes for DOT', () => {
      expect(quote('a"b\\c\nd&e')).to.equal('"a\\"b\\\\c\\nd&amp;e"');
      expect(quote('ends with \\')).to.equal('"ends with \\\\"');
    });

    it('DOT renders with every state as a node (titled by its ID: the name with \\ and newlines escaped)', async () => {
      const dot = toDot(hostile);
      const { nodes, edges } = parseSvg(await render(dot));
      expect(nodes.map((n) => n.title).sort()).to.deep.equal(
        names.map((n) => n.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')).sort(),
      );
      expect(edges).to.have.length(names.length);
      expect(edges.flatMap((e) => e.texts)).to.include('in"0\\ / snd <b>x</b>; y: z [R0]]');
    });

    it('Mermaid lines hold no raw quote, colon, semicolon, hash or newline in text', () => {
      const lines = toMermaid(hostile).trimEnd().split('\n');
      expect(lines.filter((l) => / --> /.test(l) && !l.includes('[*]'))).to.have.length(names.length);
      for (const l of lines.filter((x) => x.startsWith('    state ')))
        expect(l).to.match(/^ {4}state "[^"\n]*" as s_\w+$/);
      for (const l of lines.filter((x) => / --> /.test(x) && !x.includes('[*]'))) {
        const [head, label] = [l.slice(0, l.indexOf(' : ')), l.slice(l.indexOf(' : ') + 3)];
        expect(head).to.match(/^ {4}s_\w+ --> s_\w+$/);
        expect(label.replace(/#(quot|\d+);/g, '')).to.not.match(/["#:;\n]/);
      }
      const ids = lines.filter((x) => x.startsWith('    state ')).map((x) => x.split(' as ')[1]);
      expect(new Set(ids).size).to.equal(names.length);
    });
  });
});
