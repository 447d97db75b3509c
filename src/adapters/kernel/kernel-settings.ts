/**
 * The Linux settings that decide the spec's parameters, read in the agent's namespace (each
 * network namespace has its own TCP sysctls), and what they mean for the spec: the number of
 * SYN retransmissions and the retransmission timeout's floor. The window and MSS are not
 * settings: the adapter reads them off the kernel's own SYN (adapter.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SYN_LINEAR_PARAMETER } from '../../judge/retransmissions.js';
import { TLP_PARAMETER } from '../../../core/latitude.js';

/** The sysctls read, under net.ipv4. */
const SYSCTLS = [
  'tcp_syn_retries',
  'tcp_synack_retries',
  'tcp_retries2',
  'tcp_syn_linear_timeouts',
  'tcp_rto_min_us',
  'tcp_early_retrans',
];

/** The sysctls (absent ones left out) and the route's rto_min in ms (`route_rto_min_ms`) if the device's route sets one. */
export function readSettings(device: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of SYSCTLS) {
    try {
      const v = Number(readFileSync(`/proc/sys/net/ipv4/${name}`, 'utf8').trim());
      if (Number.isInteger(v)) out[name] = v;
    } catch {
      // an older kernel without it (tcp_syn_linear_timeouts came in 6.7, tcp_rto_min_us in 6.11)
    }
  }
  if (device !== undefined) {
    const rto = routeRtoMinMs(execFileSync('ip', ['route', 'show', 'dev', device], { encoding: 'utf8' }));
    if (rto !== undefined) out.route_rto_min_ms = rto;
  }
  return out;
}

/** `ip route` prints rto_min as "rto_min 300ms" or "rto_min 1s" (lock may come first). */
export function routeRtoMinMs(routes: string): number | undefined {
  const m = /\brto_min (?:lock )?(\d+(?:\.\d+)?)(ms|s)?\b/.exec(routes);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1));
}

/** Linux's fixed constants (include/net/tcp.h), which no setting changes. */
const TCP_TIMEWAIT_LEN_MS = 60_000;
const TCP_TIMEOUT_INIT_MS = 1000;
const TCP_RTO_MIN_MS = 200;

/**
 * The spec's parameters these settings give. SYN_RETRIES counts the SYN's retransmissions:
 * tcp_syn_retries, plus tcp_syn_linear_timeouts, which since Linux 6.7 come first, at the
 * initial timeout, before back-off starts (measured: spec/linux.yaml, linux.syn-schedule), which
 * SYN_LINEAR_TIMEOUTS reports. SYNACK_RETRIES is tcp_synack_retries; MAX_RETRIES (data, FIN)
 * is tcp_retries2.
 * MSL is half of TIME_WAIT's fixed 60 s.
 */
export function parametersFromSettings(s: Readonly<Record<string, number>>): Record<string, number> {
  const rtoMin = s.route_rto_min_ms ?? (s.tcp_rto_min_us !== undefined ? s.tcp_rto_min_us / 1000 : TCP_RTO_MIN_MS);
  return {
    MSL: TCP_TIMEWAIT_LEN_MS / 2,
    RTO: TCP_TIMEOUT_INIT_MS,
    RTO_MIN: rtoMin,
    ...(s.tcp_syn_retries !== undefined ? { SYN_RETRIES: s.tcp_syn_retries + (s.tcp_syn_linear_timeouts ?? 0) } : {}),
    ...(s.tcp_synack_retries !== undefined ? { SYNACK_RETRIES: s.tcp_synack_retries } : {}),
    // Linux turns tcp_retries2 into a time budget (retransmits_timed_out: about 925 s at 15, the RTO
    // capped at 120 s), which the spec's uncapped doubling does not model: the count is reported.
    ...(s.tcp_retries2 !== undefined ? { MAX_RETRIES: s.tcp_retries2 } : {}),
    ...(s.tcp_syn_linear_timeouts !== undefined ? { [SYN_LINEAR_PARAMETER]: s.tcp_syn_linear_timeouts } : {}),
    // tcp_early_retrans 3 and 4 turn tail loss probes on (Documentation/networking/ip-sysctl.rst).
    ...(s.tcp_early_retrans !== undefined ? { [TLP_PARAMETER]: s.tcp_early_retrans >= 3 ? 1 : 0 } : {}),
  };
}
