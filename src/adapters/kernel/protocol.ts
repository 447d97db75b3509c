/**
 * The messages between the kernel adapter (in tcpconform's process) and its agent (a child
 * process inside the run's network namespace, where the socket calls and the TUN device must
 * live). One JSON object per line each way. Bytes travel as base64.
 */
import type { AppEventKind } from '../../../core/case.js';

export interface Setup {
  readonly tun: string;
  readonly iutAddr: string;
  readonly peerAddr: string;
  /** Where the compiled TUN addon is. */
  readonly addon: string;
}

/** What the adapter asks; application calls act on the connection of generation `gen` (a reset starts the next). */
export type Request =
  | { readonly op: 'setup'; readonly setup: Setup }
  | { readonly op: 'listen'; readonly gen: number; readonly port: number }
  | { readonly op: 'connect'; readonly gen: number; readonly port: number; readonly peerPort: number }
  | { readonly op: 'send'; readonly data: string }
  | { readonly op: 'close' }
  | { readonly op: 'abort' }
  | { readonly op: 'reset' }
  | { readonly op: 'inject'; readonly packet: string }
  | { readonly op: 'state'; readonly port: number; readonly peerPort: number }
  /** The namespace's TCP settings (kernel-settings.ts). */
  | { readonly op: 'settings' };

/** A request on the wire: answered by a done or failed event with the same id. */
export type Command = Request & { readonly id: number };

export type AgentEvent =
  /** The command `id` was carried out; `state` answers a state command, `settings` a settings command. */
  | {
      readonly ev: 'done';
      readonly id: number;
      readonly state?: string;
      readonly settings?: Readonly<Record<string, number>>;
    }
  /** The command `id` could not be carried out (the namespace or device is broken). */
  | { readonly ev: 'failed'; readonly id: number; readonly message: string }
  /** An IP packet the kernel sent out of the TUN device. */
  | { readonly ev: 'packet'; readonly packet: string }
  /** What the application of connection `gen` saw. */
  | { readonly ev: 'app'; readonly gen: number; readonly kind: AppEventKind; readonly data?: string };
