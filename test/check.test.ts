/**
 * `tcpconform check` on files that are not captures at all: one line naming the file and what
 * is wrong, exit 2. (Real captures, made with tcpdump: test/slow/check-captures.test.ts.)
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, tcpconform } from './helpers/cli.js';

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
});
