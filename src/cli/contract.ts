/**
 * `tcpconform contract [--profile memo|rfc9293] [--format markdown|json] [--lang en|zh] [--spec DIR] [--output FILE]`
 *
 * The contract an implementation is held to, generated from the spec (generator/contract/):
 * docs/contract.md is this command's Markdown for the rfc9293 profile, the whole machine, which
 * is the default. What only the runtime knows (the parameters the judge reads, what each
 * capability enables) is passed in from here.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROFILES } from '../../core/case.js';
import { contractMarkdown } from '../../generator/contract/markdown.js';
import { contractOf, type RuntimeFacts } from '../../generator/contract/model.js';
import { readSpec } from '../../generator/index.js';
import { CAPABILITY_MEANINGS } from '../capabilities.js';
import type { MessageKey } from '../i18n/catalog.js';
import { type Lang, LANGS, render, t } from '../i18n/text.js';
import { TOOL_PARAMETERS } from '../params.js';
import type { Io } from './io.js';
import { DEFAULT_SPEC_DIR } from './paths.js';
import { EXIT, oneOf, parse } from './usage.js';

export const CONTRACT_HELP = `tcpconform contract [--profile memo|rfc9293] [--format markdown|json] [--lang en|zh] [--spec DIR] [--output FILE]
    what an implementation is held to, generated from the spec: every parameter with its
    default and meaning, what each call answers in each state, what the application is told,
    what each timer does and when the connection gives up, the latitude and the recorded
    variations, what each adapter capability enables; each entry with its transitions, rules,
    RFC 9293 labels and section, and spec line (profile rfc9293 by default;
    docs/contract.md is its Markdown; --lang zh: the contract's own words and the rules
    in Chinese, the spec's descriptions and notes as the spec writes them, in English)
`;

/** What only the runtime knows, in the contract's language. */
function runtimeFacts(lang: Lang): RuntimeFacts {
  const say = (k: MessageKey) => render(t(k), lang);
  return {
    toolParameters: Object.entries(TOOL_PARAMETERS).map(([name, description]) => ({ name, description })),
    capabilities: CAPABILITY_MEANINGS.map((c) => ({
      name: c.name,
      wire: c.wire,
      enables: say(c.enables),
      without:
        c.pending.length > 0
          ? c.pending.map(say).join(lang === 'zh' ? '；或' : '; or ')
          : say('capability.noTestNeeds'),
    })),
    protocol: say('contract.protocol'),
  };
}

export async function contractCommand(args: string[], io: Io): Promise<number> {
  const opts = parse(args, {
    spec: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    lang: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (opts.help) {
    io.stdout.write(CONTRACT_HELP);
    return EXIT.ok;
  }
  const profile = oneOf(opts.profile, PROFILES, '--profile', PROFILES.at(-1)!);
  const format = oneOf(opts.format, ['markdown', 'json'] as const, '--format', 'markdown');
  const lang = oneOf(opts.lang, LANGS, '--lang', 'en');
  const spec = readSpec(opts.spec ? resolve(opts.spec) : DEFAULT_SPEC_DIR);
  const contract = contractOf(spec, profile, runtimeFacts(lang), lang);
  const text = format === 'json' ? `${JSON.stringify(contract, null, 2)}\n` : contractMarkdown(contract);
  if (opts.output === undefined) io.stdout.write(text);
  else {
    writeFileSync(opts.output, text);
    io.stdout.write(
      `wrote ${opts.output}: the ${profile} contract, ${contract.calls.reduce((n, c) => n + c.answers.length, 0)} call answers, ${contract.timers.length} timers, ${contract.latitude.length} allowances\n`,
    );
  }
  return EXIT.ok;
}
