/**
 * The kernel adapter's agent: runs in a network namespace of its own (started through
 * `unshare --net`, netns.ts), owns the TUN device and the sockets, and does what the adapter asks, one
 * JSON command per line on stdin. Everything the kernel and the sockets do comes back on
 * stdout as events, as it happens: the adapter, not the agent, decides when a reaction is over.
 * It exits when its stdin closes, so it never outlives tcpconform.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readSync, write, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { createInterface } from 'node:readline';
import type { AppEventKind } from '../../../core/case.js';
import { connectionState, parseProcNetTcp } from './proc-net-tcp.js';
import type { AgentEvent, Command, Setup } from './protocol.js';
import { readSettings } from './kernel-settings.js';

const emit = (e: AgentEvent) => process.stdout.write(`${JSON.stringify(e)}\n`);

let setup: Setup | undefined;
let tunFd: number | undefined;
/**
 * The one connection the spec models: its generation, its socket, its listener before it is
 * accepted, and whether the application closed it (Node destroys a socket once both sides
 * have closed, but for the application the connection is still closing until it is gone).
 */
let conn: { gen: number; socket?: net.Socket; server?: net.Server; closed?: boolean } = { gen: 0 };

function open(s: Setup): void {
  // The kernel's own IPv6 chatter (router solicitations) would only have to be filtered out.
  writeFileSync('/proc/sys/net/ipv6/conf/all/disable_ipv6', '1');
  writeFileSync('/proc/sys/net/ipv6/conf/default/disable_ipv6', '1');
  const addon = createRequire(import.meta.url)(s.addon) as { open(name: string): number };
  tunFd = addon.open(s.tun);
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  execFileSync('ip', ['addr', 'add', `${s.iutAddr}/30`, 'dev', s.tun]);
  execFileSync('ip', ['link', 'set', s.tun, 'up']);
  setup = s;
  setInterval(drainPackets, 1);
}

/**
 * Packets from the kernel, read on the main thread so they keep their order with the answers.
 * Node has no readiness events for a TUN fd, and a blocking read would hold a pool thread past
 * exit, so the fd is non-blocking: drained every millisecond, and before each answer.
 */
const packetBuffer = Buffer.alloc(65536);
function drainPackets(): void {
  if (tunFd === undefined) return;
  for (;;) {
    let n: number;
    try {
      n = readSync(tunFd, packetBuffer, 0, packetBuffer.length, null);
    } catch {
      return; // EAGAIN: nothing waiting (or the device is gone as the run ends)
    }
    emit({ ev: 'packet', packet: packetBuffer.subarray(0, n).toString('base64') });
  }
}

/**
 * Answer a command once what it set off has happened: Node makes some socket calls on a later
 * tick (connect), and the kernel queues its answer to a syscall or an injected packet on the
 * TUN device before the syscall returns. So: after pending ticks, drain the device, then answer.
 */
function answer(e: AgentEvent): void {
  setImmediate(() => {
    drainPackets();
    emit(e);
  });
}

function app(gen: number, kind: AppEventKind, data?: Buffer): undefined {
  emit({ ev: 'app', gen, kind, ...(data ? { data: data.toString('base64') } : {}) });
  return undefined;
}

/** The listener goes when closed or aborted before a connection arrives (LISTEN -> CLOSED). */
function stopListening(server: net.Server): undefined {
  server.close();
  delete conn.server;
  return undefined;
}

function adopt(gen: number, socket: net.Socket): void {
  conn.socket = socket;
  // Each send goes out at once, as the spec's sender does; Nagle's algorithm would hold small segments back.
  socket.setNoDelay(true);
  socket.on('data', (d: Buffer) => app(gen, 'data', d));
  socket.on('end', () => app(gen, 'eof'));
  socket.on('error', (err: NodeJS.ErrnoException) => app(gen, err.code === 'ECONNREFUSED' ? 'refused' : 'reset'));
}

