/**
 * What a fuzz run prints: on success one line with the figures; on a failure the shrunk walk
 * step by step, where the IUT and the model part ways and the field that differs, the
 * exchange as a ladder, and the command that replays the walk.
 */
import { render, t, type Lang, type Text } from '../i18n/text.js';
import { asciiLadder, ladderRows } from '../report/ladder.js';
import { controlKey, segLen } from '../../core/segment.js';
import { payloadLength, pickFrom, segmentOf, timerOf } from './concretize.js';
import type { Offers, SegmentInput } from './offers.js';
import type { CampaignOutcome, Group } from './run.js';
import type { FuzzBlame } from './blame.js';
import type { WalkResult } from './walk.js';
import type { AckRef, FuzzStep, OfferedStep, SegmentFields, SegmentStep, SeqRef, Walk } from './steps.js';

export function formatPassed(o: CampaignOutcome, profile: string, lang: Lang): string {
  const rate = o.ms > 0 ? Math.round((o.steps / o.ms) * 1000) : o.steps;
  return render(t('fuzz.passed', { runs: o.runs, steps: o.steps, rate, profile, seed: o.seed }), lang);
}

/**
 * The failures, one block per group. `keepGoing`: the campaign ran its budget past failures
 * (a header counts walks and groups); else it ended at its one failure. `replay`: the command
 * that replays a group's walk.
 */
export function formatFailed(
  o: CampaignOutcome,
  profile: string,
  keepGoing: boolean,
  replay: (g: Group) => string,
  lang: Lang,
): string {
  const say = (x: Text) => render(x, lang);
  const blocks = o.groups.map((g, i) =>
    formatGroup(
      g,
      keepGoing
        ? say(
            t('fuzz.group', {
              i: i + 1,
              of: o.groups.length,
              count: g.count,
              runs: o.runs,
              first: g.first + 1,
              signature: g.signature,
            }),
          )
        : undefined,
      replay(g),
      lang,
    ),
  );
  const head = keepGoing
    ? [
        say(t('fuzz.groups', { runs: o.runs, failed: o.failedWalks, groups: o.groups.length, profile, seed: o.seed })),
        '',
      ]
    : [];
  return [...head, ...blocks.flatMap((b, i) => (i === 0 ? b : ['', ...b]))].join('\n');
}

function formatGroup(g: Group, header: string | undefined, replay: string, lang: Lang): string[] {
  const { walk, result } = g;
  const f = result.failure!;
  const say = (x: Text) => render(x, lang);
  const printed = printedSteps(walk, result);
  const width = String(printed.length).length;
  const failing = printed.findIndex((p) => p.index === f.index);
  const shrunk = g.reproduced
    ? t('fuzz.shrunk', { shrinks: g.shrinks, n: printed.length })
    : t('fuzz.notReproduced', { n: printed.length });
  const lines = [
    header ?? say(t('fuzz.failed', { runs: g.first + 1, shrinks: g.shrinks, n: printed.length })),
    `  ${say(blameText(f.blame))}`,
    ...(header ? [`  ${say(shrunk)}`] : []),
    `  ${say(t('fuzz.isns', { peer: walk.peerIsn, iut: walk.iutIsn ?? say(t('fuzz.ownIsn')) }))}`,
    ...printed.map((p, i) => `${p.index === f.index ? '>' : ' '} ${String(i + 1).padStart(width)}. ${say(p.text)}`),
    '',
    `${say(t('where.step', { step: failing + 1, of: printed.length }))}: ${say(printed[failing]?.text ?? t('fuzz.afterWalk'))}`,
    `  ${say(f.message)}`,
    ...(f.expected !== undefined
      ? [`    ${say(t('report.expected'))}: ${f.expected}`, `    ${say(t('report.got'))}: ${f.got ?? ''}`]
      : []),
    '',
    ...asciiLadder(
      ladderRows({ transcript: result.transcript, bindings: result.bindings, failure: f.message }, lang),
      lang,
    )
      .split('\n')
      .map((l) => `  ${l}`),
    ...(result.log && result.log.length > 0
      ? ['', `  ${say(t('report.stderr'))}`, ...result.log.slice(-10).map((l) => `  > ${l}`)]
      : []),
    '',
    say(t('fuzz.replay', { command: replay })),
  ];
  return lines;
}

/** The rules and labels a failure breaks, its transition and state: "rules H4; labels MUST-65 (MUST: a violation); established-data in ESTABLISHED, RFC 9293 §3.10.7.4". */
export function blameText(b: FuzzBlame): Text {
  return t('fuzz.blame', {
    rules: b.rules.length > 0 ? b.rules.join(' ') : '-',
    labels: b.labels.length > 0 ? b.labels.join(' ') : '-',
    verdict: t(b.kind === 'violation' ? 'fuzz.kind.violation' : 'fuzz.kind.warning', { level: b.level ?? '-' }),
    where:
      b.transitions.length > 0
        ? t('fuzz.where', { transitions: b.transitions.join(', '), state: b.state, rfc: b.rfc.join(', §') })
        : t('fuzz.nothingDue', { state: b.state }),
    field: b.field,
  });
}

/** A step as printed: what it sent, and its index in the walk. */
export interface PrintedStep {
  readonly index: number;
  readonly text: Text;
}

/**
 * The steps that sent something to the IUT, each as what it sent: a step the profile had no
 * answer to is left out, and a reordered pair of which one was refused reads as the one sent.
 */
