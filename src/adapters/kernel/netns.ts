/**
 * The run's network namespace and TUN device, named after tcpconform's process id so that a
 * run removes only its own, and the next run can tell a leftover (its process is gone) from
 * a namespace another live run is using.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Unavailable } from './unavailable.js';

const PREFIX = 'tcpconform-';

export interface Names {
  readonly netns: string;
  readonly tun: string;
}

export function namesFor(pid: number): Names {
  // Interface names have at most 15 characters: "tcf" and a pid fit.
  return { netns: `${PREFIX}${pid}`, tun: `tcf${pid}` };
}

function ip(args: readonly string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.error) throw new Unavailable(`the ip command (iproute2) is not available: ${r.error.message}`);
  return { ok: r.status === 0, out: r.stdout, err: r.stderr.trim() };
}

/** Why namespaces and TUN devices cannot be made here, if they cannot. */
export function checkHost(): void {
  if (process.platform !== 'linux')
    throw new Unavailable(`the kernel adapter drives Linux's TCP; this is ${process.platform}`);
  if (process.getuid?.() !== 0)
    throw new Unavailable(
      'the kernel adapter needs root (CAP_NET_ADMIN) to create a network namespace and a TUN device',
    );
  if (!existsSync('/dev/net/tun'))
    throw new Unavailable('/dev/net/tun is missing (no TUN support in this kernel or container)');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove namespaces an earlier run left behind (its process is gone). */
export function removeLeftovers(): void {
  for (const line of ip(['netns', 'list']).out.split('\n')) {
    const m = new RegExp(`^${PREFIX}(\\d+)\\b`).exec(line.trim());
    if (m && !alive(Number(m[1]))) deleteNamespace(`${PREFIX}${m[1]}`);
  }
}

export function createNamespace(name: string): void {
  const r = ip(['netns', 'add', name]);
  if (!r.ok) throw new Unavailable(`cannot create network namespace ${name}: ${r.err}`);
}

/** Delete the namespace (its TUN device goes with it); quietly, since it may be gone already. */
export function deleteNamespace(name: string): void {
  spawnSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
}
