#!/usr/bin/env python3
"""The two ends of the connections test/captures/make.sh captures: ordinary sockets, so the
kernel's TCP makes every segment. One role per process:

  peers.py server PORT MODE      listen on PORT, serve one connection, exit
  peers.py client HOST PORT MODE connect, play MODE, exit

MODE: "pingpong" (client sends ping, server answers pong; the client closes first, the server
250 ms later, so its ACK of the FIN and its own FIN are apart); "bulk" (the server sends
BULK octets, then both close as in pingpong); "crossed" (after ping/pong both ends shut down
their sending side at the same agreed moment, so with a path delay the FINs cross).
"""
import socket
import sys
import time

BULK = 24_000


def serve(port: int, mode: str) -> None:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(1)
    c, _ = s.accept()
    c.recv(100)
    # "crossed": the moment both ends shut down, 400 ms from now, sent along with the pong.
    deadline = f"{time.time() + 0.4:.3f}".encode() if mode == "crossed" else b""
    c.sendall(b"pong" + deadline)
    if mode == "bulk":
        c.sendall(b"x" * BULK)
    if mode == "crossed":
        crossed_close(c, float(deadline))
    else:
        while c.recv(4096):
            pass
        time.sleep(0.25)
        c.close()
    s.close()


def client(host: str, port: int, mode: str) -> None:
    # The server may still be starting (a loaded machine): a refused connection is tried again.
    for attempt in range(50):
        try:
            c = socket.create_connection((host, port))
            break
        except ConnectionRefusedError:
            if attempt == 49:
                raise
            time.sleep(0.1)
    c.sendall(b"ping")
    want = 4 + (BULK if mode == "bulk" else 14 if mode == "crossed" else 0)
    got = b""
    while len(got) < want:
        got += c.recv(65536)
    if mode == "crossed":
        crossed_close(c, float(got[4:]))
    else:
        c.shutdown(socket.SHUT_WR)
        while c.recv(4096):
            pass
        c.close()


def crossed_close(c: socket.socket, deadline: float) -> None:
    # Both ends wait for the same moment of the wall clock (one machine, one clock).
    time.sleep(max(0.0, deadline - time.time()))
    c.shutdown(socket.SHUT_WR)
    while c.recv(4096):
        pass
    c.close()


if __name__ == "__main__":
    if sys.argv[1] == "server":
        serve(int(sys.argv[2]), sys.argv[3])
    else:
        client(sys.argv[2], int(sys.argv[3]), sys.argv[4])
