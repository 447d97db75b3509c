/**
 * `tcpconform check` on files that are not captures at all: one line naming the file and what
 * is wrong, exit 2; on a capture cut inside its last record: checked up to it, with a warning;
 * and its output into a pipe closed early. (Real captures, made with tcpdump:
 * test/slow/check-captures.test.ts.)
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { CLI, cli, tcpconform } from './helpers/cli.js';
import { connection, ETHERTYPE, ethernet, pcapFile } from './helpers/craft.js';

function noStack(stderr: string): void {
  expect(stderr).not.to.match(/^\s+at /m);
}

describe('tcpconform check on files that are not captures', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tcpconform-check-test-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const bad = async (name: string, bytes: Uint8Array | string, message: RegExp) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const r = await cli(['check', path]);
    expect(r.status, r.stderr).to.equal(2);
    expect(r.stderr.trimEnd().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(message);
    noStack(r.stderr);
  };

  it('a text file, an empty file, a missing file (the binary: nothing on stdout)', async () => {
    await bad(
      'notes.txt',
      'GET / HTTP/1.1\r\nHost: example\r\n\r\n',
      /notes\.txt: not a capture file \(neither pcap nor pcapng: unknown magic number\)/,
    );
    await bad('empty.pcap', '', /empty\.pcap: empty file/);
    const r = tcpconform(['check', join(dir, 'absent.pcap')]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/absent\.pcap: no such file\n$/);
    expect(r.stdout).to.equal('');
  });

  it('a damaged pcapng', async () => {
    await bad(
      'garbage.pcapng',
      Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 1, 2, 3, 4, ...new Array(16).fill(7)),
      /garbage\.pcapng: section header at offset 0 has no byte-order magic/,
    );
  });

  it('a pcap header cut short, and a capture without TCP', async () => {
    await bad(
      'short.pcap',
      Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2, 0),
      /short\.pcap: truncated pcap file header \(6 of 24 octets\)/,
    );
    const header = Uint8Array.of(
      0xd4,
      0xc3,
      0xb2,
      0xa1,
      2,
      0,
      4,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0xff,
      0xff,
      0,
      0,
      1,
      0,
      0,
      0,
    );
    await bad('empty-capture.pcap', header, /empty-capture\.pcap: no TCP segment in 0 frames/);
    const arp = Uint8Array.from([
      ...header,
      ...new Uint8Array(8),
      14,
      0,
      0,
      0,
      14,
      0,
      0,
      0,
      ...new Uint8Array(12),
      0x08,
      0x06,
    ]);
    await bad('arp.pcap', arp, /arp\.pcap: no TCP segment in 1 frame \(1 not IP\)/);
  });

  it('usage mistakes exit 2 with one line', async () => {
    for (const args of [
      ['check'],
      ['check', 'a.pcap', 'b.pcap'],
      ['check', 'a.pcap', '--profile', 'linux'],
      ['check', 'a.pcap', '--reporter', 'xml'],
    ]) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr).to.match(/^tcpconform: .+\n$/);
    }
  });

  /** `n` whole conformant connections, one after another, on ports 40000 and up. */
  const connections = (n: number) =>
    pcapFile(
      Array.from({ length: n }, (_, i) =>
        connection({ client: '10.0.0.1', server: '10.0.0.2', clientPort: 40000 + i, serverPort: 80 }),
      )
        .flat()
        .map((ip) => ethernet(ETHERTYPE.IPV4, ip)),
    );

  it('a capture cut inside its last record: a warning on stderr, every frame before it checked', async () => {
    const whole = connections(2);
    const path = join(dir, 'cut.pcap');
    writeFileSync(path, whole.subarray(0, whole.length - 7));
    const r = tcpconform(['check', path, '--profile', 'rfc9293']);
    // The status follows the findings (none: the cut frame is the last ACK), not the warning.
    expect(r.status, r.stdout).to.equal(0);
    expect(r.stderr).to.match(
      /^\S+cut\.pcap: warning: truncated at offset \d+: packet 20 has \d+ of \d+ captured octets; the 19 frames before it were read\n$/,
    );
    expect(r.stdout).to.match(/: 19 frames, 19 TCP segments, 2 connections; profile rfc9293/);
    expect(r.stdout).to.match(/\n {2}warning: truncated at offset/);
    const json = JSON.parse(tcpconform(['check', path, '--reporter', 'json']).stdout);
    expect(json.warnings).to.have.length(1);
  });

  it('output into a pipe closed early: it ends quietly, no EPIPE stack', async () => {
    const path = join(dir, 'many.pcap');
    // Far more report than a pipe holds (64 KiB on Linux), so the writer meets the closed end.
    writeFileSync(path, connections(300));
    const child = spawn(process.execPath, [CLI, 'check', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [first] = (await once(child.stdout, 'data')) as [Buffer];
    // The reader goes away after the first chunk, as `| head -1` does.
    child.stdout.destroy();
    const [status] = (await once(child, 'exit')) as [number];
    expect(first.toString()).to.match(/many\.pcap: 3000 frames, 3000 TCP segments, 300 connections/);
    noStack(stderr);
    expect(stderr).to.equal('');
    // Every connection is conformant, and the command had decided so before its output was cut.
    expect(status).to.equal(0);
  });
});
