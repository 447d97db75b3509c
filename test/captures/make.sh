#!/usr/bin/env bash
# Regenerates the captures of this directory (README.md says what each should show). Needs
# root, iproute2 (ip, tc with netem), ethtool, tcpdump and python3. Every connection runs in
# network namespaces of this script's own ("tcpcap<pid>-a", "-b", and "-m" for a path in the
# middle), joined by veth pairs, which are deleted on exit, also on Ctrl-C; nothing outside
# them is touched. This kernel has no netem: loss, delay and reordering are made by path.py,
# a relay in the middle namespace.
#
#   test/captures/make.sh [NAME...]   (default: all of them)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tag="tcpcap$$"
A="$tag-a"
B="$tag-b"
M="$tag-m"
PORT=8000
# The processes this script started and has not yet waited for: only these are ever killed.
declare -A live=()

cleanup() {
  for p in "${!live[@]}"; do kill "$p" 2>/dev/null || true; done
  live=()
  ip netns del "$A" 2>/dev/null || true
  ip netns del "$B" 2>/dev/null || true
  ip netns del "$M" 2>/dev/null || true
  # tcpdump's messages, left behind when a capture was interrupted.
  rm -f "$here"/*.pcap.log
}
trap cleanup EXIT
trap 'exit 130' INT TERM

inA() { ip netns exec "$A" "$@"; }
inB() { ip netns exec "$B" "$@"; }
inM() { ip netns exec "$M" "$@"; }

# A fresh pair of namespaces: A (10.77.0.1, the client) and B (10.77.0.2, the server).
pair() {
  cleanup
  ip netns add "$A"
  ip netns add "$B"
  ip link add va netns "$A" type veth peer name vb netns "$B"
  inA ip addr add 10.77.0.1/24 dev va
  inB ip addr add 10.77.0.2/24 dev vb
  inA ip link set dev lo up
  inB ip link set dev lo up
  inA ip link set dev va up
  inB ip link set dev vb up
}

# capture NS IFACE FILE [tcpdump options...]: headers only (-s 128: IP's lengths still give each segment's).
capture() {
  local ns=$1 ifc=$2 file=$3
  shift 3
  rm -f "$file"
  # Links just set up (or reset by ethtool) settle before tcpdump attaches.
  sleep 0.5
  ip netns exec "$ns" tcpdump -i "$ifc" -s 128 -U --immediate-mode -n -w "$file" "$@" "tcp port $PORT" 2>"$file.log" &
  tcpdump_pid=$!
  live[$tcpdump_pid]=1
  for _ in $(seq 100); do grep -qs 'listening on' "$file.log" && break; sleep 0.05; done
}

stop_capture() {
  sleep 0.3
  kill -INT "$tcpdump_pid"
  wait "$tcpdump_pid" || true
  unset "live[$tcpdump_pid]"
  local n
  n=$(tcpdump -r "$1" 2>/dev/null | wc -l)
  if [ "$n" -lt 4 ]; then
    echo "make.sh: $1 holds $n frames: the capture missed the connection; run again" >&2
    cat "$1.log" >&2
    exit 1
  fi
  rm -f "$1.log"
}

# talk SERVER_NS CLIENT_NS SERVER_ADDR MODE: one connection, peers.py on both ends.
talk() {
  ip netns exec "$1" python3 "$here/peers.py" server "$PORT" "$4" &
  local server=$!
  live[$server]=1
  sleep 0.3
  ip netns exec "$2" python3 "$here/peers.py" client "$3" "$PORT" "$4"
  wait "$server"
  unset "live[$server]"
}

loopback() {
  pair
  capture "$A" lo "$here/loopback.pcap"
  talk "$A" "$A" 127.0.0.1 pingpong
  stop_capture "$here/loopback.pcap"
}

offload() {
  local state=$1
  pair
  inA ethtool -K va gro "$state" tso "$state" gso "$state" >/dev/null
  inB ethtool -K vb gro "$state" tso "$state" gso "$state" >/dev/null
  # At the sender of the bulk data: with TSO/GSO on, tcpdump sees segments before they are cut.
  capture "$B" vb "$here/veth-offload-$state.pcap"
  talk "$B" "$A" 10.77.0.2 bulk
  stop_capture "$here/veth-offload-$state.pcap"
}

# A (10.77.0.1) and B (10.77.0.2) joined through M, where path.py relays frames: path DELAY_MS [DROP=..] [SWAP=..].
path() {
  cleanup
  ip netns add "$A"
  ip netns add "$B"
  ip netns add "$M"
  ip link add va netns "$A" type veth peer name ma netns "$M"
  ip link add vb netns "$B" type veth peer name mb netns "$M"
  inA ip addr add 10.77.0.1/24 dev va
  inB ip addr add 10.77.0.2/24 dev vb
  local ns ifc
  for ns_if in "$A va" "$B vb" "$M ma" "$M mb"; do
    read -r ns ifc <<<"$ns_if"
    # Whole frames of MTU size with their checksums filled in: the relay forwards what it reads.
    ip netns exec "$ns" ethtool -K "$ifc" gro off tso off gso off tx off rx off >/dev/null
    ip netns exec "$ns" ip link set dev "$ifc" up
  done
  inM python3 "$here/path.py" ma mb "$@" &
  live[$!]=1
}

lossy() {
  # 10 ms each way; the server's 3rd and 9th data segments lost, the 6th overtaken by the 7th.
  path 10 DROP=3,9 SWAP=6
  capture "$A" va "$here/path-loss-reorder.pcap"
  talk "$B" "$A" 10.77.0.2 bulk
  stop_capture "$here/path-loss-reorder.pcap"
}

crossed() {
  # 50 ms each way: both FINs are sent before either arrives.
  path 50
  capture "$A" va "$here/crossed-fins.pcap"
  talk "$B" "$A" 10.77.0.2 crossed
  stop_capture "$here/crossed-fins.pcap"
}

one_sided() {
  pair
  capture "$A" va "$here/one-sided.pcap" -Q out
  talk "$B" "$A" 10.77.0.2 pingpong
  stop_capture "$here/one-sided.pcap"
}

from_synack() {
  pair
  # The client's SYN is filtered out: the capture starts at the SYN+ACK.
  capture "$A" va "$here/from-synack.pcap" 'tcp[tcpflags] != tcp-syn and'
  talk "$B" "$A" 10.77.0.2 pingpong
  stop_capture "$here/from-synack.pcap"
}

beyond_window() {
  pair
  # The server is window.py on raw frames at 10.77.0.3, an address B's kernel does not have.
  inA ip neigh add 10.77.0.3 lladdr "$(inB cat /sys/class/net/vb/address)" dev va
  capture "$A" va "$here/beyond-window.pcap"
  inB python3 "$here/window.py" server vb 10.77.0.3 &
  local server=$!
  live[$server]=1
  sleep 0.3
  inA python3 "$here/window.py" client 10.77.0.3
  wait "$server"
  unset "live[$server]"
  stop_capture "$here/beyond-window.pcap"
}

all=(loopback offload_on offload_off lossy crossed one_sided from_synack beyond_window)
offload_on() { offload on; }
offload_off() { offload off; }
for name in "${@:-${all[@]}}"; do
  echo "make.sh: $name" >&2
  "$name"
done
