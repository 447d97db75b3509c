#!/usr/bin/env python3
"""A sender that sends beyond its peer's window, for make.sh's "beyond_window" capture.

  window.py server IFACE ADDR   answer one SYN to ADDR:8000 on IFACE from raw frames, then send
                                4 segments of 1,000 octets at once, whatever the window
  window.py client ADDR         connect with the smallest receive buffer, read nothing, close
                                after a second (the kernel resets: data was left unread)

The server is not a socket: no stack would send beyond the window. It owns an address no
kernel in its namespace has, so only these frames answer the client.
"""
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
ISN = 1000
DATA = 1000


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def segment(src: bytes, dst: bytes, sport: int, dport: int, seq: int, ack: int, flags: int, payload: bytes = b"", mss: bool = False) -> bytes:
    options = struct.pack("!BBH", 2, 4, 1460) if mss else b""
    offset = (20 + len(options)) // 4
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, offset << 4, flags, 65535, 0, 0) + options + payload
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return ip + tcp


def server(iface: str, addr: str) -> None:
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    s.bind((iface, 0))
    me = socket.inet_aton(addr)
    while True:
        frame = s.recv(65536)
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        if ip[9] != 6 or ip[16:20] != me:
            continue
        tcp = ip[ihl:]
        sport, dport, seq = struct.unpack("!HHI", tcp[:8])
        if dport == 8000 and tcp[13] == 0x02:
            break
    peer = ip[12:16]
    back = frame[6:12] + frame[0:6] + frame[12:14]

    def send(seg: bytes) -> None:
        s.send(back + seg)

    send(segment(me, peer, 8000, sport, ISN, seq + 1, 0x12, mss=True))
    time.sleep(0.2)
    # Four segments at once: the client's window (its buffer is the smallest Linux allows) holds about one.
    for i in range(4):
        send(segment(me, peer, 8000, sport, ISN + 1 + i * DATA, seq + 1, 0x18, b"x" * DATA))
    time.sleep(1.5)


def client(addr: str) -> None:
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
    c.connect((addr, 8000))
    time.sleep(1)
    c.close()


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2], sys.argv[3])
    else:
        client(sys.argv[2])
