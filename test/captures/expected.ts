/**
 * What a correct `tcpconform check` finds in each capture of this directory (made by make.sh;
 * README.md says how), and whether it finds exactly that today. test/own-captures.test.ts
 * asserts the rows that are right today; the rows marked wrong are the work left for the
 * checker (issue 14): each says what it reports instead, so the row can become an assertion
 * once that is fixed. No test asserts what is wrong.
 */
export interface Expected {
  readonly file: string;
  /** How the capture was made (make.sh's function). */
  readonly made: string;
  /** What a correct checker reports, rfc9293 profile. */
  readonly correct: string;
  /** Violations a correct checker counts, rfc9293 profile. */
  readonly violations: number;
  /** The rules each end should pass, at least (client, server); the checker may pass more. */
  readonly passes?: { readonly client: readonly string[]; readonly server: readonly string[] };
  /** What the report says, once, of where the connection was captured (offload, one-sided); none when nothing. */
  readonly says?: string;
  /** The frames each end sends beyond its peer's window (src/check/window.ts); none when absent. */
  readonly beyond?: { readonly client?: readonly number[]; readonly server?: readonly number[] };
  /** Undefined when today's report is right; else what it says instead. */
  readonly wrongToday?: string;
}

export const EXPECTED: readonly Expected[] = [
  {
    file: 'loopback.pcap',
    made: 'loopback: Linux on lo in a namespace of its own, ping/pong, the client closes first',
    correct: 'no finding; handshake, data and a four-way teardown',
    violations: 0,
    passes: { client: ['H1', 'H3', 'H4', 'W1', 'W4'], server: ['H2', 'H3', 'H4', 'W2', 'W3'] },
  },
  {
    file: 'veth-offload-off.pcap',
    made: 'offload off: veth between two namespaces, GRO/TSO/GSO off, 24 KB from the server, captured at the server',
    correct: 'no finding; every data segment at most one MSS',
    violations: 0,
    passes: { client: ['H1', 'H3', 'H4', 'W1', 'W4'], server: ['H2', 'H3', 'H4', 'W2', 'W3'] },
  },
  {
    file: 'crossed-fins.pcap',
    made: 'crossed: 50 ms each way through path.py; both ends shut down at the same moment, so the FINs cross',
    correct: 'no finding; both ends pass the simultaneous close (RFC.simclose)',
    violations: 0,
    passes: { client: ['H1', 'H3', 'W1', 'RFC.simclose'], server: ['H2', 'H3', 'W1', 'RFC.simclose'] },
  },
  {
    file: 'veth-offload-on.pcap',
    made: 'offload on: as offload off with GRO/TSO/GSO on; the server hands 7,240-octet super-segments (5 x MSS 1448) to the NIC',
    correct:
      'no finding; each super-segment accepted as a run of MSS-sized segments (offload, said once: both ends are on one host, so the handshake does not tell TSO at the sender from GRO at the receiver)',
    violations: 0,
    passes: { client: ['H1', 'H3', 'H4', 'W1', 'W4'], server: ['H2', 'H3', 'H4', 'W2', 'W3'] },
    says: "offload, TSO/GSO at the sender or GRO/LRO at the receiver (the handshake's timing does not tell the capture point): 3 segments larger than the peer's MSS, each judged as the run of MSS-sized segments the wire carried (frames 8, 10, 12)",
  },
  {
    file: 'path-loss-reorder.pcap',
    made: "lossy: 10 ms each way through path.py, which drops the server's 3rd and 9th data segments and swaps the 6th and 7th, captured at the client",
    correct:
      "no violation; capture gaps where the server's data was lost or reordered before the capture point; the client's duplicate ACKs and the server's retransmissions are correct",
    violations: 0,
  },
  {
    file: 'one-sided.pcap',
    made: "one-sided: tcpdump -Q out at the client, so only the client's frames are in the file",
    correct: 'no violation; "one-sided capture: only the client\'s frames", said once; the server not judged',
    violations: 0,
    passes: { client: ['H1', 'H3', 'H4', 'W1', 'W4'], server: [] },
    says: "one-sided capture: only the client's frames; the server is not judged, and what it sent is inferred from the client's ACKs",
  },
  {
    file: 'from-synack.pcap',
    made: "from SYN+ACK: tcpdump's filter leaves out the client's SYN, so the capture starts at the SYN+ACK",
    correct: 'no violation; the server starts in SYN_RCVD having sent the SYN+ACK the capture begins with',
    violations: 0,
  },
  {
    file: 'beyond-window.pcap',
    made: 'beyond the window: the client (Linux, SO_RCVBUF 1: window 1,152) talks to window.py, a server on raw frames that sends 4 x 1,000 octets at once; the client ACKs each with window 152, then closes with data unread (RST)',
    correct:
      "one finding, against the server: frames 6, 8 and 10 send beyond the client's advertised window (RCV.NXT 1001 + window 152), a warning (RFC 9293 §3.8.6 has no MUST for it; SHLD-15 is the nearest label); the client's ACKs of out-of-window data (<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>) are accepted and its RST is correct",
    violations: 0,
    passes: { client: ['H1', 'H3'], server: ['H2', 'H3', 'H4'] },
    beyond: { server: [6, 8, 10] },
  },
];
