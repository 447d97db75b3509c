/**
 * Processes a test started, found through the processes it started itself (by pid, in /proc),
 * never by a pattern over the machine's process list: another run on the same machine is none
 * of a test's business.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A process as seen once: its pid and start time, so a pid the kernel reused is not taken for it. */
export interface Proc {
  readonly pid: number;
  readonly start: string;
}

/** Fields 3 on of /proc/PID/stat (after the command name, which may hold spaces), or undefined when gone. */
function stat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The process now behind `pid`, or undefined when there is none. */
export function procOf(pid: number): Proc | undefined {
  const f = stat(pid);
  // Field 22, the start time: the 20th after the command name.
  return f && { pid, start: f[19]! };
}

/** Whether the process still runs (a zombie has ended: only its exit status is left to collect). */
export function running(p: Proc): boolean {
  const f = stat(p.pid);
  return f !== undefined && f[19] === p.start && f[0] !== 'Z';
}

/** The processes `pid` started that are still its children. */
export function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/** The network namespace a process is in ("net:[4026532…]"), or undefined when it is gone. */
export function netnsOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
}

/**
 * The processes in network namespace `ns`. A namespace without a name or an open handle lives
 * as long as a process is in it: none left means it is gone, with its devices.
 */
export function processesIn(ns: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => netnsOf(pid) === ns);
}
