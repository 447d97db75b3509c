/**
 * `--exec "<command line>"`: the implementation as a child process, spoken to over its stdin
 * and stdout. It runs in a process group of its own, so stopping it also stops anything it
 * started; a live child is killed when tcpconform exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Transport } from './adapter.js';
import { LogTail } from './log-tail.js';
import { t, type Text } from '../../i18n/text.js';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child);
  });
}

export function startProcess(command: string): Promise<Transport> {
  installExitHook();
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const log = new LogTail();
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => log.add(chunk));
    child.stdin!.on('error', () => undefined); // reported through the channel when it matters
    const ended = new Promise<Text>((done) => {
      child.on('exit', (code, signal) => {
        live.delete(child);
        done(signal ? t('impl.killed', { signal }) : t('impl.exited', { code: code ?? '?' }));
      });
    });
    child.on('error', (err) => reject(err));
    child.on('spawn', () => {
      live.add(child);
      resolve({
        input: child.stdin!,
        output: child.stdout!,
        ended,
        log: (since) => log.lines(since),
        logMark: () => log.mark(),
        async stop() {
          child.stdin!.end();
          const gone = await Promise.race([
            ended.then(() => true),
            new Promise<boolean>((r) => setTimeout(() => r(false), 300)),
          ]);
          if (!gone) {
            killGroup(child);
            await ended;
          }
        },
      });
    });
  });
}
