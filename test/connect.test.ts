/**
 * `--connect HOST:PORT`: the same protocol over a TCP connection on loopback, for an engine
 * that runs as a server. Here the server hands each connection to the reference behind the
 * JSON-lines protocol (test/fixtures/iut/reference-over-jsonl.ts).
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { CLI, cli } from './helpers/cli.js';
import { memoCases, planFirst } from './helpers/plan.js';

/** The CLI, run without blocking this process: the server above must keep answering. */
function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

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
    const r = await runCli(['run', '--reporter', 'json', '--connect', `127.0.0.1:${port}`]);
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