export function printedSteps(walk: Walk, result: WalkResult): PrintedStep[] {
  return walk.steps.flatMap((s, index) => {
    const sent = result.sent[index] ?? [];
    if (sent.length === 0) return [];
    const offers = result.offered[index];
    if (s.kind === 'reorder' && sent.length === 1) {
      // Made as [second, first]: the one sent reads as a segment of its own.
      if (sent[0] === 1) return [{ index, text: t('fuzz.step.segment', { seg: segmentText(s.first, offers) }) }];
      const first = result.made[index]![1]!;
      const end: SegmentStep = {
        ...s.second,
        seq: {
          rel: s.first.seq.rel,
          delta: s.first.seq.delta + (first.kind === 'deliver' ? segLen(first.segment) : 0) + s.second.seq.delta,
        },
      };
      return [{ index, text: t('fuzz.step.segment', { seg: segmentText(end, offers) }) }];
    }
    if (s.kind === 'timer') {
      const timer = timerOf(s, result.pending[index] ?? []);
      const input = result.made[index]![0]!;
      return [
        {
          index,
          text: t('fuzz.step.edge', {
            edge: s.edge,
            timer: timer?.timer ?? '',
            ms: input.kind === 'advance' ? input.ms : 0,
          }),
        },
      ];
    }
    return [{ index, text: describeStep(s, offers) }];
  });
}

/** `offers`: what the profile offered when the step ran, so that a pick reads as what it picked. */
export function describeStep(s: FuzzStep, offers?: Offers): Text {
  switch (s.kind) {
    case 'call':
      return t('step.call', { call: s.call, octets: '' });
    case 'offered':
      return offers ? describeOffered(s, offers) : t('fuzz.step.offered', { n: s.pick + 1, seg: fieldsText(s, true) });
    case 'send':
      return t('step.call', { call: 'send', octets: s.len });
    case 'segment':
      return t('fuzz.step.segment', { seg: segmentText(s, offers) });
    case 'duplicate':
      return t('fuzz.step.duplicate', { back: s.back });
    case 'reorder':
      return t('fuzz.step.reorder', {
        first: segmentText(s.first, offers),
        second: segmentText(s.second, offers, 'END'),
      });
    case 'advance':
      return t('fuzz.step.advance', { ms: s.base === 'ms' ? Math.max(0, s.delta) : offset(s.base, s.delta) });
    case 'timer':
      return t('fuzz.step.edge', { edge: s.edge, timer: `#${s.which + 1}`, ms: '?' });
  }
}

/**
 * A step's segment in the IUT's terms (flags picked among the profile's, or given ones): SN from RCV.NXT (what the IUT last acknowledged) or
 * IRS (the tester's ISN); AN from SND.NXT (the IUT's next SN) or ISS. END: the end of the
 * segment this one follows.
 */
function segmentText(s: SegmentStep, offers: Offers | undefined, peerNext = 'RCV.NXT'): Text {
  if (!('pick' in s.flags))
    return t('fuzz.segment', {
      flags: controlKey(s.flags),
      fields: fieldsText(s, s.flags.includes('ACK'), undefined, peerNext),
    });
  const n = s.flags.pick + 1;
  if (!offers)
    return t('fuzz.segment', { flags: t('fuzz.flags.pick', { n }), fields: fieldsText(s, true, undefined, peerNext) });
  const offer = segmentOf(s, offers);
  if (!offer) return t('fuzz.noOffer', { n, state: offers.state });
  return t('fuzz.picked', { what: offeredSegmentText(s, offer, peerNext), n, state: offers.state });
}

const offeredSegmentText = (s: SegmentFields, offer: SegmentInput, peerNext?: string) =>
  t('fuzz.segment', {
    flags: controlKey(offer.segment),
    fields: fieldsText(s, offer.segment.includes('ACK'), offer.data, peerNext),
  });

function describeOffered(s: OfferedStep, offers: Offers): Text {
  const n = s.pick + 1;
  const offer = pickFrom(offers.inputs, s.pick);
  if (!offer) return t('fuzz.noOffer', { n, state: offers.state });
  const what =
    'segment' in offer
      ? t('fuzz.step.segment', { seg: offeredSegmentText(s, offer) })
      : 'call' in offer
        ? t('step.call', { call: offer.call, octets: offer.call === 'send' ? Math.max(1, s.len) : '' })
        : t('fuzz.step.timer', { timer: offer.timer });
  return t('fuzz.picked', { what, n, state: offers.state });
}

/** `data`: the segment was picked for a transition that asks for data (true) or for none (false). */
function fieldsText(s: SegmentFields, withAck: boolean, data?: boolean, peerNext = 'RCV.NXT'): string {
  const parts = [`SN=${seqNotation(s.seq, peerNext)}`];
  if (withAck) parts.push(`AN=${ackNotation(s.ack)}`);
  if (s.mss !== undefined) parts.push(`MSS=${s.mss}`);
  parts.push(`len=${payloadLength(s.len, data)}`);
  return parts.join(' ');
}

const seqNotation = (r: SeqRef, peerNext: string) => offset(r.rel === 'peerNext' ? peerNext : 'IRS', r.delta);
const ackNotation = (r: AckRef) => offset(r.rel === 'iutNext' ? 'SND.NXT' : 'ISS', r.delta);
const offset = (base: string, d: number) => (d === 0 ? base : `${base}${d > 0 ? '+' : ''}${d}`);
