#!/bin/bash
# Linux's SYN retransmission schedule. As root, from an empty directory:
#   unshare --net PATH/TO/docs/linux/syn-schedule.sh
# (about 135 s). It runs inside a network namespace of its own, gone when the script ends:
# connect() to a neighbour that never answers, through a veth pair, with tcpdump timing each SYN.
# The run recorded in spec/linux.yaml (linux.syn-schedule) is syn-schedule.out.
set -e
ip link set lo up
ip link add tcpcf-a0 type veth peer name tcpcf-a1
ip addr add 198.18.7.1/24 dev tcpcf-a0
ip link set tcpcf-a0 up
ip link set tcpcf-a1 up
# A neighbour that never answers: the SYNs leave, nothing comes back.
ip neigh add 198.18.7.2 lladdr 02:00:00:00:00:02 dev tcpcf-a0
for s in tcp_syn_retries tcp_synack_retries tcp_retries2 tcp_syn_linear_timeouts tcp_rto_min_us tcp_orphan_retries; do
  echo "$s = $(cat /proc/sys/net/ipv4/$s 2>/dev/null || echo absent)"
done
uname -r
tcpdump -i tcpcf-a0 -n -tt -l 'tcp[tcpflags] & tcp-syn != 0' > syn.pcap.txt 2>tcpdump.err &
TD=$!
sleep 1
python3 - <<'PY'
import socket, time
s = socket.socket()
t = time.time()
print("connect at", repr(t), flush=True)
try:
    s.connect(("198.18.7.2", 9))
except OSError as e:
    print("connect failed after %.3f s: %s" % (time.time() - t, e), flush=True)
PY
sleep 1
kill $TD
wait $TD || true