function perform(c: Command): string | undefined {
  const s = setup;
  if (c.op === 'setup') {
    open(c.setup);
    return undefined;
  }
  if (!s || tunFd === undefined) throw new Error('the agent was not set up');
  const { gen, socket, server } = conn;
  switch (c.op) {
    case 'listen': {
      if (socket || server) return app(gen, 'exists');
      const srv = net.createServer({ allowHalfOpen: true }, (accepted) => {
        // One connection, as in the spec: the listener ends when it is accepted.
        srv.close();
        if (conn.gen !== c.gen || conn.socket) {
          accepted.resetAndDestroy();
          return;
        }
        delete conn.server;
        adopt(c.gen, accepted);
      });
      conn = { gen: c.gen, server: srv };
      srv.on('error', (err) => emit({ ev: 'failed', id: c.id, message: `listen: ${err.message}` }));
      srv.listen({ host: s.iutAddr, port: c.port });
      return undefined;
    }
    case 'connect': {
      if (socket || server) return app(gen, 'exists');
      conn = { gen: c.gen };
      adopt(
        c.gen,
        net.connect({
          host: s.peerAddr,
          port: c.peerPort,
          localAddress: s.iutAddr,
          localPort: c.port,
          allowHalfOpen: true,
        }),
      );
      return undefined;
    }
    case 'send':
      if (conn.closed) return app(gen, 'closing');
      if (!socket || socket.destroyed) return app(gen, 'no_connection');
      socket.write(Buffer.from(c.data, 'base64'));
      return undefined;
    case 'close':
      // close() is shutdown(SHUT_WR): a FIN, and the application still reads (FIN_WAIT_1/2 receive data).
      if (conn.closed) return app(gen, 'closing');
      if (socket?.connecting) {
        // close() in SYN_SENT: the connection goes, nothing is sent (Node's end() would wait for the handshake).
        socket.destroy();
        conn = { gen };
        return undefined;
      }
      if (socket && !socket.destroyed) {
        socket.end();
        conn.closed = true;
        return undefined;
      }
      return server ? stopListening(server) : app(gen, 'no_connection');
    case 'abort':
      // SO_LINGER 0 and close(): the kernel sends a RST. A socket closed in both directions is
      // gone already for Node (CLOSING, LAST_ACK, TIME_WAIT): then abort just forgets it.
      if ((socket && !socket.destroyed) || conn.closed) {
        // In SYN_SENT a plain close() drops the connection and sends nothing, as an abort should;
        // Node's resetAndDestroy() would wait for the handshake to complete first.
        if (socket?.connecting) socket.destroy();
        else socket?.resetAndDestroy();
        conn = { gen };
        return undefined;
      }
      return server ? stopListening(server) : app(gen, 'no_connection');
    case 'reset':
      socket?.resetAndDestroy();
      server?.close();
      conn = { gen: gen + 1 };
      return undefined;
    case 'inject':
    case 'settings':
      // Answered below, not here.
      return undefined;
    case 'state':
      return connectionState(parseProcNetTcp(readFileSync('/proc/net/tcp', 'utf8')), c.port, c.peerPort);
  }
}

function handle(line: string): void {
  let c: Command;
  try {
    c = JSON.parse(line) as Command;
  } catch {
    return; // the adapter writes only JSON; nothing to answer
  }
  try {
    if (c.op === 'inject') {
      const bytes = Buffer.from(c.packet, 'base64');
      write(tunFd!, bytes, 0, bytes.length, null, (err) =>
        answer(err ? { ev: 'failed', id: c.id, message: `TUN write: ${err.message}` } : { ev: 'done', id: c.id }),
      );
      return;
    }
    if (c.op === 'settings') {
      answer({ ev: 'done', id: c.id, settings: readSettings(setup?.tun) });
      return;
    }
    const state = perform(c);
    answer({ ev: 'done', id: c.id, ...(state !== undefined ? { state } : {}) });
  } catch (err) {
    answer({ ev: 'failed', id: c.id, message: (err as Error).message });
  }
}

// The adapter is gone: it closed our stdin, or our stdout broke.
process.stdout.on('error', () => process.exit(0));
const lines = createInterface({ input: process.stdin });
lines.on('line', handle);
lines.on('close', () => process.exit(0));
