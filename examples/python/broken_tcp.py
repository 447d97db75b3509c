#!/usr/bin/env python3
"""
A deliberately broken TCP endpoint: what a failing tcpconform run looks like.

It is tcp_endpoint.py with ONE planted bug, a classic first-week mistake: the SYN+ACK
acknowledges the client's sequence number itself instead of that number + 1. The SYN
occupies one sequence number (RFC 9293 §3.4), so the right AN is IRS + 1 -- memo rule H2.

    npx tcpconform run --exec "python3 examples/python/broken_tcp.py"

exits 1, and every test where the endpoint plays the server and gets as far as the
SYN+ACK fails there, with a message like

    segment 1: AN: expected IRS+1 (1000000001), got IRS+0 (1000000000)

In the rule table, the rules those tests were really about (H4, W1, ... as server) are
counted as *blocked*: the tests never got past the handshake. Every client-side test, and
the passive open itself, still pass.

Everything else is inherited from tcp_endpoint.py unchanged; test/examples-python.test.ts
runs both files to check that tcpconform catches the bug.
"""

import os
import sys

# Make "import tcp_endpoint" work however this script is started, without leaving a
# __pycache__ directory behind in the examples.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

import tcp_endpoint  # noqa: E402  (after the sys.path line on purpose)


class BrokenEndpoint(tcp_endpoint.TcpEndpoint):
    """TcpEndpoint with the H2 bug."""

    def send_syn_ack(self) -> None:
        # BUG (rule H2): AN should be RCV.NXT (= IRS + 1), but this acknowledges IRS itself,
        # as if the SYN took no sequence number. Compare TcpEndpoint.send_syn_ack.
        self.send_segment(("SYN", "ACK"), seq=self.iss, ack=self.irs, mss=self.MSS)


if __name__ == "__main__":
    tcp_endpoint.main(BrokenEndpoint)
