/**
 * What separates flows and what hides them: VLAN tags (802.1Q, 802.1ad QinQ) are part of the
 * connection key, and tunnels the readers do not look into (GRE, VXLAN, 6in4, PPPoE, MPLS,
 * IPsec ESP) are named once per kind in the report, never once per frame, and are not an
 * error while other frames hold TCP. Captures crafted header by header (test/helpers/craft.ts).
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSpec } from '../generator/index.js';
import { checkCapture, checkJson, decodePackets, formatCheck, readCapture } from '../src/index.js';
import { cli } from './helpers/cli.js';
import {
  connection,
  esp,
  ETHERTYPE,
  ethernet,
  type Flow,
  gre,
  ipv4,
  ipv6,
  mpls,
  pcapFile,
  pppoe,
  PROTOCOL,
  vxlan,
} from './helpers/craft.js';

const FLOW: Flow = { client: '10.0.0.1', server: '10.0.0.2', clientPort: 40000, serverPort: 80 };
const OUTER = { src: '192.0.2.1', dst: '192.0.2.2' };
const tag = (id: number) => ({ tpid: ETHERTYPE.VLAN, id });
const plain = (ip: Uint8Array) => ethernet(ETHERTYPE.IPV4, ip);

/** The connection's packets, each wrapped by `wrap` into a frame. */
const wrapped = (wrap: (ip: Uint8Array) => Uint8Array, flow: Flow = FLOW) => connection(flow).map(wrap);

const TUNNELS: readonly { readonly kind: string; readonly wrap: (ip: Uint8Array) => Uint8Array }[] = [
  { kind: 'GRE tunnels (IP protocol 47)', wrap: (ip) => plain(ipv4(OUTER.src, OUTER.dst, PROTOCOL.GRE, gre(ip))) },
  {
    kind: 'VXLAN (UDP port 4789)',
    wrap: (ip) => plain(ipv4(OUTER.src, OUTER.dst, PROTOCOL.UDP, vxlan(plain(ip)))),
  },
  {
    kind: '6in4 tunnels (IP protocol 41, IPv6 in IP)',
    wrap: (ip) => plain(ipv4(OUTER.src, OUTER.dst, PROTOCOL.IPV6, ipv6(1, 2, PROTOCOL.TCP, ip.subarray(20)))),
  },
  { kind: 'PPPoE sessions (ethertype 0x8864)', wrap: (ip) => ethernet(ETHERTYPE.PPPOE, pppoe(ip)) },
  { kind: 'MPLS (ethertype 0x8847)', wrap: (ip) => ethernet(ETHERTYPE.MPLS, mpls(ip)) },
  {
    kind: 'IPsec ESP (IP protocol 50, encrypted)',
    wrap: (ip) => plain(ipv4(OUTER.src, OUTER.dst, PROTOCOL.ESP, esp(ip))),
  },
  { kind: 'IPv4-in-IP tunnels (IP protocol 4)', wrap: (ip) => plain(ipv4(OUTER.src, OUTER.dst, PROTOCOL.IPV4, ip)) },
  {
    kind: 'GRE tunnels (IP protocol 47)',
    wrap: (ip) => ethernet(ETHERTYPE.IPV6, ipv6(1, 2, PROTOCOL.GRE, gre(ip))),
  },
];

