#!/usr/bin/env python3
"""A path between two veth ends, in a namespace of its own (make.sh): every Ethernet frame
that arrives on one interface leaves by the other after DELAY ms, except that the server's
data segments (TCP from port 8000 with data) numbered in DROP are dropped and those in SWAP
are held back and sent after the next one. It stands in for `tc netem`, which this machine's
kernel lacks, and unlike netem it does the same thing on every run.

  path.py IF_CLIENT IF_SERVER DELAY_MS [DROP=n,n...] [SWAP=n,n...]
"""
import errno
import heapq
import select
import socket
import sys
import time

ETH_P_ALL = 3
PACKET_OUTGOING = 4


def numbers(name: str) -> set:
    for a in sys.argv[4:]:
        if a.startswith(name + "="):
            return {int(n) for n in a[len(name) + 1 :].split(",") if n}
    return set()


def server_data(frame: bytes) -> bool:
    """IPv4 TCP from port 8000 carrying data."""
    if len(frame) < 54 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return False
    ihl = (frame[14] & 0x0F) * 4
    total = int.from_bytes(frame[16:18], "big")
    tcp = 14 + ihl
    return int.from_bytes(frame[tcp : tcp + 2], "big") == 8000 and total - ihl - (frame[tcp + 12] >> 4) * 4 > 0


def main() -> None:
    client_if, server_if, delay = sys.argv[1], sys.argv[2], float(sys.argv[3]) / 1000
    drop, swap = numbers("DROP"), numbers("SWAP")
    socks = {}
    for name in (client_if, server_if):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((name, 0))
        socks[name] = s
    other = {socks[client_if]: socks[server_if], socks[server_if]: socks[client_if]}
    queue = []  # (time to send, order, socket, frame)
    order = 0
    data = 0
    held = None
    while True:
        timeout = max(0.0, queue[0][0] - time.time()) if queue else None
        ready, _, _ = select.select(list(other), [], [], timeout)
        for s in ready:
            frame, addr = s.recvfrom(65536)
            if addr[2] == PACKET_OUTGOING:
                continue
            out = [frame]
            if s is socks[server_if] and server_data(frame):
                data += 1
                if data in drop:
                    out = []
                elif data in swap:
                    held, out = frame, []
                elif held is not None:
                    out, held = [frame, held], None
            for f in out:
                order += 1
                heapq.heappush(queue, (time.time() + delay, order, other[s], f))
        while queue and queue[0][0] <= time.time():
            _, _, s, f = heapq.heappop(queue)
            s.send(f)


if __name__ == "__main__":
    try:
        main()
    except OSError as err:
        # make.sh deleting the namespaces takes the interfaces away: the path's end.
        if err.errno not in (errno.ENETDOWN, errno.ENODEV, errno.ENXIO):
            raise
