/**
 * The kernel adapter: the suite against the Linux TCP stack of this machine. Its agent
 * (agent.ts) runs in a network namespace of its own with a TUN device in it (netns.ts), makes
 * the socket calls and carries packets. The tester's segments go in through the TUN device as
 * IPv4 packets, the kernel's come out of it, and the state is read from /proc/net/tcp.
 *
 * Each test gets fresh ports (the kernel keeps TIME_WAIT sockets of earlier tests for 60 s):
 * the adapter maps them to the endpoints the harness uses, and drops every packet of another
 * connection. Time is real: a reaction is what arrived until the kernel was quiet for
 * `settleMs`, and the harness gives timed expectations a tolerance window (realClock).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import {
  DEFAULT_ENDPOINTS,
  ImplementationError,
  type Adapter,
  type AppCall,
  type Capabilities,
  type Endpoints,
  type RealClock,
} from '../../adapter.js';
import type { AppEvent, Reaction } from '../../../core/reaction.js';
import { t } from '../../i18n/text.js';
import type { Segment } from '../../../core/segment.js';
import type { CallName, TestCase } from '../../../core/case.js';
import { LogTail } from '../jsonl/log-tail.js';
import { decodeSegment, encodeSegment } from '../../wire/tcp-header.js';
import { unwrapIpv4, wrapIpv4 } from '../../wire/ipv4.js';
import { tunAddon } from './native.js';
import { Unavailable } from './unavailable.js';
import { checkHost, inNewNamespace, namespaceFailure, TUN_DEVICE } from './netns.js';
import type { AgentEvent, Request } from './protocol.js';
import { parametersFromSettings } from './kernel-settings.js';

export interface KernelOptions {
  /** A reaction ends when nothing arrived for this long (ms). */
  readonly settleMs?: number;
  /** Run timed tests however long they wait (Linux's TIME_WAIT is 60 s). */
  readonly slow?: boolean;
  readonly endpoints?: Endpoints;
}

const ADDRS = { iut: '198.18.0.1', peer: '198.18.0.2' }; // RFC 2544 benchmarking addresses, inside our namespace only
const FIRST_PORT = { iut: 20000, peer: 40000 };
const PORTS_PER_RUN = 10000;
/**
 * How to start the agent: compiled (dist/), it is plain JavaScript; run from the TypeScript
 * sources (a checkout's tests), it needs tsx too, resolved from this file (a CommonJS project
 * has no import.meta.resolve).
 */
const AGENT_ARGS = import.meta.url.endsWith('.ts')
  ? [
      '--import',
      pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
      fileURLToPath(new URL('./agent.ts', import.meta.url)),
    ]
  : [fileURLToPath(new URL('./agent.js', import.meta.url))];
const REPLY_MS = 5000;
/** The longest a reaction may keep growing: an IUT that never goes quiet ends the reaction here. */
const MAX_REACTION_MS = 2000;

type Done = Extract<AgentEvent, { ev: 'done' }>;

interface Pending {
  resolve(done: Done): void;
  reject(err: Error): void;
}

export class KernelAdapter implements Adapter {
  readonly name = 'linux-kernel';
  readonly variant = 'linux';
  readonly capabilities: Capabilities = { stateQuery: true, virtualClock: false, isnOverride: false };
  /**
   * Linux's parameters, as this kernel has them: its settings in the agent's namespace
   * (kernel-settings.ts), and the window and MSS of its own SYN, sent once as the adapter opens.
   */
  params: Readonly<Record<string, number>> = {};
  readonly realClock: RealClock;
  private readonly settleMs: number;
  private readonly ends: Endpoints;
  private readonly addon: string;
  private readonly logTail = new LogTail();
  private agent: ChildProcess | undefined;
  private agentGone: string | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Pending>();
  private gen = 0;
  private ipId = 0;
  private segments: Segment[] = [];
  /** When each of `segments` was seen (performance.now()): retransmissions are timed by it. */
  private seenAt: number[] = [];
  private app: AppEvent[] = [];
  private lastEventAt = 0;
  private removeExitHook: (() => void) | undefined;

  private constructor(opts: KernelOptions, addon: string) {
    this.settleMs = opts.settleMs ?? 25;
    this.ends = opts.endpoints ?? DEFAULT_ENDPOINTS;
    this.addon = addon;
    this.realClock = { toleranceMs: 50, tolerancePct: 5, limitMs: opts.slow ? Number.POSITIVE_INFINITY : 10_000 };
  }