describe('encapsulation: VLANs apart, tunnels named once per kind', function () {
  this.timeout(60_000);
  const spec = readSpec('spec');

  it('the same 4-tuple on three VLANs (802.1Q, and QinQ 802.1ad) is three connections', () => {
    const frames = [
      ...wrapped((ip) => ethernet(ETHERTYPE.IPV4, ip, [tag(10)])),
      ...wrapped((ip) => ethernet(ETHERTYPE.IPV4, ip, [tag(20)])),
      ...wrapped((ip) => ethernet(ETHERTYPE.IPV4, ip, [{ tpid: ETHERTYPE.QINQ, id: 300 }, tag(10)])),
    ];
    // Interleaved frame by frame, as a switch's mirror port would show the same flow thrice.
    const n = frames.length / 3;
    const interleaved = Array.from({ length: frames.length }, (_, i) => frames[(i % 3) * n + Math.floor(i / 3)]!);
    const { packets } = decodePackets(readCapture(pcapFile(interleaved)).frames);
    expect(packets.slice(0, 3).map((p) => p.vlan)).to.deep.equal(['10', '20', '300.10']);
    const r = checkCapture(pcapFile(interleaved), spec, 'rfc9293');
    expect(r.connections.map((c) => [c.connection.vlan, c.connection.packets.length])).to.deep.equal([
      ['10', n],
      ['20', n],
      ['300.10', n],
    ]);
    // Each is a whole conformant connection: no finding from another VLAN's segments.
    expect(r.violations).to.equal(0);
    // The priority bits of the tag (PCP, DEI) do not separate flows; the VLAN ID does.
    const prioritized = wrapped((ip) => ethernet(ETHERTYPE.IPV4, ip, [tag(0xe000 | 10)]));
    expect(decodePackets(readCapture(pcapFile(prioritized)).frames).packets[0]!.vlan).to.equal('10');
    // Untagged frames carry no VLAN, and the same flow untagged is a fourth connection.
    const withUntagged = checkCapture(pcapFile([...interleaved, ...wrapped(plain)]), spec, 'rfc9293');
    expect(withUntagged.connections.map((c) => c.connection.vlan)).to.deep.equal(['10', '20', '300.10', undefined]);
  });

  it('the report names the VLAN of each connection, in text and JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpconform-vlan-'));
    try {
      const path = join(dir, 'vlans.pcap');
      writeFileSync(
        path,
        pcapFile([
          ...wrapped((ip) => ethernet(ETHERTYPE.IPV4, ip, [tag(10)])),
          ...wrapped((ip) => ethernet(ETHERTYPE.IPV4, ip, [tag(20)])),
        ]),
      );
      const text = await cli(['check', path, '--profile', 'rfc9293']);
      expect(text.status, text.stdout).to.equal(0);
      expect(text.stdout).to.match(/connection 1: client 10\.0\.0\.1:40000, server 10\.0\.0\.2:80 on VLAN 10 \(/);
      expect(text.stdout).to.match(/connection 2: client 10\.0\.0\.1:40000, server 10\.0\.0\.2:80 on VLAN 20 \(/);
      const json = JSON.parse((await cli(['check', path, '--reporter', 'json'])).stdout);
      expect(json.connections.map((c: { vlan: string }) => c.vlan)).to.deep.equal(['10', '20']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [i, { kind, wrap }] of TUNNELS.entries()) {
    it(`${kind}${i === TUNNELS.length - 1 ? ', inside IPv6' : ''}: one line for all its frames, the rest checked`, () => {
      const inside = wrapped(wrap);
      const bare = wrapped(plain, { ...FLOW, clientPort: 40001 });
      const file = pcapFile([...inside, ...bare]);
      const { tunnelled, skipped } = decodePackets(readCapture(file).frames);
      expect([...tunnelled]).to.deep.equal([[kind, inside.length]]);
      expect([...skipped]).to.deep.equal([]);
      const r = checkCapture(file, spec, 'rfc9293');
      expect(r.connections).to.have.length(1);
      expect(r.violations).to.equal(0);
      const lines = formatCheck('t.pcap', r)
        .split('\n')
        .filter((l) => l.includes(kind));
      expect(lines).to.deep.equal([`  ${inside.length} frames in ${kind}, not read`]);
      expect((checkJson('t.pcap', r) as { tunnelled: object }).tunnelled).to.deep.equal({ [kind]: inside.length });
    });
  }

  it('a capture of nothing but tunnelled frames: one error line naming the tunnel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpconform-tunnel-'));
    try {
      const path = join(dir, 'gre.pcap');
      writeFileSync(path, pcapFile(wrapped(TUNNELS[0]!.wrap)));
      const r = await cli(['check', path]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.equal(
        `${path}: no TCP segment in 10 frames (10 in GRE tunnels (IP protocol 47), not read)\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('UDP that is not a tunnel stays "not TCP"; a tunnel is known by either port', () => {
    const frames = [
      plain(ipv4(OUTER.src, OUTER.dst, PROTOCOL.UDP, [0, 53, 0x12, 0x34, 0, 8, 0, 0])),
      plain(ipv4(OUTER.src, OUTER.dst, PROTOCOL.UDP, [0x12, 0xb5, 0x30, 0x39, 0, 8, 0, 0])),
    ];
    const { skipped, tunnelled } = decodePackets(readCapture(pcapFile(frames)).frames);
    expect([...skipped]).to.deep.equal([['not TCP', 1]]);
    expect([...tunnelled]).to.deep.equal([['VXLAN (UDP port 4789)', 1]]);
  });
});
