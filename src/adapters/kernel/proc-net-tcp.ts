/**
 * The state of one connection as the kernel reports it in /proc/net/tcp (the same source as
 * `ss`), under the spec's state names. Read inside the namespace, so only our sockets show.
 */

/** include/net/tcp_states.h numbering; NEW_SYN_RECV is a request socket, a connection in SYN_RCVD. */
const STATES: Readonly<Record<number, string>> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RCVD',
  4: 'FIN_WAIT_1',
  5: 'FIN_WAIT_2',
  6: 'TIME_WAIT',
  7: 'CLOSED',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'SYN_RCVD',
};

interface Entry {
  readonly localPort: number;
  readonly remotePort: number;
  readonly state: string;
}

/** The rows of /proc/net/tcp: "sl local_address rem_address st ...", addresses as HEXADDR:HEXPORT. */
export function parseProcNetTcp(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const port = (a: string) => parseInt(a.split(':')[1] ?? '', 16);
    const state = STATES[parseInt(f[3]!, 16)];
    if (state) entries.push({ localPort: port(f[1]!), remotePort: port(f[2]!), state });
  }
  return entries;
}

/**
 * The state of the connection between `port` and `peerPort`. Without one, a listener on
 * `port` means LISTEN; otherwise CLOSED (the spec's one connection is gone, or never was).
 */
export function connectionState(entries: readonly Entry[], port: number, peerPort: number): string {
  const conn = entries.find((e) => e.localPort === port && e.remotePort === peerPort);
  if (conn) return conn.state;
  return entries.some((e) => e.localPort === port && e.state === 'LISTEN') ? 'LISTEN' : 'CLOSED';
}
