#!/usr/bin/env python3
"""
A TCP endpoint for tcpconform, in plain Python 3 (standard library only).

This is the example to copy when you start your own implementation. It is one TCP
endpoint -- the "implementation under test" (IUT) -- that manages a single connection:
the three-way handshake, data in both directions, and the four-way teardown. It passes
the whole memo conformance suite:

    npx tcpconform run --exec "python3 examples/python/tcp_endpoint.py"

No real packets are sent. tcpconform plays both our application (above us) and our
network peer (below us), and talks to us in JSON lines on stdin/stdout: one request per
line in, exactly one reply per line out. The protocol is in docs/adapter-protocol.md.

The file reads top to bottom in five parts:

  1. Sequence-number arithmetic      (modulo 2^32, RFC 9293 §3.4)
  2. Segments                        (what travels between us and the peer)
  3. Time: the virtual clock and the ISN generator (RFC 6528)
  4. The connection state machine    (class TcpEndpoint -- the part you will change)
  5. The adapter protocol            (JSON lines on stdin/stdout)

The transitions of part 4 are those of spec/handshake.yaml, spec/data.yaml and
spec/teardown.yaml. Each one cites its memo rule IDs (H2, W4.2msl, ...; see
spec/rules.yaml) and its RFC 9293 section, so a failing test named "[H2] ..." leads you
straight to the code that implements rule H2.

Logging goes to stderr (tcpconform shows the last lines under a failing test). Never
print anything else to stdout: every stdout line must be a reply.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import os
import sys
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Optional


def log(message: str) -> None:
    """Write one line to our log (stderr). stdout is reserved for replies."""
    print(message, file=sys.stderr, flush=True)


# =============================================================================================
# Part 1. Sequence-number arithmetic (RFC 9293 §3.4)
#
# Sequence numbers are 32-bit and wrap around: after 2^32 - 1 comes 0. So we never use
# plain "+" or "<" on them. tcpconform tests every transition with ISNs of 2^32 - 1, so
# a single forgotten "% 2**32" shows up as a failing test.
# =============================================================================================

SEQ_MODULUS = 2**32


def seq_add(a: int, n: int) -> int:
    """a + n in sequence space (n may be negative)."""
    return (a + n) % SEQ_MODULUS


def seq_diff(a: int, b: int) -> int:
    """Signed distance from a to b: positive when b comes after a (RFC 1982 serial arithmetic).

    Example: seq_diff(2**32 - 1, 0) == 1, because 0 is the number right after 2^32 - 1.
    """
    d = (b - a) % SEQ_MODULUS
    return d - SEQ_MODULUS if d >= 2**31 else d


def seq_lt(a: int, b: int) -> bool:
    """a < b in sequence space."""
    return seq_diff(a, b) > 0


def seq_le(a: int, b: int) -> bool:
    """a <= b in sequence space."""
    return seq_diff(a, b) >= 0


# =============================================================================================
# Part 2. Segments
# =============================================================================================

# The control flags that choose a transition. PSH never does (the tester neither requires
# nor refuses it), so we leave it out when we compare flags.
CONTROL_FLAGS = ("SYN", "FIN", "RST", "ACK")
ALL_FLAGS = ("SYN", "FIN", "RST", "PSH", "ACK")

# RFC 9293 §3.7.1: a peer whose SYN has no MSS option can receive segments of 536 octets.
DEFAULT_PEER_MSS = 536


class BadRequest(Exception):
    """A request we cannot understand. The adapter answers it with an "error" reply."""


@dataclass
class Segment:
    """One TCP segment, with the header fields connection management needs."""

    src_port: int
    dst_port: int
    seq: int                    # SEG.SEQ
    ack: int                    # SEG.ACK (0 when the ACK flag is not set)
    flags: tuple[str, ...]      # e.g. ("SYN", "ACK")
    window: int                 # SEG.WND
    mss: Optional[int] = None   # the MSS option; None when the segment has none
    data: bytes = b""           # the payload

    def control(self) -> str:
        """The control flags as one key, e.g. "SYN+ACK" or "FIN+ACK" (PSH ignored)."""
        present = [f for f in CONTROL_FLAGS if f in self.flags]
        return "+".join(present) if present else "(none)"

    def __str__(self) -> str:
        """One line for the log, e.g. "SYN+ACK SN=2290000000 AN=1000000001 len=0 MSS=1460"."""
        mss = f" MSS={self.mss}" if self.mss is not None else ""
        return f"{'+'.join(self.flags) or '(no flags)'} SN={self.seq} AN={self.ack} len={len(self.data)}{mss}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "src_port": self.src_port,
            "dst_port": self.dst_port,
            "seq": self.seq,
            "ack": self.ack,
            "flags": list(self.flags),
            "window": self.window,
            "data": base64.b64encode(self.data).decode("ascii"),
        }
        if self.mss is not None:  # "absent when the segment has none"
            out["mss"] = self.mss
        return out

    @staticmethod
    def from_json(obj: Any) -> "Segment":
        """Check and convert the "segment" field of a request; BadRequest if malformed."""
        if not isinstance(obj, dict):
            raise BadRequest('"segment" must be an object')
        flags = obj.get("flags")
        if not isinstance(flags, list) or not all(f in ALL_FLAGS for f in flags):
            raise BadRequest(f'"flags" must be a list of {", ".join(ALL_FLAGS)}; got {flags!r}')
        mss = obj.get("mss")
        if mss is not None:
            mss = _int_field(obj, "mss", 1, 0xFFFF)
        return Segment(
            src_port=_int_field(obj, "src_port", 0, 0xFFFF),
            dst_port=_int_field(obj, "dst_port", 0, 0xFFFF),
            seq=_int_field(obj, "seq", 0, SEQ_MODULUS - 1),
            ack=_int_field(obj, "ack", 0, SEQ_MODULUS - 1, default=0),
            flags=tuple(f for f in ALL_FLAGS if f in flags),  # canonical order, no duplicates
            window=_int_field(obj, "window", 0, 0xFFFF, default=0),
            mss=mss,
            data=_base64_field(obj, "data"),
        )


def _int_field(obj: dict[str, Any], name: str, low: int, high: int, default: Optional[int] = None) -> int:
    value = obj.get(name, default)
    # bool is a subclass of int in Python: refuse true/false explicitly.
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BadRequest(f'"{name}" must be an integer in {low}..{high}; got {value!r}')
    return value


def _base64_field(obj: dict[str, Any], name: str) -> bytes:
    value = obj.get(name)
    if value is None:
        return b""
    if not isinstance(value, str):
        raise BadRequest(f'"{name}" must be a base64 string')
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest(f'"{name}" is not valid base64: {value[:40]!r}') from None


# =============================================================================================
# Part 3. Time: the virtual clock and the ISN generator
# =============================================================================================


class VirtualClock:
    """Time that moves only when tcpconform says so (the "virtual_clock" capability).

    Tests must not wait four real minutes for TIME_WAIT to end, so time is a number we
    keep ourselves: `advance` requests move it forward, and the timers that come due on
    the way fire in deadline order.
    """

    def __init__(self) -> None:
        self.now_us = 0                      # microseconds since this process started
        self.timers: dict[str, int] = {}     # timer name -> deadline (microseconds)

    def start_timer(self, name: str, after_ms: int) -> None:
        self.timers[name] = self.now_us + after_ms * 1000

    def cancel_all(self) -> None:
        self.timers.clear()

    def advance(self, ms: float, fire: Callable[[str], None]) -> None:
        """Move forward by `ms`, calling fire(name) for each timer that expires, in order."""
        until = self.now_us + round(ms * 1000)
        while True:
            due = [(at, name) for name, at in self.timers.items() if at <= until]
            if not due:
                break
            at, name = min(due)
            del self.timers[name]
            self.now_us = at          # the timer fires at its own deadline, not at `until`
            fire(name)
        self.now_us = until


class IsnGenerator:
    """Initial sequence numbers as RFC 6528 §3 recommends (memo rule H1.isn):

        ISN = M + F(localip, localport, remoteip, remoteport, secretkey)

    M is a clock ticking every 4 microseconds (RFC 793 §3.3), so successive connections
    start at different numbers; F is a keyed hash of the connection's addresses and ports,
    so an off-path attacker cannot guess the ISN of someone else's connection.
    """

    TICK_US = 4

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.secret = os.urandom(32)           # random per process, as RFC 6528 asks
        self.forced: Optional[int] = None      # set by `reset` with "isn" (isn_override)

    def force_next(self, isn: Optional[int]) -> None:
        """The next ISN will be exactly `isn` (tcpconform uses 2^32 - 1 to test wrap-around)."""
        self.forced = isn

    def next_isn(self, local: tuple[str, int], remote: tuple[str, int]) -> int:
        if self.forced is not None:
            isn, self.forced = self.forced, None
            return isn
        four_tuple = f"{local[0]}|{local[1]}|{remote[0]}|{remote[1]}".encode()
        digest = hmac.new(self.secret, four_tuple, hashlib.sha256).digest()
        keyed_hash = int.from_bytes(digest[:4], "big")
        return (self.clock.now_us // self.TICK_US + keyed_hash) % SEQ_MODULUS


# =============================================================================================
# Part 4. The connection state machine (RFC 9293 §3.3.2, spec/*.yaml)
# =============================================================================================


class TcpEndpoint:
    """One TCP endpoint with (at most) one connection.

    Inputs arrive through one method per event:

        call_listen(), call_connect(), call_send(data), call_close(), call_abort()
                                            -- the application calls us
        segment_arrives(seg)                -- a segment arrives from the peer
        timer_fires(name)                   -- a timer expires

    What we do in response is collected in self.segments_out (what we sent) and
    self.events_out (what we told the application); the adapter takes both after each
    request and puts them in its reply.

    An input that no transition of the spec accepts in the current state is ignored:
    we send nothing, tell the application nothing, and stay where we are.
    """

    # Our own parameters, announced to tcpconform in the init reply.
    MSS = 1460        # the largest payload we can receive; announced in our MSS option
    MSL_MS = 120_000  # maximum segment lifetime (RFC 9293 suggests 2 minutes)
    WINDOW = 65535    # the receive window we announce (we never shrink it)

    def __init__(self, local: tuple[str, int], peer: tuple[str, int], clock: VirtualClock, isn: IsnGenerator) -> None:
        self.local = local    # our (address, port)
        self.remote = peer    # the peer's (address, port); in LISTEN, the port comes from its SYN
        self.clock = clock
        self.isn = isn
        self.state = "CLOSED"

        # The connection variables (RFC 9293 §3.3.1, spec/machine.yaml).
        self.iss = 0       # ISS: our initial send sequence number
        self.irs = 0       # IRS: the peer's initial sequence number
        self.snd_una = 0   # SND.UNA: oldest sequence number sent but not yet acknowledged
        self.snd_nxt = 0   # SND.NXT: next sequence number we will send
        self.rcv_nxt = 0   # RCV.NXT: next sequence number we expect from the peer
        self.snd_mss = DEFAULT_PEER_MSS  # SND.MSS: largest payload the peer can receive

        self.segments_out: list[Segment] = []
        self.events_out: list[dict[str, str]] = []

    # ---------------------------------------------------------------- helpers

    def set_state(self, new_state: str, why: str) -> None:
        """Every state change goes through here, so the log shows each one."""
        log(f"{self.state} -> {new_state} ({why})")
        self.state = new_state

    def send_segment(self, flags: tuple[str, ...], seq: int, ack: int = 0, data: bytes = b"", mss: Optional[int] = None) -> None:
        """Put one segment on the wire (here: in the reply to the current request)."""
        seg = Segment(
            src_port=self.local[1], dst_port=self.remote[1],
            seq=seq, ack=ack if "ACK" in flags else 0,
            flags=flags, window=self.WINDOW, mss=mss, data=data,
        )
        log(f"  sent {seg}")
        self.segments_out.append(seg)

    def send_ack(self) -> None:
        """A bare ACK of everything received so far: SN = SND.NXT, AN = RCV.NXT."""
        self.send_segment(("ACK",), seq=self.snd_nxt, ack=self.rcv_nxt)

    def send_data(self, data: bytes) -> None:
        """Send application data, cut into segments of at most SND.MSS octets (H1.mss, H2.mss).

        RFC 9293 §3.7.1: the peer's MSS option is the largest segment *it* can receive,
        so it limits what *we* send. SND.NXT moves past the data (RFC 9293 §3.10.2).
        """
        for start in range(0, len(data), self.snd_mss):
            chunk = data[start:start + self.snd_mss]
            self.send_segment(("PSH", "ACK"), seq=seq_add(self.snd_nxt, start), ack=self.rcv_nxt, data=chunk)
        self.snd_nxt = seq_add(self.snd_nxt, len(data))

    def send_fin(self) -> None:
        """Close our sending direction: FIN+ACK with SN = SND.NXT; the FIN uses one number."""
        self.send_segment(("FIN", "ACK"), seq=self.snd_nxt, ack=self.rcv_nxt)
        self.snd_nxt = seq_add(self.snd_nxt, 1)

    def send_syn_ack(self) -> None:
        """H2, H2.mss: our SYN+ACK. SN = our ISN, AN = RCV.NXT = the client's SN + 1
        (its SYN used one sequence number), and our MSS option."""
        self.send_segment(("SYN", "ACK"), seq=self.iss, ack=self.rcv_nxt, mss=self.MSS)

    def deliver(self, data: bytes) -> None:
        """Hand received data to the application."""
        if data:
            self.events_out.append({"type": "data", "data": base64.b64encode(data).decode("ascii")})

    def notify(self, event: str) -> None:
        """Tell the application something: "eof", "reset", ..."""
        self.events_out.append({"type": event})

    def acks_our_syn(self, seg: Segment) -> bool:
        """SND.UNA < SEG.ACK <= SND.NXT: the segment acknowledges our SYN (RFC 9293 §3.10.7.3)."""
        return seq_lt(self.snd_una, seg.ack) and seq_le(seg.ack, self.snd_nxt)

    def ack_is_acceptable(self, seg: Segment) -> bool:
        """SND.UNA <= SEG.ACK <= SND.NXT: nothing we have not sent is acknowledged (§3.10.7.4)."""
        return seq_le(self.snd_una, seg.ack) and seq_le(seg.ack, self.snd_nxt)

    # ------------------------------------------------------- the application calls us

    def call_listen(self) -> None:
        if self.state == "CLOSED":
            # [H2] CLOSED + listen() -> LISTEN. RFC 9293 §3.10.1.
            # A passive open sends nothing: it waits for a SYN.
            self.set_state("LISTEN", "passive open")

    def call_connect(self) -> None:
        if self.state == "CLOSED":
            # [H1 H1.isn H1.mss] CLOSED + connect() -> SYN_SENT. RFC 9293 §3.10.1.
            # Choose our ISN and send SYN with SN = ISN and our MSS option.
            self.iss = self.isn.next_isn(self.local, self.remote)
            self.snd_una = self.iss
            self.snd_nxt = seq_add(self.iss, 1)   # the SYN uses one sequence number
            self.send_segment(("SYN",), seq=self.iss, mss=self.MSS)
            self.set_state("SYN_SENT", "active open")

    def call_send(self, data: bytes) -> None:
        if self.state == "ESTABLISHED":
            # [H3 H4] ESTABLISHED + send(): data flows once the connection is up. RFC 9293 §3.10.2.
            self.send_data(data)
        elif self.state == "CLOSE_WAIT":
            # [W2.halfclose] CLOSE_WAIT + send(): the peer has closed *its* direction,
            # ours is still open, so we may go on sending. RFC 9293 §3.10.2.
            self.send_data(data)
        # In any other state the spec has no transition: ignored. (RFC 9293 §3.10.2 does
        # more: it queues data sent before ESTABLISHED, and answers "connection closing"
        # after our own close() -- the "closing" event of the protocol.)

    def call_close(self) -> None:
        if self.state == "ESTABLISHED":
            # [W1] ESTABLISHED + close() -> FIN_WAIT_1: we close first. RFC 9293 §3.10.4.
            self.send_fin()
            self.set_state("FIN_WAIT_1", "active close")
        elif self.state == "CLOSE_WAIT":
            # [W3] CLOSE_WAIT + close() -> LAST_ACK: the peer closed first and now our
            # application closes too. RFC 9293 §3.10.4. (The memo lets CLOSE_WAIT end by
            # itself after a while; TCP has no such timer, and the spec follows the RFC.)
            self.send_fin()
            self.set_state("LAST_ACK", "passive close")

    def call_abort(self) -> None:
        # Not in the memo spec, so no test checks it; RFC 9293 §3.10.5 ABORT, kept simple.
        # Where the peer knows about the connection, tell it with a RST (SN = SND.NXT).
        if self.state in ("SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT"):
            self.send_segment(("RST",), seq=self.snd_nxt)
        if self.state != "CLOSED":
            self.clock.cancel_all()
            self.set_state("CLOSED", "abort")

    # ------------------------------------------------------- a segment arrives

    def segment_arrives(self, seg: Segment) -> None:
        """Dispatch on our state to the method that handles segments in that state."""
        log(f"  got  {seg}  (in {self.state})")
        if seg.dst_port != self.local[1]:
            log(f"  ignored: a segment for port {seg.dst_port}, we are port {self.local[1]}")
            return
        if self.state not in ("CLOSED", "LISTEN") and seg.src_port != self.remote[1]:
            log(f"  ignored: a segment from port {seg.src_port}, our peer is port {self.remote[1]}")
            return
        handler = getattr(self, f"_segment_in_{self.state.lower()}", None)
        handled = handler(seg) if handler else False
        if not handled:
            log(f"  ignored: no transition takes {seg.control()} here")

    # Each _segment_in_<state> method returns True when a transition took the segment.

    def _segment_in_listen(self, seg: Segment) -> bool:
        if seg.control() == "SYN":
            # [H2 H2.mss] LISTEN + SYN -> SYN_RCVD. RFC 9293 §3.10.7.2.
            self.remote = (self.remote[0], seg.src_port)   # whoever connects is our peer
            self.irs = seg.seq
            self.rcv_nxt = seq_add(seg.seq, 1)             # the SYN uses one sequence number
            self.snd_mss = seg.mss if seg.mss is not None else DEFAULT_PEER_MSS
            self.iss = self.isn.next_isn(self.local, self.remote)
            self.snd_una = self.iss
            self.snd_nxt = seq_add(self.iss, 1)
            self.send_syn_ack()
            self.set_state("SYN_RCVD", "got SYN")
            return True
        return False

    def _segment_in_syn_sent(self, seg: Segment) -> bool:
        if seg.control() == "SYN+ACK" and self.acks_our_syn(seg):
            # [H3] SYN_SENT + SYN+ACK -> ESTABLISHED. RFC 9293 §3.10.7.3.
            # Answer with an ACK whose AN is the server's SN + 1.
            self.irs = seg.seq
            self.rcv_nxt = seq_add(seg.seq, 1)
            self.snd_una = seg.ack
            self.snd_mss = seg.mss if seg.mss is not None else DEFAULT_PEER_MSS
            self.send_ack()
            self.set_state("ESTABLISHED", "got SYN+ACK")
            return True
        return False

    def _segment_in_syn_rcvd(self, seg: Segment) -> bool:
        if seg.control() == "ACK" and self.acks_our_syn(seg) and seg.seq == self.rcv_nxt:
            self.snd_una = seg.ack
            if not seg.data:
                # [H4] SYN_RCVD + ACK -> ESTABLISHED, sending nothing. RFC 9293 §3.10.7.4.
                self.set_state("ESTABLISHED", "got the handshake's ACK")
            else:
                # [H3.data H4] The handshake's ACK may already carry data: deliver it and
                # acknowledge it. RFC 9293 §3.10.7.4.
                self.deliver(seg.data)
                self.rcv_nxt = seq_add(self.rcv_nxt, len(seg.data))
                self.send_ack()
                self.set_state("ESTABLISHED", "got the handshake's ACK, with data")
            return True
        return False

    def _segment_in_established(self, seg: Segment) -> bool:
        in_order = seg.seq == self.rcv_nxt
        if seg.control() == "ACK" and in_order and self.ack_is_acceptable(seg) and seg.data:
            # [H4] ESTABLISHED + data: deliver in-order data and acknowledge it. RFC 9293 §3.10.7.4.
            self.snd_una = seg.ack
            self.deliver(seg.data)
            self.rcv_nxt = seq_add(self.rcv_nxt, len(seg.data))
            self.send_ack()
            return True
        if seg.control() == "FIN+ACK" and in_order and self.ack_is_acceptable(seg):
            # [W2 W2.notify] ESTABLISHED + FIN -> CLOSE_WAIT: the peer closes first.
            # Deliver any data that came with the FIN, acknowledge the FIN (AN = FIN's SN + 1:
            # a FIN uses one sequence number) and tell the application "end of stream".
            # RFC 9293 §3.10.7.4 (eighth step).
            self.snd_una = seg.ack
            self.deliver(seg.data)
            self.rcv_nxt = seq_add(self.rcv_nxt, len(seg.data) + 1)
            self.send_ack()
            self.notify("eof")
            self.set_state("CLOSE_WAIT", "got FIN")
            return True
        return False

    def _segment_in_fin_wait_1(self, seg: Segment) -> bool:
        if seg.control() != "ACK" or seg.seq != self.rcv_nxt:
            return False
        if seg.data and seq_le(self.snd_una, seg.ack) and seq_lt(seg.ack, self.snd_nxt):
            # [W2.halfclose] FIN_WAIT_1 + data, our FIN not yet acknowledged: we closed our
            # direction, not the peer's, so we still deliver and acknowledge. RFC 9293 §3.10.7.4.
            self.snd_una = seg.ack
            self.deliver(seg.data)
            self.rcv_nxt = seq_add(self.rcv_nxt, len(seg.data))
            self.send_ack()
            return True
        if not seg.data and seg.ack == self.snd_nxt:
            # [W2.ack] FIN_WAIT_1 + ACK of our FIN -> FIN_WAIT_2, sending nothing. RFC 9293 §3.10.7.4.
            self.snd_una = seg.ack
            self.set_state("FIN_WAIT_2", "our FIN is acknowledged")
            return True
        return False

    def _segment_in_fin_wait_2(self, seg: Segment) -> bool:
        if seg.seq != self.rcv_nxt or seg.ack != self.snd_nxt:
            return False
        if seg.control() == "ACK" and seg.data:
            # [W2.halfclose] FIN_WAIT_2 + data: still delivered and acknowledged. RFC 9293 §3.10.7.4.
            self.deliver(seg.data)
            self.rcv_nxt = seq_add(self.rcv_nxt, len(seg.data))
            self.send_ack()
            return True
        if seg.control() == "FIN+ACK":
            # [W4 W2.notify] FIN_WAIT_2 + FIN -> TIME_WAIT: acknowledge the peer's FIN
            # (AN = FIN's SN + 1), signal end of stream, and wait 2*MSL so that old duplicates
            # of this connection die out before its numbers can be reused. RFC 9293 §3.10.7.4.
            self.deliver(seg.data)
            self.rcv_nxt = seq_add(self.rcv_nxt, len(seg.data) + 1)
            self.send_ack()
            self.notify("eof")
            self.clock.start_timer("time_wait", 2 * self.MSL_MS)
            self.set_state("TIME_WAIT", "got FIN")
            return True
        return False

    def _segment_in_last_ack(self, seg: Segment) -> bool:
        if seg.control() == "ACK" and seg.seq == self.rcv_nxt and seg.ack == self.snd_nxt:
            # [W5] LAST_ACK + ACK of our FIN -> CLOSED. RFC 9293 §3.10.7.4.
            self.snd_una = seg.ack
            self.set_state("CLOSED", "our FIN is acknowledged")
            return True
        return False

    # CLOSED, CLOSE_WAIT and TIME_WAIT have no _segment_in_ method: the spec has no
    # transition for a segment there, so every segment is ignored. (RFC 9293 does more --
    # answer with RST in CLOSED, re-acknowledge a retransmitted FIN in TIME_WAIT; see the
    # README's "what to change first".)

    # ------------------------------------------------------- a timer expires

    def timer_fires(self, name: str) -> None:
        if self.state == "TIME_WAIT" and name == "time_wait":
            # [W4.2msl] TIME_WAIT lasts 2*MSL, then the connection is CLOSED. RFC 9293 §3.10.8.
            self.set_state("CLOSED", "2*MSL passed")

    # ------------------------------------------------------- output

    def take_reaction(self) -> tuple[list[Segment], list[dict[str, str]]]:
        """Hand over (and forget) what we sent and signalled since the last call."""
        out = (self.segments_out, self.events_out)
        self.segments_out, self.events_out = [], []
        return out


# =============================================================================================
# Part 5. The adapter protocol: JSON lines on stdin/stdout (docs/adapter-protocol.md)
# =============================================================================================

PROTOCOL_VERSION = 1


class Adapter:
    """Turns each request line into calls on a TcpEndpoint, and builds the one reply."""

    def __init__(self, endpoint_class: type[TcpEndpoint] = TcpEndpoint) -> None:
        self.endpoint_class = endpoint_class
        # The clock and the ISN secret live as long as the process ("clocks and secrets
        # may carry on" across `reset`), as they would in a real host.
        self.clock = VirtualClock()
        self.isn = IsnGenerator(self.clock)
        self.local: Optional[tuple[str, int]] = None
        self.peer: Optional[tuple[str, int]] = None
        self.endpoint: Optional[TcpEndpoint] = None

    def handle_line(self, line: str) -> dict[str, Any]:
        """One request line in, one reply out."""
        try:
            request = json.loads(line)
        except json.JSONDecodeError as e:
            # We cannot know which request this was; say so rather than stay silent.
            return {"in_reply_to": None, "type": "error", "text": f"not JSON: {e}"}
        request_id = request.get("id") if isinstance(request, dict) else None
        if not isinstance(request_id, int) or isinstance(request_id, bool):
            return {"in_reply_to": None, "type": "error", "text": 'a request needs an integer "id"'}
        try:
            return {"in_reply_to": request_id, **self.handle(request)}
        except BadRequest as e:
            return {"in_reply_to": request_id, "type": "error", "text": str(e)}
        except Exception as e:  # a bug of ours: report it, log the traceback, keep running
            log(traceback.format_exc().rstrip())
            return {"in_reply_to": request_id, "type": "error", "text": f"internal error: {e!r}"}

    def handle(self, req: dict[str, Any]) -> dict[str, Any]:
        kind = req.get("type")
        if kind == "init":
            return self.on_init(req)
        if self.endpoint is None:
            raise BadRequest(f'"{kind}" before "init"')
        if kind == "reset":
            return self.on_reset(req)
        if kind == "call":
            return self.on_call(req)
        if kind == "segment":
            self.endpoint.segment_arrives(Segment.from_json(req.get("segment")))
            return self.reaction()
        if kind == "advance":
            ms = req.get("ms")
            if not isinstance(ms, (int, float)) or isinstance(ms, bool) or not 0 <= ms < math.inf:
                raise BadRequest(f'"ms" must be a number >= 0; got {ms!r}')
            log(f"clock +{ms} ms")
            self.clock.advance(ms, self.endpoint.timer_fires)
            return self.reaction()
        if kind == "state":
            return {"type": "state_ok", "state": self.endpoint.state}
        raise BadRequest(f"unknown request type {kind!r}")

    def on_init(self, req: dict[str, Any]) -> dict[str, Any]:
        if req.get("version") != PROTOCOL_VERSION:
            raise BadRequest(f"this endpoint speaks protocol version {PROTOCOL_VERSION}, not {req.get('version')!r}")
        self.local = _address(req, "iut")
        self.peer = _address(req, "peer")
        self.endpoint = self.new_endpoint()
        return {
            "type": "init_ok",
            "name": "python-example",
            "capabilities": {
                "state_query": True,     # we answer `state`
                "virtual_clock": True,   # time moves only by `advance`
                "isn_override": True,    # we honour `isn` in `reset`
                "raw_headers": False,    # segments are JSON fields, not real header bytes
            },
            "params": {"MSS": self.endpoint_class.MSS, "MSL": self.endpoint_class.MSL_MS},
        }

    def new_endpoint(self) -> TcpEndpoint:
        assert self.local is not None and self.peer is not None
        return self.endpoint_class(self.local, self.peer, self.clock, self.isn)

    def on_reset(self, req: dict[str, Any]) -> dict[str, Any]:
        isn = req.get("isn")
        if isn is not None:
            isn = _int_field(req, "isn", 0, SEQ_MODULUS - 1)
        # Forget the connection and its timers: the next test starts in CLOSED.
        self.clock.cancel_all()
        self.isn.force_next(isn)
        self.endpoint = self.new_endpoint()
        log("--- reset" + (f" (next ISN {isn})" if isn is not None else ""))
        return {"type": "reset_ok"}

    def on_call(self, req: dict[str, Any]) -> dict[str, Any]:
        assert self.endpoint is not None
        call = req.get("call")
        log(f"app calls {call}()")
        if call == "listen":
            self.endpoint.call_listen()
        elif call == "connect":
            self.endpoint.call_connect()
        elif call == "send":
            if not isinstance(req.get("data"), str):
                raise BadRequest('send needs "data" (base64)')
            self.endpoint.call_send(_base64_field(req, "data"))
        elif call == "close":
            self.endpoint.call_close()
        elif call == "abort":
            self.endpoint.call_abort()
        else:
            raise BadRequest(f"unknown call {call!r}")
        return self.reaction()

    def reaction(self) -> dict[str, Any]:
        assert self.endpoint is not None
        segments, events = self.endpoint.take_reaction()
        return {"type": "reaction", "segments": [s.to_json() for s in segments], "events": events}


def _address(req: dict[str, Any], name: str) -> tuple[str, int]:
    value = req.get(name)
    if not isinstance(value, dict) or not isinstance(value.get("addr"), str):
        raise BadRequest(f'"{name}" must be {{"addr": ..., "port": ...}}')
    return (value["addr"], _int_field(value, "port", 0, 0xFFFF))


def main(endpoint_class: type[TcpEndpoint] = TcpEndpoint) -> None:
    adapter = Adapter(endpoint_class)
    log(f"{endpoint_class.__name__} ready (pid {os.getpid()})")
    # Read requests until tcpconform closes our stdin, then exit.
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            reply = adapter.handle_line(line)
            sys.stdout.write(json.dumps(reply, separators=(",", ":")) + "\n")
            sys.stdout.flush()   # the tester waits for this line: never leave it in a buffer
    except (KeyboardInterrupt, BrokenPipeError):
        pass   # Ctrl-C, or the tester went away: nothing left to answer


if __name__ == "__main__":
    main()
