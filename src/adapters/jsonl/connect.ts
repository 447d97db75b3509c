/**
 * `--connect HOST:PORT`: an engine that runs as a server, spoken to over one TCP connection
 * on this machine. A broken connection is opened again before the next test.
 */
import { connect as netConnect } from 'node:net';
import type { Transport } from './adapter.js';
import { t, type Text } from '../../i18n/text.js';

export function parseHostPort(value: string): { host: string; port: number } | undefined {
  const m = /^(.+):(\d{1,5})$/.exec(value);
  if (!m || Number(m[2]) > 65535) return undefined;
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) };
}

export function openConnection(host: string, port: number): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    const ended = new Promise<Text>((done) => socket.on('close', () => done(t('impl.closedConnection'))));
    socket.once('error', (err) => reject(err));
    socket.once('connect', () => {
      socket.on('error', () => undefined); // the channel reports it through "ended"
      resolve({
        input: socket,
        output: socket,
        ended,
        log: () => [],
        logMark: () => 0,
        async stop() {
          socket.end();
          socket.destroy();
        },
      });
    });
  });
}
