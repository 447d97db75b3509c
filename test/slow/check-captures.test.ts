/**
 * `tcpconform check` on captures of real connections made by this test on this machine
 * (tcpdump on loopback, Node's net module on both ends, Linux's TCP in between), and on copies
 * edited to break a rule. (Files that are not captures: test/check.test.ts.)
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tcpconform } from '../helpers/cli.js';
import { planFirst, planned } from '../helpers/plan.js';
import {
  bigEndian,
  captureUnavailable,
  dropFrame,
  records,
  editTcp,
  freePort,
  pingPong,
  relink,
  startTcpdump,
  stopTcpdump,
} from '../helpers/capture.js';
import { checkCapture, checkJson, decodePackets, readCapture, type Packet } from '../../src/index.js';
import { GRACE_MS } from '../../src/check/checker.js';

interface Report {
  readonly violations: number;
  readonly frames: number;
  readonly connections: readonly {
    readonly frames: [number, number];
    readonly endpoints: readonly {
      readonly role: string;
      readonly passed: string[];
      readonly violations: readonly { frame: number; rules: string[]; differences: string[] }[];
      readonly accepted: readonly unknown[];
    }[];
  }[];
}

const CLIENT_RULES = ['H1', 'H1.mss', 'H3', 'W1', 'W2.ack', 'W4'];
const SERVER_RULES = ['H2', 'H2.mss', 'H4', 'W2', 'W3', 'W5'];

function noStack(stderr: string): void {
  expect(stderr).not.to.match(/^\s+at /m);
}

const unavailable = captureUnavailable();

describe(`tcpconform check on real captures${unavailable ? ` (pending: ${unavailable})` : ''}`, function () {
  this.timeout(120_000);
  planFirst();
  let dir: string;
  let pcap: Uint8Array;
  const file = (name: string, bytes?: Uint8Array) => {
    const path = join(dir, name);
    if (bytes) writeFileSync(path, bytes);
    return path;
  };
  const json = (path: string, args: string[] = []) => {
    const r = tcpconform(['check', path, '--reporter', 'json', ...args]);
    noStack(r.stderr);
    return { status: r.status, report: JSON.parse(r.stdout) as Report };
  };

  before(async () => {
    if (unavailable) return;
    dir = mkdtempSync(join(tmpdir(), 'tcpconform-check-test-'));
    const port = await freePort();
    // The same two connections seen three ways: on lo (Ethernet), on "any" (Linux cooked v2, and v1).
    const dumps = await Promise.all([
      startTcpdump(file('lo.pcap'), port),
      startTcpdump(file('sll2.pcap'), port, ['-i', 'any']),
      startTcpdump(file('sll.pcap'), port, ['-i', 'any', '-y', 'LINUX_SLL']),
    ]);
    try {
      await pingPong(port);
      // The second connection comes after GRACE_MS, so the capture goes on past the first one's answers.
      await new Promise((r) => setTimeout(r, GRACE_MS + 300));
      await pingPong(port);
    } finally {
      await Promise.all(dumps.map(stopTcpdump));
    }
    pcap = readFileSync(file('lo.pcap'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));
  beforeEach(function () {
    if (unavailable) this.skip();
  });

  it('reports the handshake and teardown rules each end passed, and exits 0', () => {
    const { status, report } = json(file('lo.pcap'));
    expect(report.violations).to.equal(0);
    expect(report.connections).to.have.length(2);
    for (const c of report.connections) {
      const [client, server] = c.endpoints;
      expect(client!.passed).to.include.members(CLIENT_RULES);
      expect(server!.passed).to.include.members(SERVER_RULES);
    }
    expect(status).to.equal(0);
    const text = tcpconform(['check', file('lo.pcap')]);
    expect(text.status).to.equal(0);
    expect(text.stdout).to.match(/client 127\.0\.0\.1:\d+, from CLOSED: passed H1 H1\.mss H3 .*W1 .*W2\.ack .*W4/);
    expect(text.stdout).to.match(/server 127\.0\.0\.1:\d+, from LISTEN: passed H2 H2\.mss .*H4 W2 W3 W5/);
    expect(text.stdout).to.match(/\|-- 1: SYN SN=ISNc\+0 \(\d+\) MSS=65495 len=0 -+>\|/);
    expect(text.stdout).to.match(/2 connections, 0 violations of the memo profile's rules/);
  });

  it('reads the same connections from other link layers, byte orders, nanosecond pcap and pcapng', function () {
    const expected = json(file('lo.pcap')).report.connections.map((c) => c.endpoints.map((e) => e.passed));
    // tcpdump on "any" sometimes loses a frame here (its ring buffer, under load), so the real
    // cooked captures are checked frame by frame against lo's; the rules are compared on lo's
    // frames under cooked headers (loopback ARPHRD 772, IPv4).
    const key = (p: Packet) =>
      `${p.src}:${p.segment.srcPort}>${p.dst}:${p.segment.dstPort} ${p.segment.seq} ${p.segment.ack} ${p.segment.flags.join('+')} ${p.segment.payload.length}`;
    const onLo = new Set(decodePackets(readCapture(pcap).frames).packets.map(key));
    for (const name of ['sll2.pcap', 'sll.pcap']) {
      const d = decodePackets(readCapture(readFileSync(file(name))).frames);
      expect([...d.skipped], name).to.deep.equal([]);
      expect(d.packets.length, name).to.be.greaterThan(onLo.size / 2);
      for (const p of d.packets) expect(onLo.has(key(p)), `${name}: ${key(p)}`).to.equal(true);
    }
    const sll = Uint8Array.of(0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0);
    const sll2 = Uint8Array.of(8, 0, 0, 0, 0, 0, 0, 1, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const copies: [string, Uint8Array | undefined][] = [
      ['sll2-of-lo.pcap', relink(pcap, 276, sll2)],
      ['sll-of-lo.pcap', relink(pcap, 113, sll)],
      ['big-endian.pcap', bigEndian(pcap)],
      ['raw-ipv4.pcap', relink(pcap, 228, new Uint8Array(0))],
      ['raw-ip.pcap', relink(pcap, 101, new Uint8Array(0))],
      ['null.pcap', relink(pcap, 0, Uint8Array.of(2, 0, 0, 0))],
    ];
    const editcap = spawnSync('editcap', ['-h'], { encoding: 'utf8' });
    // editcap (Debian's wireshark-common) writes pcapng and nanosecond pcap independently of our reader.
    if (!editcap.error) {
      for (const [name, format] of [
        ['lo.pcapng', 'pcapng'],
        ['lo-nano.pcap', 'nsecpcap'],
      ]) {
        const r = spawnSync('editcap', ['-F', format!, file('lo.pcap'), file(name!)], { encoding: 'utf8' });
        expect(r.status, r.stderr).to.equal(0);
        copies.push([name!, undefined]);
      }
    }
    const linkTypes = [
      spawnSync('tcpdump', ['-r', file('sll2.pcap')], { encoding: 'utf8' }).stderr,
      spawnSync('tcpdump', ['-r', file('sll.pcap')], { encoding: 'utf8' }).stderr,
    ];
    expect(linkTypes[0]).to.match(/LINUX_SLL2/);
    expect(linkTypes[1]).to.match(/LINUX_SLL\b/);
    // In process: a command per copy would spend its time starting up.
    for (const [name, bytes] of copies) {
      const r = checkCapture(bytes ?? readFileSync(file(name)), planned().spec, 'memo');
      const report = checkJson(name, r) as Report;
      expect(
        report.connections.map((c) => c.endpoints.map((e) => e.passed)),
        name,
      ).to.deep.equal(expected);
      expect(r.violations, name).to.equal(0);
    }
    if (editcap.error) this.skip();
  });

  it('names the rule and the frame when the SYN+ACK acknowledges the wrong number, and exits 1', () => {
    const broken = editTcp(pcap, 2, (tcp) => tcp.setUint32(8, tcp.getUint32(8) + 1));
    const r = tcpconform(['check', file('bad-an.pcap', broken)]);
    expect(r.status).to.equal(1);
    expect(r.stdout).to.match(/frame 2 \[H2 H2\.mss\] server 127\.0\.0\.1:\d+ in LISTEN: listen-syn/);
    expect(r.stdout).to.match(/AN: expected ISNc\+1 \(\d+\), got ISNc\+2 \(\d+\)/);
    expect(r.stdout).to.match(/X {2}frame 2 server \[H2 H2\.mss\]: AN: expected ISNc\+1/);
  });

  it('names W4 and the FIN left unacknowledged when the final ACK is dropped, and exits 1', () => {
    const { report } = json(file('lo.pcap'));
    const last = report.connections[0]!.frames[1];
    const { status, report: broken } = json(file('no-final-ack.pcap', dropFrame(pcap, last)));
    expect(status).to.equal(1);
    const client = broken.connections[0]!.endpoints[0]!;
    expect(client.violations.map((v) => ({ frame: v.frame, rules: v.rules }))).to.deep.equal([
      { frame: last - 1, rules: ['W4'] },
    ]);
    expect(broken.violations).to.equal(1);
  });

  it('names H3 when the handshake ACK loses its ACK flag, and exits 1', () => {
    const broken = editTcp(pcap, 3, (tcp) => tcp.setUint8(13, tcp.getUint8(13) & ~0x10));
    const r = tcpconform(['check', file('no-ack-flag.pcap', broken)]);
    expect(r.status, r.stdout).to.equal(1);
    expect(r.stdout).to.match(/frame 3 \[H3\] client 127\.0\.0\.1:\d+ in SYN_SENT: syn-sent-syn-ack/);
    expect(r.stdout).to.match(/flags: expected ACK, got \(none\)/);
  });

  it('checks a connection whose handshake the capture missed from the states its segments allow', () => {
    let mid = pcap;
    for (let i = 0; i < 4; i++) mid = dropFrame(mid, 1);
    const r = tcpconform(['check', file('mid.pcap', mid)]);
    expect(r.status, r.stdout).to.equal(0);
    expect(r.stdout).to.match(/the capture begins mid-connection/);
    // The first to send in what is left is the server: it is the passive closer.
    expect(r.stdout).to.match(/client 127\.0\.0\.1:\d+, from ESTABLISHED: passed .*W2 W3 W5/);
    expect(r.stdout).to.match(/server 127\.0\.0\.1:\d+, from ESTABLISHED: passed .*W1 W2\.ack W4/);
  });

  it('--profile rfc9293 judges the RFC rules too; --reporter json prints one JSON object', () => {
    const { status, report } = json(file('lo.pcap'), ['--profile', 'rfc9293']);
    expect(status).to.equal(0);
    expect(report.connections[0]!.endpoints[0]!.passed).to.include.members([...CLIENT_RULES, 'RFC.ack']);
  });

  it('a capture cut inside its last packet: one warning, checked as the capture without that packet', () => {
    const r = tcpconform(['check', file('truncated.pcap', pcap.subarray(0, pcap.length - 5))]);
    const last = records(pcap).length;
    const without = tcpconform(['check', file('without-last.pcap', dropFrame(pcap, last))]);
    expect(r.stderr).to.match(
      new RegExp(
        `^\\S+truncated\\.pcap: warning: truncated at offset \\d+: packet ${last} has \\d+ of \\d+ captured octets; the ${last - 1} frames before it were read\\n$`,
      ),
    );
    // The exit status follows the findings, which are those of the frames before the cut.
    expect(r.status).to.equal(without.status);
    expect(r.stdout.replace(/truncated\.pcap/g, 'X').replace(/\n {2}warning: .*/, '')).to.equal(
      without.stdout.replace(/without-last\.pcap/g, 'X'),
    );
  });
});
