/**
 * What a fuzz run prints: on success one line with the figures; on a failure the shrunk walk
 * step by step, where the IUT and the model part ways and the field that differs, the
 * exchange as a ladder, and the command that replays the walk.
 */
import { render, t, type Lang, type Text } from '../i18n/text.js';
import { asciiLadder, ladderRows } from '../report/ladder.js';
import { controlKey } from '../../core/segment.js';
import { payloadLength, pickFrom, segmentOf } from './concretize.js';
import type { Offers, SegmentInput } from './offers.js';
import type { FuzzOutcome } from './run.js';
import type { AckRef, FuzzStep, OfferedStep, SegmentFields, SegmentStep, SeqRef } from './steps.js';

export function formatPassed(o: FuzzOutcome, profile: string, lang: Lang): string {
  const rate = o.ms > 0 ? Math.round((o.steps / o.ms) * 1000) : o.steps;
  return render(t('fuzz.passed', { runs: o.runs, steps: o.steps, rate, profile, seed: o.seed }), lang);
}

export function formatFailed(o: FuzzOutcome, replay: string, lang: Lang): string {
  const { walk, result, found, shrinks } = o.failed!;
  const f = result.failure!;
  const say = (x: Text) => render(x, lang);
  const width = String(walk.steps.length).length;
  const lines = [
    say(t('fuzz.failed', { runs: found, shrinks, n: walk.steps.length })),
    `  ${say(t('fuzz.isns', { peer: walk.peerIsn, iut: walk.iutIsn ?? say(t('fuzz.ownIsn')) }))}`,
    ...walk.steps.map(
      (s, i) =>
        `${i === f.index ? '>' : ' '} ${String(i + 1).padStart(width)}. ${say(describeStep(s, result.offered[i]))}`,
    ),
    '',
    `${say(t('where.step', { step: f.index + 1, of: walk.steps.length }))}: ${say(describeStep(walk.steps[f.index]!, result.offered[f.index]))}`,
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
  return lines.join('\n');
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
