/**
 * `--connect HOST:PORT`: the same protocol over a TCP connection on loopback, for an engine
 * that runs as a server. Here the server hands each connection to the reference behind the
 * JSON-lines protocol (test/fixtures/iut/reference-over-jsonl.ts).
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { cli } from './helpers/cli.js';
import { memoCases, planFirst } from './helpers/plan.js';

describe('tcpconform run --connect', function () {
  this.timeout(60_000);
  planFirst();
  let server: Server;
  let port = 0;
  const engines: ChildProcess[] = [];

  before(async () => {
    server = createServer((socket) => {
      const engine = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/iut/reference-over-jsonl.ts'], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      engines.push(engine);
      socket.pipe(engine.stdin!);
      engine.stdout!.pipe(socket);
      socket.on('close', () => engine.kill());
      socket.on('error', () => engine.kill());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => {
    server.close();
    for (const e of engines) e.kill();
  });

  it('runs the whole suite over one TCP connection', async () => {
    // In this process: the run awaits the server above, which answers on the same event loop.
    const r = await cli(['run', '--reporter', 'json', '--connect', `127.0.0.1:${port}`]);
    expect(r.status).to.equal(0);
    const report = JSON.parse(r.stdout) as { stats: { tests: number; passes: number }; adapter: string };
    expect(report.stats).to.include({ tests: memoCases().length, passes: memoCases().length });
    expect(report.adapter).to.equal('reference-over-jsonl');
    expect(engines.length).to.equal(1);
  });

  it('rejects a malformed address with one line, exit 2', async () => {
    const r = await cli(['run', '--connect', 'localhost']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal('tcpconform: --connect needs HOST:PORT, got "localhost"\n');
  });
});
