/**
 * The suite's notation (core/notation.ts) and the reading of scripts (core/script.ts): what is
 * written reads back as the same value, and a malformed term, segment, event or script is
 * refused saying what was expected and where.
 */
import { expect } from 'chai';
import type { SegmentPattern, SegmentSpec, Step } from '../core/case.js';
import {
  formatApp,
  formatPattern,
  formatSegment,
  formatTerm,
  NotationError,
  parseApp,
  parsePattern,
  parseSegment,
  parseTerm,
} from '../core/notation.js';
import { fixtures, identifications, testCase, toStep, type CaseScript, type SpecFacts } from '../core/script.js';
import * as seq from '../core/seq.js';

const FACTS: SpecFacts = {
  initial: 'CLOSED',
  parameters: { MSS: 1460, MSL: 120000, RTO: 1000 },
  variations: [{ variant: 'linux', parameters: { MSL: 30000 } }],
};

describe('notation (core/notation.ts)', () => {
  describe('terms', () => {
    const cases: [string, { base?: string; k?: number; off: number }][] = [
      ['ISS', { base: 'iss', off: 0 }],
      ['ISS+2', { base: 'iss', off: 2 }],
      ['ISS-1', { base: 'iss', off: seq.SEQ_MAX }],
      ['ISS#2', { base: 'iss#2', off: 0 }],
      ['IRS+65536', { base: 'peer', off: 65536 }],
      ['MSS', { base: 'MSS', off: 0 }],
      ['2*MSL-1', { base: 'MSL', k: 2, off: seq.SEQ_MAX }],
      ['RTO-2', { base: 'RTO', off: seq.SEQ_MAX - 1 }],
      ['RCV.WND', { base: 'RCV.WND', off: 0 }],
      ['1000', { off: 1000 }],
      ['0', { off: 0 }],
      ['4294967295', { off: seq.SEQ_MAX }],
    ];
    for (const [text, term] of cases)
      it(`"${text}" reads as ${JSON.stringify(term)} and is written back the same`, () => {
        expect(parseTerm(text)).to.deep.equal(term);
        expect(formatTerm(term)).to.equal(text);
      });

    it('writes an offset as the shorter way round the sequence space', () => {
      expect(formatTerm({ base: 'iss', off: 2 ** 31 - 1 })).to.equal('ISS+2147483647');
      expect(formatTerm({ base: 'iss', off: 2 ** 31 })).to.equal('ISS-2147483648');
      expect(parseTerm('ISS-2147483648')).to.deep.equal({ base: 'iss', off: 2 ** 31 });
    });

    for (const bad of [
      '',
      'iss+1',
      'ISS +1',
      'ISS+',
      '+1',
      '-1',
      '2*',
      '2*3',
      'ISS+1.5',
      'ISS*2',
      '4294967296',
      'IRS+4294967296',
    ])
      it(`refuses ${JSON.stringify(bad)} with what a term looks like`, () => {
        expect(() => parseTerm(bad)).to.throw(NotationError, /is not a term|more than 2\^32-1/);
      });
  });

  describe('segments', () => {
    const sent: [string, SegmentSpec][] = [
      ['SYN seq=IRS mss=1460', { flags: ['SYN'], seq: { base: 'peer', off: 0 }, mss: 1460, data: '' }],
      [
        'SYN+ACK seq=IRS ack=ISS+1 mss=64',
        { flags: ['SYN', 'ACK'], seq: { base: 'peer', off: 0 }, ack: { base: 'iss', off: 1 }, mss: 64, data: '' },
      ],
      [
        'ACK seq=IRS+1 ack=ISS+1 data="#1:peer-d"',
        { flags: ['ACK'], seq: { base: 'peer', off: 1 }, ack: { base: 'iss', off: 1 }, data: '#1:peer-d' },
      ],
      ['RST seq=1000', { flags: ['RST'], seq: { off: 1000 }, data: '' }],
      ['(none) seq=IRS+1', { flags: [], seq: { base: 'peer', off: 1 }, data: '' }],
    ];
    for (const [text, segment] of sent)
      it(`the tester's "${text}" reads back as written`, () => {
        expect(parseSegment(text)).to.deep.equal(segment);
        expect(formatSegment(segment)).to.equal(text);
      });

    const patterns: [string, SegmentPattern][] = [
      [
        'SYN+ACK seq=ISS ack=IRS+1 mss=MSS',
        {
          flags: ['SYN', 'ACK'],
          seq: { base: 'iss', off: 0 },
          ack: { base: 'peer', off: 1 },
          mss: { base: 'MSS', off: 0 },
          data: '',
        },
      ],
      [
        'ACK seq=ISS+1 ack=IRS+1',
        { flags: ['ACK'], seq: { base: 'iss', off: 1 }, ack: { base: 'peer', off: 1 }, mss: 'absent', data: '' },
      ],
      [
        'PSH+ACK seq=ISS+1 ack=IRS+1 data="a \\"quoted\\" =text\\n"',
        {
          flags: ['PSH', 'ACK'],
          seq: { base: 'iss', off: 1 },
          ack: { base: 'peer', off: 1 },
          mss: 'absent',
          data: 'a "quoted" =text\n',
        },
      ],
    ];
    for (const [text, pattern] of patterns)
      it(`the IUT's "${text}" reads back as written (no mss= means no MSS option)`, () => {
        expect(parsePattern(text)).to.deep.equal(pattern);
        expect(formatPattern(pattern)).to.equal(text);
      });

    it('reads flags in any order as the canonical one', () => {
      expect(parseSegment('ACK+FIN seq=IRS ack=ISS').flags).to.deep.equal(['FIN', 'ACK']);
    });

    const refused: [string, RegExp][] = [
      ['SYNACK seq=IRS', /"SYNACK" is not a flag/],
      ['SYN+SYN seq=IRS', /a flag is written twice/],
      ['ACK ack=ISS', /seq= is missing/],
      ['ACK seq=IRS', /ack= goes with the ACK flag/],
      ['SYN seq=IRS ack=ISS', /ack= goes with the ACK flag/],
      ['SYN seq=IRS mss=MSS', /the tester's mss= is a number/],
      ['SYN seq=IRS win=5', /expected one of seq=, ack=, mss=, data= at "win=5"/],
      ['SYN seq=IRS seq=ISS', /seq= is written twice/],
      ['SYN seq=iss', /"iss" is not a term/],
      ['ACK seq=IRS ack=ISS data=abc', /data is a string in double quotes/],
      ['ACK seq=IRS ack=ISS data="abc"x', /expected a space after data=/],
      ['ACK seq=IRS ack=ISS data="\\q"', /is not a JSON string/],
    ];
    for (const [text, why] of refused)
      it(`refuses "${text}", saying why`, () => {
        expect(() => parseSegment(text)).to.throw(NotationError, why);
      });
  });

  describe('application events', () => {
    it('reads a kind, and data as a JSON string', () => {
      expect(parseApp('eof')).to.deep.equal({ kind: 'eof' });
      expect(parseApp('data "#1:peer-d"')).to.deep.equal({ kind: 'data', data: '#1:peer-d' });
      expect(formatApp({ kind: 'data', data: 'a b' })).to.equal('data "a b"');
      expect(formatApp({ kind: 'no_connection' })).to.equal('no_connection');
    });

    it('refuses an unknown event or trailing text', () => {
      expect(() => parseApp('closed')).to.throw(NotationError, /not an application event: expected one of data, eof/);
      expect(() => parseApp('data "x" y')).to.throw(NotationError, /nothing may follow the data/);
      expect(() => parseApp('data x')).to.throw(NotationError, /double quotes/);
    });
  });
});

describe('scripts (core/script.ts)', () => {
  const connect: Step = {
    kind: 'call',
    call: 'connect',
    transition: 'active-open',
    rules: ['H1'],
    labels: ['MUST-8', 'MUST-14', 'SHLD-5'],
    expect: {
      segments: [{ flags: ['SYN'], seq: { base: 'iss', off: 0 }, mss: { base: 'MSS', off: 0 }, data: '' }],
      app: [],
      state: 'SYN_SENT',
    },
  };
  const synAck: Step = {
    kind: 'inject',
    segment: {
      flags: ['SYN', 'ACK'],
      seq: { base: 'peer', off: 0 },
      ack: { base: 'iss', off: 1 },
      mss: 1460,
      data: '',
    },
    transition: 'syn-sent-syn-ack',
    rules: ['H3'],
    labels: [],
    expect: {
      segments: [
        { flags: ['ACK'], seq: { base: 'iss', off: 1 }, ack: { base: 'peer', off: 1 }, mss: 'absent', data: '' },
      ],
      app: [],
      state: 'ESTABLISHED',
    },
    variations: [{ id: 'linux.x', variant: 'linux', segments: [], app: [{ kind: 'eof' }], state: 'ESTABLISHED' }],
  };
  const wait: Step = {
    kind: 'advance',
    ms: { base: 'MSL', k: 2, off: 0 },
    transition: 'time-wait-expires',
    rules: ['W4.2msl'],
    labels: ['MUST-13'],
    expect: { segments: [], app: [], state: 'CLOSED' },
  };

  it('writes a step as a line of the notation', () => {
    expect(toStep(synAck)).to.deep.equal({
      in: 'SYN+ACK seq=IRS ack=ISS+1 mss=1460',
      out: ['ACK seq=ISS+1 ack=IRS+1'],
      state: 'ESTABLISHED',
      variations: [{ id: 'linux.x', variant: 'linux', out: [], app: ['eof'], state: 'ESTABLISHED' }],
      transition: 'syn-sent-syn-ack',
      rules: ['H3'],
    });
    // Labels are written when the step has some, and read back as [] when left out.
    expect(toStep(wait))
      .to.include({ transition: 'time-wait-expires' })
      .and.to.deep.include({ labels: ['MUST-13'] });
    expect(fixtures({ a: { steps: [toStep(synAck)] } }).a.steps[0]!.labels).to.deep.equal([]);
    expect(toStep({ kind: 'distinct', bases: ['iss', 'iss#2'], transition: 't', rules: [], labels: [] })).to.deep.equal(
      {
        distinct: ['ISS', 'ISS#2'],
        transition: 't',
        rules: [],
      },
    );
  });

  it('builds a fixture on another, and a case on a fixture, back into the TestCase', () => {
    const F = fixtures({
      'client/SYN_SENT': { steps: [toStep(connect)] },
      'client/ESTABLISHED': { from: 'client/SYN_SENT', steps: [toStep(synAck)] },
    });
    expect(F['client/ESTABLISHED'].steps).to.deep.equal([connect, synAck]);
    const I = identifications({
      'memo/CLOSED': { profile: 'memo', state: 'CLOSED', sequences: [[toStep(connect)]], weak: [], none: ['LISTEN'] },
    });
    const script: CaseScript = {
      id: 'x/client',
      profile: 'memo',
      transition: 'time-wait-expires',
      rules: ['W4.2msl'],
      labels: ['MUST-13'],
      rfc: '3.10.7.4',
      source: 'spec/teardown.yaml:1',
      role: 'client',
      peerIsn: 1000,
      needs: ['virtualClock'],
      setup: F['client/ESTABLISHED'],
      steps: [toStep(wait)],
      identify: [{ after: 1, by: I['memo/CLOSED'] }],
    };
    expect(testCase(script, 'a title [x/client]', FACTS)).to.deep.equal({
      id: 'x/client',
      profile: 'memo',
      title: 'a title [x/client]',
      rules: ['W4.2msl'],
      labels: ['MUST-13'],
      rfc: '3.10.7.4',
      transition: 'time-wait-expires',
      source: 'spec/teardown.yaml:1',
      role: 'client',
      peerIsn: 1000,
      focus: 2,
      steps: [connect, synAck, wait],
      identify: [{ profile: 'memo', at: 3, state: 'CLOSED', sequences: [[connect]], weak: [], none: ['LISTEN'] }],
      needs: ['virtualClock'],
      initial: 'CLOSED',
      // The parameters its terms name, the spec's and Linux's values: not RTO, which it never names.
      parameters: { MSS: 1460, MSL: 120000 },
      variantParameters: { linux: { MSL: 30000 } },
    });
  });

  it('refuses a fixture built on one that is not defined, or on itself', () => {
    expect(() => fixtures({ a: { from: 'b' as 'a', steps: [] } })).to.throw(
      NotationError,
      /fixture a builds on b, which is not defined/,
    );
    expect(() => fixtures({ a: { from: 'b', steps: [] }, b: { from: 'a', steps: [] } })).to.throw(
      NotationError,
      /builds on itself/,
    );
  });

  it('names the fixture, identification or case and the step of a malformed line', () => {
    expect(() => fixtures({ f: { steps: [toStep(connect), { ...toStep(synAck), in: 'SYN+ACK seq=IRS' }] } })).to.throw(
      NotationError,
      /^fixture f, step 2: "SYN\+ACK seq=IRS": ack= goes with the ACK flag/,
    );
    expect(() =>
      identifications({
        s: { profile: 'memo', state: 'X', sequences: [[], [{ ...toStep(wait), wait: '2*msl' }]], weak: [], none: [] },
      }),
    ).to.throw(NotationError, /^identification s, sequence 2, step 1: "2\*msl" is not a term/);
    const script = (steps: CaseScript['steps']): CaseScript => ({
      id: 'c',
      profile: 'memo',
      transition: 't',
      rules: [],
      rfc: '1',
      source: 's',
      role: 'none',
      peerIsn: 1,
      needs: [],
      steps,
    });
    expect(() => testCase(script([{ ...toStep(connect), out: ['SYN seq=ISS mss=MSS+'] }]), 'x [c]', FACTS)).to.throw(
      NotationError,
      /^case c, step 1: "MSS\+" is not a term/,
    );
    expect(() => testCase(script([{ distinct: ['ISS', 'MSS'], transition: 't', rules: [] }]), 'x [c]', FACTS)).to.throw(
      NotationError,
      /"MSS" is not a learned ISN/,
    );
  });

  it('refuses a title without the case ID, and an identification after a step the case does not have', () => {
    const script: CaseScript = {
      id: 'c/client',
      profile: 'memo',
      transition: 't',
      rules: [],
      rfc: '1',
      source: 's',
      role: 'client',
      peerIsn: 1,
      needs: [],
      steps: [toStep(connect)],
    };
    expect(() => testCase(script, 'a title', FACTS)).to.throw(NotationError, /must end with \[c\/client\]/);
    const I = identifications({ i: { profile: 'memo', state: 'X', sequences: [], weak: [], none: [] } });
    expect(() => testCase({ ...script, identify: [{ after: 2, by: I.i }] }, 't [c/client]', FACTS)).to.throw(
      NotationError,
      /identification i after step 2 of 1/,
    );
  });
});
