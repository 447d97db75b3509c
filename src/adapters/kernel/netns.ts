/**
 * Where the run's TCP lives: a network namespace made for the agent as it starts (`unshare
 * --net`), with the TUN device inside. The namespace has no name on the host and lives exactly
 * as long as the agent: runs at once cannot meet, and nothing is left behind however
 * tcpconform ends, killed outright included (the agent exits when its stdin closes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Unavailable } from './unavailable.js';

/** The TUN device, in the agent's namespace: each run has a namespace of its own, so one name does. */
export const TUN_DEVICE = 'tcpconform0';

/** Why namespaces and TUN devices cannot be made here, if they cannot. */
export function checkHost(): void {
  if (process.platform !== 'linux')
    throw new Unavailable(`the kernel adapter drives Linux's TCP; this is ${process.platform}`);
  if (process.getuid?.() !== 0)
    throw new Unavailable(
      'the kernel adapter needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) to create a network namespace and a TUN device',
    );
  if (!existsSync('/dev/net/tun'))
    throw new Unavailable('/dev/net/tun is missing (no TUN support in this kernel or container)');
  for (const [command, pkg] of [
    ['unshare', 'util-linux'],
    ['ip', 'iproute2'],
  ] as const) {
    const r = spawnSync(command, ['-V'], { stdio: 'ignore' });
    if (r.error) throw new Unavailable(`the ${command} command (${pkg}) is not available: ${r.error.message}`);
  }
}

/** The command line that runs `argv` in a new network namespace of its own. */
export function inNewNamespace(argv: readonly string[]): { command: string; args: string[] } {
  return { command: 'unshare', args: ['--net', '--', ...argv] };
}

/**
 * Why the namespace could not be made, from what `unshare` wrote before giving up
 * ("unshare: unshare failed: Operation not permitted"), or undefined when it was made.
 */
export function namespaceFailure(stderrLines: readonly string[]): string | undefined {
  const line = stderrLines.find((l) => l.startsWith('unshare: '));
  return line && `cannot create a network namespace (unshare --net): ${line.slice('unshare: '.length)}`;
}
