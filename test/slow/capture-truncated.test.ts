/**
 * A capture file that ends inside its last record, read by tcpconform and by tcpdump: both
 * read the same frames before the cut (pcap and pcapng; one stray octet, a record header cut
 * short, a packet cut short), and tcpconform says what is cut in one warning line.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapture } from '../../src/index.js';
import { cat, connection, ETHERTYPE, ethernet, pcapFile, pcapngFile } from '../helpers/craft.js';

/** How many packets tcpdump prints from FILE, and what it says on stderr. */
function tcpdumpReads(file: string): { packets: number; stderr: string } {
  const r = spawnSync('tcpdump', ['-nn', '-r', file], { encoding: 'utf8' });
  // The slow tier needs tcpdump (as the capture tests do): its absence is a failure that says so.
  if (r.error) throw new Error(`tcpdump is not installed (apt-get install -y tcpdump): ${r.error.message}`);
  return { packets: r.stdout.split('\n').filter(Boolean).length, stderr: r.stderr };
}

describe('a capture cut inside its last record, against tcpdump', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tcpconform-cut-'))));
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  const frames = connection({ client: '10.0.0.1', server: '10.0.0.2', clientPort: 40000, serverPort: 80 }).map((ip) =>
    ethernet(ETHERTYPE.IPV4, ip),
  );
  const files = { pcap: pcapFile(frames), pcapng: pcapngFile(frames) };
  for (const [format, whole] of Object.entries(files)) {
    const cuts: [string, Uint8Array][] = [
      ['one stray octet after the last record', cat(whole, [0])],
      ['a record header cut short', cat(whole, whole.subarray(whole.length - 70, whole.length - 62))],
      ['the last packet cut short', whole.subarray(0, whole.length - 9)],
    ];
    for (const [what, bytes] of cuts)
      it(`${format}: ${what}`, () => {
        const path = join(dir, `${what.replace(/ /g, '-')}.${format}`);
        writeFileSync(path, bytes);
        const ours = readCapture(bytes);
        const theirs = tcpdumpReads(path);
        expect(ours.frames.length, theirs.stderr).to.equal(theirs.packets);
        expect(theirs.stderr).to.match(/truncated|cut short|too (short|small)|premature/i);
        expect(ours.warnings).to.have.length(1);
        expect(ours.warnings[0]).to.match(/^truncated at offset \d+: .+; the \d+ frames? before it (was|were) read$/);
      });
  }
});