  /** Start the agent in its namespace; throws Unavailable with the reason when this machine cannot. */
  static async open(opts: KernelOptions = {}): Promise<KernelAdapter> {
    checkHost();
    const addon = tunAddon();
    const adapter = new KernelAdapter(opts, addon);
    adapter.installExitHook();
    try {
      await adapter.startAgent();
      await adapter.learnParams();
    } catch (err) {
      await adapter.close();
      throw err;
    }
    return adapter;
  }

  /**
   * Ask the agent for the namespace's settings, and watch one active open: the window and the
   * MSS option of the kernel's SYN are the RCV.WND and MSS the spec speaks of. A kernel that
   * sends no SYN reports neither, and the spec's values stand.
   */
  private async learnParams(): Promise<void> {
    const { settings } = await this.command({ op: 'settings' });
    await this.reset();
    const syn = (await this.call({ call: 'connect' })).segments.find((s) => s.flags.includes('SYN'));
    await this.reset();
    this.params = {
      ...parametersFromSettings(settings ?? {}),
      ...(syn ? { 'RCV.WND': syn.window, ...(syn.mss !== undefined ? { MSS: syn.mss } : {}) } : {}),
    };
  }

  /** However tcpconform ends (an error, process.exit), the agent, and with it its namespace, goes too. */
  private installExitHook(): void {
    const hook = () => this.teardown();
    process.on('exit', hook);
    this.removeExitHook = () => process.off('exit', hook);
  }

  private get ports(): { iut: number; peer: number } {
    const n = this.gen % PORTS_PER_RUN;
    return { iut: FIRST_PORT.iut + n, peer: FIRST_PORT.peer + n };
  }

  private async startAgent(): Promise<void> {
    const mark = this.logTail.mark();
    const { command, args } = inNewNamespace([process.execPath, ...AGENT_ARGS]);
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    this.agent = child;
    this.agentGone = undefined;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => this.logTail.add(chunk));
    child.stdin!.on('error', () => undefined); // the exit handler reports it
    child.on('exit', (code, signal) => {
      this.agentGone = signal ? `killed by ${signal}` : `exited with code ${code}`;
      for (const p of this.waiting.values())
        p.reject(
          new ImplementationError(
            t('kernel.agent', { what: this.agentGone, log: this.logTail.lines().slice(-1)[0] ?? '' }),
          ),
        );
      this.waiting.clear();
    });
    createInterface({ input: child.stdout! }).on('line', (line) => this.onEvent(line));
    await this.command({
      op: 'setup',
      setup: { tun: TUN_DEVICE, iutAddr: ADDRS.iut, peerAddr: ADDRS.peer, addon: this.addon },
    }).catch(async (err: Error) => {
      // What unshare or the agent wrote before it ended: its stderr, read to the end.
      if (this.agentGone) await closed;
      throw new Unavailable(
        namespaceFailure(this.logTail.lines(mark)) ?? `the agent could not set up the TUN device: ${err.message}`,
      );
    });
  }

  private onEvent(line: string): void {
    let e: AgentEvent;
    try {
      e = JSON.parse(line) as AgentEvent;
    } catch {
      this.logTail.add(`agent: ${line}\n`);
      return;
    }
    switch (e.ev) {
      case 'done':
      case 'failed': {
        const p = this.waiting.get(e.id);
        this.waiting.delete(e.id);
        if (e.ev === 'done') p?.resolve(e);
        else p?.reject(new ImplementationError(t('kernel.agent', { what: e.message, log: '' })));
        return;
      }
      case 'packet':
        this.onPacket(Buffer.from(e.packet, 'base64'));
        return;
      case 'app':
        if (e.gen !== this.gen) return; // an earlier test's socket
        this.lastEventAt = performance.now();
        this.app.push(
          e.kind === 'data' ? { kind: 'data', data: Buffer.from(e.data ?? '', 'base64') } : { kind: e.kind },
        );
    }
  }

  /** A packet from the kernel: a segment of this test's connection, under the harness's ports, or dropped. */
  private onPacket(packet: Uint8Array): void {
    const ip = unwrapIpv4(packet);
    if (!ip || ip.addrs.src !== ADDRS.iut || ip.addrs.dst !== ADDRS.peer) return;
    const d = decodeSegment(ip.tcp, ip.addrs);
    const { iut, peer } = this.ports;
    if (!d.ok) {
      this.logTail.add(`kernel sent a segment tcpconform cannot read: ${d.problem}\n`);
      return;
    }
    if (d.segment.srcPort !== iut || d.segment.dstPort !== peer) return; // an earlier test's connection
    this.lastEventAt = performance.now();
    this.segments.push({ ...d.segment, srcPort: this.ends.iut.port, dstPort: this.ends.peer.port });
    this.seenAt.push(this.lastEventAt);
  }

  private command(c: Request): Promise<Done> {
    if (!this.agent || this.agentGone)
      return Promise.reject(
        new ImplementationError(t('kernel.agent', { what: this.agentGone ?? 'not started', log: '' })),
      );
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(
          new ImplementationError(t('kernel.agent', { what: `no answer to ${c.op} within ${REPLY_MS} ms`, log: '' })),
        );
      }, REPLY_MS);
      this.waiting.set(id, {
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      this.agent!.stdin!.write(`${JSON.stringify({ ...c, id })}\n`);
    });
  }

  /** What arrived until the kernel and the sockets were quiet for settleMs (bounded, in case they never are). */
  private async reaction(minMs = 0): Promise<Reaction> {
    const start = performance.now();
    this.lastEventAt = Math.max(this.lastEventAt, start);
    await sleep(minMs);
    for (;;) {
      const now = performance.now();
      const quietFor = now - this.lastEventAt;
      if (quietFor >= this.settleMs || now - start >= minMs + MAX_REACTION_MS) break;
      await sleep(this.settleMs - quietFor);
    }
    return this.take();
  }

  private take(): Reaction {
    const now = performance.now();
    const r = { segments: this.segments, app: this.app, ago: this.seenAt.map((at) => now - at) };
    this.segments = [];
    this.seenAt = [];
    this.app = [];
    return r;
  }

  /**
   * What the agent cannot ask of Linux through Node's sockets. A passively opened connection
   * has no socket before accept() returns it established; Node holds back close() and abort()
   * of a connection still opening until its handshake completes; a listening socket cannot
   * connect; and Node closes a socket once both directions are closed, leaving no handle to
   * abort in CLOSING, LAST_ACK or TIME_WAIT.
   */
  cannotCall(call: CallName, state: string, role: TestCase['role']): string | undefined {
    if (state === 'SYN_RCVD' && (call === 'close' || call === 'abort'))
      return role === 'server'
        ? `it calls ${call}() in SYN_RCVD after a passive open, and the socket API has no handle on a connection before accept() returns it established`
        : `it calls ${call}() in SYN_RCVD after a simultaneous open, and Node holds the call back until connect() completes`;
    if (state === 'LISTEN' && call === 'connect')
      return 'it calls connect() on a listening connection, which the socket API does not allow';
    if (call === 'abort' && ['CLOSING', 'LAST_ACK', 'TIME_WAIT'].includes(state))
      return `it calls abort() in ${state}, and Node has closed the socket once both directions were closed, leaving no handle to abort`;
    return undefined;
  }

  async reset(): Promise<void> {
    if (this.agentGone) await this.startAgent();
    await this.command({ op: 'reset' });
    this.gen++;
    await this.reaction();
    this.take();
  }

  async call(c: AppCall): Promise<Reaction> {
    const { iut, peer } = this.ports;
    switch (c.call) {
      case 'listen':
        await this.command({ op: 'listen', gen: this.gen, port: iut });
        break;
      case 'connect':
        await this.command({ op: 'connect', gen: this.gen, port: iut, peerPort: peer });
        break;
      case 'send':
        await this.command({ op: 'send', data: Buffer.from(c.data ?? new Uint8Array(0)).toString('base64') });
        break;
      case 'close':
      case 'abort':
        await this.command({ op: c.call });
    }
    return this.reaction();
  }

  async deliver(segment: Segment): Promise<Reaction> {
    const { iut, peer } = this.ports;
    const addrs = { src: ADDRS.peer, dst: ADDRS.iut };
    const tcp = encodeSegment({ ...segment, srcPort: peer, dstPort: iut }, addrs);
    this.ipId = (this.ipId + 1) & 0xffff;
    await this.command({ op: 'inject', packet: Buffer.from(wrapIpv4(tcp, addrs, this.ipId)).toString('base64') });
    return this.reaction();
  }

  async advance(ms: number): Promise<Reaction> {
    return this.reaction(ms);
  }

  async state(): Promise<string> {
    const { iut, peer } = this.ports;
    return (await this.command({ op: 'state', port: iut, peerPort: peer })).state ?? 'CLOSED';
  }

  log(): string[] {
    return this.logTail.lines();
  }

  async close(): Promise<void> {
    this.teardown();
    this.removeExitHook?.();
  }

  /** Synchronous, so the process exit hook can run it: stop the agent we started (its namespace and TUN device end with it). */
  private teardown(): void {
    const agent = this.agent;
    if (agent?.pid !== undefined && agent.exitCode === null && agent.signalCode === null) {
      try {
        agent.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    this.agent = undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
