/*
 * tcp_endpoint.c - one TCP endpoint, the "implementation under test" (IUT), for tcpconform.
 *
 * It implements connection management as the memo's rules describe it (spec/handshake.yaml,
 * spec/data.yaml, spec/teardown.yaml: the three-way handshake H1-H4, data in an open
 * connection, the four-way teardown W1-W5) and
 * speaks tcpconform's JSON-lines adapter protocol (docs/adapter-protocol.md): one JSON request
 * per line on stdin, one JSON reply per line on stdout, logs on stderr.
 *
 * No packets are sent: the tester plays both our application (the `call` requests) and our
 * network peer (the `segment` requests), and every reply lists the segments we sent and the
 * events we told our application. Time is virtual: it only moves when the tester says
 * `advance`.
 *
 * How this file is organised (read it top to bottom):
 *
 *   1. parameters, sequence-number arithmetic, states, segments
 *   2. the endpoint's memory: the TCB (connection) and the host (clock, ISN secret, output)
 *   3. what the state machine can do: send a segment, tell the application, change state,
 *      choose an ISN, start a timer
 *   4. THE STATE MACHINE: one function per event (RFC 9293 §3.10 "Event Processing"):
 *      call_listen, call_connect, call_send, call_close, call_abort, segment_arrives,
 *      timer_expires. Each transition cites its memo rule IDs (H2, W4.2msl, ...), its
 *      spec transition id and the RFC 9293 section.
 *   5. the adapter protocol: parse a request, run the event, write the reply
 *   6. main: read lines until stdin closes
 *
 * The spec is deliberately small (no RST, no retransmission, no simultaneous open/close).
 * Every input the spec has no transition for is ignored: an empty reaction and a log line.
 *
 * Build with -DBROKEN_NO_FIN_WAIT_2 for the deliberately broken variant the tests use
 * (search for BROKEN_NO_FIN_WAIT_2 below).
 */
#define _POSIX_C_SOURCE 200809L /* for getline() */

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base64.h"
#include "json.h"

/* =========================================================================================
 * 1. Parameters, sequence numbers, states, segments
 * ========================================================================================= */

/* Our parameters (spec/machine.yaml "parameters"); init_ok reports them to the tester. */
#define OUR_MSS 1460         /* largest payload we can receive; sent in our MSS option */
#define MSL_MS 120000u       /* maximum segment lifetime in ms; TIME_WAIT lasts 2*MSL */
#define DEFAULT_PEER_MSS 536 /* RFC 9293 §3.7.1: the MSS to assume when the SYN has no option */
#define OUR_WINDOW 65535     /* we deliver everything at once, so our window never shrinks */
#define PROTOCOL_VERSION 1

/*
 * Sequence numbers live on a circle of 2^32 (RFC 9293 §3.4): compare them by the sign of
 * their difference ("serial number arithmetic"), never with a plain < . An ISN of 2^32-1
 * is tested, so ISN+1 wraps to 0 and must still compare as "after" the ISN.
 * (uint32_t -> int32_t of a value >= 2^31 is implementation-defined in C11; gcc and clang
 * define it as two's complement, which is what we want.)
 */
static bool seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static bool seq_le(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }

/* The connection states (RFC 9293 §3.3.2), in the spelling of the protocol's `state` reply. */
enum tcp_state {
    CLOSED,
    LISTEN,
    SYN_SENT,
    SYN_RCVD,
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    CLOSE_WAIT,
    LAST_ACK,
    TIME_WAIT,
};

static const char *const STATE_NAMES[] = {
    [CLOSED] = "CLOSED",           [LISTEN] = "LISTEN",         [SYN_SENT] = "SYN_SENT",
    [SYN_RCVD] = "SYN_RCVD",       [ESTABLISHED] = "ESTABLISHED", [FIN_WAIT_1] = "FIN_WAIT_1",
    [FIN_WAIT_2] = "FIN_WAIT_2",   [CLOSE_WAIT] = "CLOSE_WAIT", [LAST_ACK] = "LAST_ACK",
    [TIME_WAIT] = "TIME_WAIT",
};

/* Control flags, as bits. The order of FLAG_NAMES is the protocol's canonical order. */
enum { FLAG_SYN = 1 << 0, FLAG_FIN = 1 << 1, FLAG_RST = 1 << 2, FLAG_PSH = 1 << 3, FLAG_ACK = 1 << 4 };
static const char *const FLAG_NAMES[] = { "SYN", "FIN", "RST", "PSH", "ACK" };
#define NUM_FLAGS 5

/* The flags that select a transition. PSH never does: a FIN+PSH+ACK is a FIN+ACK. */
#define CONTROL_FLAGS (FLAG_SYN | FLAG_FIN | FLAG_RST | FLAG_ACK)

/* A segment from the peer, as the tester describes it in a `segment` request. */
struct segment {
    uint16_t src_port, dst_port;
    uint32_t seq;   /* SEG.SEQ */
    uint32_t ack;   /* SEG.ACK (0 when the ACK flag is not set) */
    unsigned flags; /* FLAG_* bits */
    uint16_t window;
    bool has_mss;   /* the MSS option is present ... */
    uint16_t mss;   /* ... with this value */
    uint8_t *data;  /* the payload (malloc'd, never NULL) */
    size_t len;     /* SEG.DATA: its length */
};

/* =========================================================================================
 * 2. The endpoint's memory
 * ========================================================================================= */

/* A one-shot timer on the virtual clock. */
struct timer {
    bool armed;
    uint64_t deadline_us;
};

/*
 * The Transmission Control Block (RFC 9293 §3.3.1): everything about the one connection.
 * `reset` zeroes it, which is a CLOSED connection with no timer running.
 */
static struct tcb {
    enum tcp_state state;
    uint32_t iss;     /* ISS: our initial send sequence number */
    uint32_t irs;     /* IRS: the peer's initial sequence number */
    uint32_t snd_una; /* SND.UNA: oldest sequence number we sent that is not yet acknowledged */
    uint32_t snd_nxt; /* SND.NXT: next sequence number we send */
    uint32_t rcv_nxt; /* RCV.NXT: next sequence number we expect from the peer */
    uint16_t snd_mss; /* SND.MSS: largest payload the peer can receive (its MSS option or 536) */
    struct timer time_wait; /* the 2*MSL wait in TIME_WAIT */
} tcb;

/* What is not the connection: addresses, the virtual clock, the ISN secret, the output. */
static struct host {
    bool initialised; /* init received */
    char *iut_addr, *peer_addr;
    uint16_t iut_port, peer_port;
    uint64_t now_us;      /* the virtual clock, in microseconds since start */
    uint8_t secret[16];   /* the ISN hash key (RFC 6528), random per process */
    bool isn_forced;      /* `reset` with `isn`: the next ISN is ... */
    uint32_t forced_isn;  /* ... this one */
    /* The reaction being collected for the current request: JSON objects, comma-separated. */
    strbuf segments, events;
    size_t n_segments, n_events;
} host;

/* Logs go to stderr; tcpconform shows the last lines under a failing test. */
static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* "SYN+ACK", "PSH+ACK", ... for logs. */
static const char *flags_text(unsigned flags, char buf[32])
{
    buf[0] = '\0';
    for (int i = 0; i < NUM_FLAGS; i++) {
        if (!(flags & 1u << i)) continue;
        if (buf[0] != '\0') strcat(buf, "+");
        strcat(buf, FLAG_NAMES[i]);
    }
    if (buf[0] == '\0') strcpy(buf, "(no flags)");
    return buf;
}

/* Append data as a quoted base64 string. */
static void sb_base64(strbuf *sb, const uint8_t *data, size_t len)
{
    char *text = malloc(base64_encoded_length(len) + 1);
    if (text == NULL) {
        fputs("tcp_endpoint: out of memory\n", stderr);
        exit(1);
    }
    base64_encode(data, len, text);
    sb_puts(sb, "\"");
    sb_puts(sb, text);
    sb_puts(sb, "\"");
    free(text);
}

/* =========================================================================================
 * 3. What the state machine can do
 * ========================================================================================= */

/* Every state change goes through here, so the log shows each one: "OLD -> NEW (why)". */
static void set_state(enum tcp_state next, const char *why)
{
    log_line("%s -> %s (%s)", STATE_NAMES[tcb.state], STATE_NAMES[next], why);
    tcb.state = next;
}

/*
 * Send one segment to the peer: it goes into the current reaction. Our port is the source,
 * the peer's the destination. Only SYNs carry the MSS option (RFC 9293 §3.7.1).
 */
static void send_segment(unsigned flags, uint32_t seq, uint32_t ack, const uint8_t *data, size_t len)
{
    strbuf *sb = &host.segments;
    if (host.n_segments++ > 0) sb_puts(sb, ",");
    sb_printf(sb, "{\"src_port\":%u,\"dst_port\":%u,\"seq\":%" PRIu32 ",\"ack\":%" PRIu32 ",\"flags\":[",
              host.iut_port, host.peer_port, seq, (flags & FLAG_ACK) ? ack : 0);
    bool first = true;
    for (int i = 0; i < NUM_FLAGS; i++) {
        if (!(flags & 1u << i)) continue;
        sb_printf(sb, "%s\"%s\"", first ? "" : ",", FLAG_NAMES[i]);
        first = false;
    }
    sb_printf(sb, "],\"window\":%u,", OUR_WINDOW);
    if (flags & FLAG_SYN) sb_printf(sb, "\"mss\":%u,", OUR_MSS);
    sb_puts(sb, "\"data\":");
    sb_base64(sb, data, len);
    sb_puts(sb, "}");

    char f[32];
    log_line("  sent %s seq=%" PRIu32 " ack=%" PRIu32 " len=%zu%s", flags_text(flags, f), seq,
             (flags & FLAG_ACK) ? ack : 0, len, (flags & FLAG_SYN) ? " mss=1460" : "");
}

/* An empty ACK of everything received so far: SN = SND.NXT, AN = RCV.NXT. */
static void send_ack(void)
{
    send_segment(FLAG_ACK, tcb.snd_nxt, tcb.rcv_nxt, NULL, 0);
}

/*
 * The application's data, cut into segments of at most SND.MSS octets (H1.mss, H2.mss:
 * never send more than the peer said it can receive). Each is PSH+ACK and acknowledges
 * everything received. Sending nothing for empty data is our choice: the spec never does it.
 */
static void send_data(const uint8_t *data, size_t len)
{
    size_t mss = tcb.snd_mss > 0 ? tcb.snd_mss : DEFAULT_PEER_MSS; /* (never 0: see peer_mss) */
    for (size_t off = 0; off < len; off += mss) {
        size_t n = len - off < mss ? len - off : mss;
        send_segment(FLAG_PSH | FLAG_ACK, tcb.snd_nxt + (uint32_t)off, tcb.rcv_nxt, data + off, n);
    }
    tcb.snd_nxt += (uint32_t)len; /* each data octet uses one sequence number */
}

/* Tell the application: data arrived. */
static void deliver(const uint8_t *data, size_t len)
{
    if (len == 0) return;
    strbuf *sb = &host.events;
    if (host.n_events++ > 0) sb_puts(sb, ",");
    sb_puts(sb, "{\"type\":\"data\",\"data\":");
    sb_base64(sb, data, len);
    sb_puts(sb, "}");
    log_line("  delivered %zu octets", len);
}

/* Tell the application something else: "eof" (the peer has finished sending), ... */
static void notify(const char *event)
{
    strbuf *sb = &host.events;
    if (host.n_events++ > 0) sb_puts(sb, ",");
    sb_printf(sb, "{\"type\":\"%s\"}", event);
    log_line("  told the application: %s", event);
}

/* The peer's MSS: its option, or 536 when it sent none (RFC 9293 §3.7.1; H1.mss, H2.mss). */
static uint16_t peer_mss(const struct segment *seg)
{
    /* An MSS of 0 is nonsense (we could never send a byte); treat it like no option. */
    return seg->has_mss && seg->mss > 0 ? seg->mss : DEFAULT_PEER_MSS;
}

/*
 * F(): a keyed hash of the connection's 4-tuple (RFC 6528 §3). FNV-1a over the secret and
 * the addresses and ports, then a final mix so every input bit affects every output bit.
 * A production stack would use a cryptographic PRF such as SipHash; this is a teaching
 * example, and what matters for H1.isn is that ISNs are not predictable from outside.
 */
static uint32_t tuple_hash(void)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a 64-bit offset basis */
    char tuple[512];
    int n = snprintf(tuple, sizeof tuple, "%s|%u|%s|%u", host.iut_addr, host.iut_port, host.peer_addr,
                     host.peer_port);
    size_t tuple_len = n < 0 ? 0 : (size_t)n < sizeof tuple ? (size_t)n : sizeof tuple - 1;
    for (size_t i = 0; i < sizeof host.secret + tuple_len; i++) {
        uint8_t byte = i < sizeof host.secret ? host.secret[i] : (uint8_t)tuple[i - sizeof host.secret];
        h = (h ^ byte) * 0x100000001b3u; /* FNV-1a 64-bit prime */
    }
    /* The finaliser of MurmurHash3 (fmix64). */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return (uint32_t)(h ^ h >> 32);
}

/*
 * Choose an initial sequence number (H1.isn; RFC 9293 §3.4.1, RFC 6528):
 *   ISN = M + F(localip, localport, remoteip, remoteport, secretkey)   (mod 2^32)
 * where M is a clock ticking every 4 microseconds. Two successive connections between the
 * same ports therefore start at different numbers. A `reset` with `isn` overrides the next one
 * (the tester uses it to start at 2^32-1 and test wrap-around).
 */
static uint32_t choose_isn(void)
{
    if (host.isn_forced) {
        host.isn_forced = false;
        return host.forced_isn;
    }
    uint32_t m = (uint32_t)(host.now_us / 4);
    return m + tuple_hash();
}

static void start_timer(struct timer *t, uint64_t after_ms)
{
    t->armed = true;
    t->deadline_us = host.now_us + after_ms * 1000u;
}

/* =========================================================================================
 * 4. THE STATE MACHINE: one function per event (RFC 9293 §3.10)
 *
 * Guards and actions follow spec/handshake.yaml, spec/data.yaml and spec/teardown.yaml; the
 * comment above each transition is "[rule IDs] spec-transition-id, RFC section". An event
 * no transition takes is ignored: nothing sent, nothing told, no state change.
 * ========================================================================================= */

static void ignore(const char *event)
{
    log_line("  ignored: %s in %s (no transition in the spec)", event, STATE_NAMES[tcb.state]);
}

/* --- OPEN call, passive: listen() (RFC 9293 §3.10.1) -------------------------------------- */
static void call_listen(void)
{
    if (tcb.state == CLOSED) {
        /* [H2] passive-open, §3.10.1: send nothing, wait for a SYN. */
        set_state(LISTEN, "passive-open");
        return;
    }
    ignore("listen()");
}

/* --- OPEN call, active: connect() (RFC 9293 §3.10.1) -------------------------------------- */
static void call_connect(void)
{
    if (tcb.state == CLOSED) {
        /* [H1 H1.isn H1.mss] active-open, §3.10.1: SYN with SN = ISS and our MSS option. */
        tcb.iss = choose_isn();
        tcb.snd_una = tcb.iss;
        tcb.snd_nxt = tcb.iss + 1; /* the SYN uses one sequence number */
        send_segment(FLAG_SYN, tcb.iss, 0, NULL, 0);
        set_state(SYN_SENT, "active-open");
        return;
    }
    ignore("connect()");
}

/* --- SEND call: send(data) (RFC 9293 §3.10.2) ---------------------------------------------- */
static void call_send(const uint8_t *data, size_t len)
{
    switch (tcb.state) {
    case ESTABLISHED:
        /* [H3 H4] established-send, §3.10.2: data flows once the connection is open. */
        send_data(data, len);
        return;
    case CLOSE_WAIT:
        /* [W2.halfclose] close-wait-send, §3.10.2: the peer closed its direction, not ours. */
        send_data(data, len);
        return;
    default:
        ignore("send()");
    }
}

/* --- CLOSE call: close() (RFC 9293 §3.10.4) ------------------------------------------------ */
static void call_close(void)
{
    switch (tcb.state) {
    case ESTABLISHED:
        /* [W1] established-close, §3.10.4: FIN+ACK, SN = SND.NXT, AN = RCV.NXT. */
        send_segment(FLAG_FIN | FLAG_ACK, tcb.snd_nxt, tcb.rcv_nxt, NULL, 0);
        tcb.snd_nxt += 1; /* the FIN uses one sequence number */
        set_state(FIN_WAIT_1, "established-close");
        return;
    case CLOSE_WAIT:
        /* [W3] close-wait-close, §3.10.4: our application closes too; FIN+ACK. (The memo lets
         * CLOSE_WAIT time out; TCP has no such timer, and the spec follows the RFC.) */
        send_segment(FLAG_FIN | FLAG_ACK, tcb.snd_nxt, tcb.rcv_nxt, NULL, 0);
        tcb.snd_nxt += 1;
        set_state(LAST_ACK, "close-wait-close");
        return;
    default:
        ignore("close()");
    }
}

/* --- ABORT call: abort() (RFC 9293 §3.10.5) ------------------------------------------------ */
static void call_abort(void)
{
    /* The memo spec has no abort transition (no RST at all), so abort is ignored. RFC 9293
     * §3.10.5 would send RST in SYN_RCVD, ESTABLISHED, FIN_WAIT_*, CLOSE_WAIT and go CLOSED. */
    ignore("abort()");
}

/* --- SEGMENT ARRIVES (RFC 9293 §3.10.7), one helper per state ------------------------------ */

/* Deliver the segment's data to the application and advance RCV.NXT past it. */
static void accept_data(const struct segment *seg)
{
    deliver(seg->data, seg->len);
    tcb.rcv_nxt += (uint32_t)seg->len;
}

static bool segment_in_listen(const struct segment *seg, unsigned ctl)
{
    if (ctl == FLAG_SYN) {
        /* [H2 H2.mss] listen-syn, §3.10.7.2: SYN+ACK, SN = our ISN, AN = client's SN + 1,
         * with our MSS option. Remember the peer's MSS for what we send later. */
        tcb.irs = seg->seq;
        tcb.rcv_nxt = seg->seq + 1;
        tcb.snd_mss = peer_mss(seg);
        tcb.iss = choose_isn();
        tcb.snd_una = tcb.iss;
        tcb.snd_nxt = tcb.iss + 1;
        send_segment(FLAG_SYN | FLAG_ACK, tcb.iss, tcb.rcv_nxt, NULL, 0);
        set_state(SYN_RCVD, "listen-syn");
        return true;
    }
    return false;
}

static bool segment_in_syn_sent(const struct segment *seg, unsigned ctl)
{
    /* An acceptable SYN+ACK acknowledges our SYN: SND.UNA < SEG.ACK <= SND.NXT. */
    if (ctl == (FLAG_SYN | FLAG_ACK) && seq_lt(tcb.snd_una, seg->ack) && seq_le(seg->ack, tcb.snd_nxt)) {
        /* [H3] syn-sent-syn-ack, §3.10.7.3: ESTABLISHED; ACK with AN = server's SN + 1. */
        tcb.irs = seg->seq;
        tcb.rcv_nxt = seg->seq + 1;
        tcb.snd_una = seg->ack;
        tcb.snd_mss = peer_mss(seg);
        send_ack();
        set_state(ESTABLISHED, "syn-sent-syn-ack");
        return true;
    }
    return false;
}

static bool segment_in_syn_rcvd(const struct segment *seg, unsigned ctl)
{
    if (ctl == FLAG_ACK && seq_lt(tcb.snd_una, seg->ack) && seq_le(seg->ack, tcb.snd_nxt) &&
        seg->seq == tcb.rcv_nxt) {
        tcb.snd_una = seg->ack;
        if (seg->len == 0) {
            /* [H4] syn-rcvd-ack, §3.10.7.4: the handshake's ACK; ESTABLISHED, send nothing. */
            set_state(ESTABLISHED, "syn-rcvd-ack");
        } else {
            /* [H3.data H4] syn-rcvd-ack-data, §3.10.7.4: the ACK carries the first data;
             * deliver it and acknowledge it. */
            accept_data(seg);
            send_ack();
            set_state(ESTABLISHED, "syn-rcvd-ack-data");
        }
        return true;
    }
    return false;
}

static bool segment_in_established(const struct segment *seg, unsigned ctl)
{
    /* An acceptable ACK field: SND.UNA <= SEG.ACK <= SND.NXT (§3.10.7.4, fifth check). */
    bool ack_ok = seq_le(tcb.snd_una, seg->ack) && seq_le(seg->ack, tcb.snd_nxt);
    if (ctl == FLAG_ACK && seg->seq == tcb.rcv_nxt && ack_ok && seg->len > 0) {
        /* [H4] established-data, §3.10.7.4: in-order data; deliver and acknowledge it. */
        tcb.snd_una = seg->ack;
        accept_data(seg);
        send_ack();
        return true;
    }
    if (ctl == (FLAG_FIN | FLAG_ACK) && seg->seq == tcb.rcv_nxt && ack_ok) {
        /* [W2 W2.notify] established-fin, §3.10.7.4: the peer closes first. Deliver any data
         * before the FIN, acknowledge the FIN (it uses one sequence number: AN = its SN + 1),
         * tell the application end-of-stream, enter CLOSE_WAIT. */
        tcb.snd_una = seg->ack;
        accept_data(seg);
        tcb.rcv_nxt += 1;
        send_ack();
        notify("eof");
        set_state(CLOSE_WAIT, "established-fin");
        return true;
    }
    return false;
}

static bool segment_in_fin_wait_1(const struct segment *seg, unsigned ctl)
{
    if (ctl == FLAG_ACK && seg->seq == tcb.rcv_nxt && seq_le(tcb.snd_una, seg->ack) &&
        seq_lt(seg->ack, tcb.snd_nxt) && seg->len > 0) {
        /* [W2.halfclose] fin-wait-1-data, §3.10.7.4: our FIN is not yet acknowledged
         * (SEG.ACK < SND.NXT), but the peer's direction is still open: take its data. */
        tcb.snd_una = seg->ack;
        accept_data(seg);
        send_ack();
        return true;
    }
    if (ctl == FLAG_ACK && seg->seq == tcb.rcv_nxt && seg->ack == tcb.snd_nxt && seg->len == 0) {
        /* [W2.ack] fin-wait-1-ack, §3.10.7.4: the ACK of our FIN (SEG.ACK = SND.NXT);
         * enter FIN_WAIT_2 and send nothing. */
        tcb.snd_una = seg->ack;
#ifdef BROKEN_NO_FIN_WAIT_2
        /* PLANTED BUG (broken_tcp only): a classic student mistake. The ACK is "handled"
         * but the state change is forgotten, so the endpoint stays in FIN_WAIT_1 and
         * never takes the FIN_WAIT_2 transitions (the peer's FIN is then ignored). */
        log_line("  (broken build: staying in FIN_WAIT_1)");
#else
        set_state(FIN_WAIT_2, "fin-wait-1-ack");
#endif
        return true;
    }
    return false;
}

static bool segment_in_fin_wait_2(const struct segment *seg, unsigned ctl)
{
    if (ctl == FLAG_ACK && seg->seq == tcb.rcv_nxt && seg->ack == tcb.snd_nxt && seg->len > 0) {
        /* [W2.halfclose] fin-wait-2-data, §3.10.7.4: still deliver and acknowledge data. */
        accept_data(seg);
        send_ack();
        return true;
    }
    if (ctl == (FLAG_FIN | FLAG_ACK) && seg->seq == tcb.rcv_nxt && seg->ack == tcb.snd_nxt) {
        /* [W4 W2.notify] fin-wait-2-fin, §3.10.7.4: the peer's FIN. Acknowledge it
         * (AN = its SN + 1), signal end-of-stream, and wait 2*MSL in TIME_WAIT so that old
         * duplicates of this connection die out before the port pair is reused. */
        accept_data(seg);
        tcb.rcv_nxt += 1;
        send_ack();
        notify("eof");
        start_timer(&tcb.time_wait, 2 * (uint64_t)MSL_MS);
        set_state(TIME_WAIT, "fin-wait-2-fin");
        return true;
    }
    return false;
}

static bool segment_in_last_ack(const struct segment *seg, unsigned ctl)
{
    if (ctl == FLAG_ACK && seg->seq == tcb.rcv_nxt && seg->ack == tcb.snd_nxt) {
        /* [W5] last-ack-ack, §3.10.7.4: our FIN is acknowledged; the connection is gone. */
        tcb.snd_una = seg->ack;
        set_state(CLOSED, "last-ack-ack");
        return true;
    }
    return false;
}

static void segment_arrives(const struct segment *seg)
{
    char f[32];
    log_line("segment %s seq=%" PRIu32 " ack=%" PRIu32 " len=%zu in %s", flags_text(seg->flags, f), seg->seq,
             seg->ack, seg->len, STATE_NAMES[tcb.state]);

    /* We have one connection with a fixed peer (from init). A real stack would look the
     * 4-tuple up among its connections (RFC 9293 §3.10.7.1); here a segment for other ports
     * simply matches nothing. */
    if (seg->src_port != host.peer_port || seg->dst_port != host.iut_port) {
        ignore("a segment for other ports");
        return;
    }

    unsigned ctl = seg->flags & CONTROL_FLAGS;
    bool taken;
    switch (tcb.state) {
    case LISTEN: taken = segment_in_listen(seg, ctl); break;
    case SYN_SENT: taken = segment_in_syn_sent(seg, ctl); break;
    case SYN_RCVD: taken = segment_in_syn_rcvd(seg, ctl); break;
    case ESTABLISHED: taken = segment_in_established(seg, ctl); break;
    case FIN_WAIT_1: taken = segment_in_fin_wait_1(seg, ctl); break;
    case FIN_WAIT_2: taken = segment_in_fin_wait_2(seg, ctl); break;
    case LAST_ACK: taken = segment_in_last_ack(seg, ctl); break;
    default: taken = false; /* CLOSED, CLOSE_WAIT, TIME_WAIT: nothing in the spec */
    }
    if (!taken) ignore("this segment");
}

/* --- TIMEOUTS (RFC 9293 §3.10.8) ------------------------------------------------------------ */
static void timer_expires(struct timer *t)
{
    if (t == &tcb.time_wait && tcb.state == TIME_WAIT) {
        /* [W4.2msl] time-wait-expires, §3.10.8: 2*MSL have passed; delete the TCB. */
        set_state(CLOSED, "time-wait-expires");
        return;
    }
    ignore("a timer");
}

/* Move the virtual clock forward, firing each timer whose deadline is reached, with the clock
 * set to that deadline. There is one timer, but this is how several would be handled: always
 * the earliest first. */
static void advance_clock(uint64_t us)
{
    uint64_t until = host.now_us + us;
    struct timer *timers[] = { &tcb.time_wait };
    for (;;) {
        struct timer *due = NULL;
        for (size_t i = 0; i < sizeof timers / sizeof timers[0]; i++)
            if (timers[i]->armed && timers[i]->deadline_us <= until &&
                (due == NULL || timers[i]->deadline_us < due->deadline_us))
                due = timers[i];
        if (due == NULL) break;
        due->armed = false;
        if (due->deadline_us > host.now_us) host.now_us = due->deadline_us;
        timer_expires(due);
    }
    host.now_us = until;
}

/* =========================================================================================
 * 5. The adapter protocol (docs/adapter-protocol.md)
 * ========================================================================================= */

/* Write one reply line and flush: the tester waits for it. */
static void write_reply(const strbuf *sb)
{
    fwrite(sb->data, 1, sb->len, stdout);
    fputc('\n', stdout);
    if (fflush(stdout) != 0) {
        log_line("cannot write to stdout; exiting");
        exit(1);
    }
}

/* {"in_reply_to": id, "type": "error", "text": ...}: the request could not be handled. */
static void reply_error(long long id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply_error(long long id, const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    log_line("error in request %lld: %s", id, text);
    strbuf sb = { 0 };
    sb_printf(&sb, "{\"in_reply_to\":%lld,\"type\":\"error\",\"text\":", id);
    sb_json_string(&sb, text, strlen(text));
    sb_puts(&sb, "}");
    write_reply(&sb);
    sb_free(&sb);
}

/* A reply without content: {"in_reply_to": id, "type": TYPE}. */
static void reply_simple(long long id, const char *type)
{
    strbuf sb = { 0 };
    sb_printf(&sb, "{\"in_reply_to\":%lld,\"type\":\"%s\"}", id, type);
    write_reply(&sb);
    sb_free(&sb);
}

/* Start collecting a reaction; the event functions append to it. */
static void begin_reaction(void)
{
    sb_clear(&host.segments);
    sb_clear(&host.events);
    host.n_segments = host.n_events = 0;
}

/* {"in_reply_to": id, "type": "reaction", "segments": [...], "events": [...]} */
static void reply_reaction(long long id)
{
    strbuf sb = { 0 };
    sb_printf(&sb, "{\"in_reply_to\":%lld,\"type\":\"reaction\",\"segments\":[", id);
    if (host.n_segments > 0) sb_append(&sb, host.segments.data, host.segments.len);
    sb_puts(&sb, "],\"events\":[");
    if (host.n_events > 0) sb_append(&sb, host.events.data, host.events.len);
    sb_puts(&sb, "]}");
    write_reply(&sb);
    sb_free(&sb);
}

/* Field readers: each returns false when the field is present but malformed. */

/* An integer field in [0, max]; `*present` tells whether it was there (null counts as absent). */
static bool get_uint(const json_value *obj, const char *key, double max, bool *present, uint64_t *out)
{
    const json_value *v = json_get(obj, key);
    *present = v != NULL && v->type != JSON_NULL;
    if (!*present) return true;
    double d;
    if (!json_integer(v, 0, max, &d)) return false;
    *out = (uint64_t)d;
    return true;
}

/* A base64 field; absent or null is empty. *data is malloc'd (free it) on success. */
static bool get_base64(const json_value *obj, const char *key, uint8_t **data, size_t *len)
{
    const json_value *v = json_get(obj, key);
    if (v == NULL || v->type == JSON_NULL) return base64_decode("", 0, data, len);
    if (v->type != JSON_STRING) {
        *data = NULL;
        return false;
    }
    return base64_decode(v->string, v->length, data, len);
}

/* An "addr"/"port" endpoint object of init. */
static bool get_endpoint(const json_value *req, const char *key, char **addr, uint16_t *port)
{
    const json_value *ep = json_get(req, key);
    const json_value *a = json_get(ep, "addr");
    double p;
    if (a == NULL || a->type != JSON_STRING) return false;
    if (!json_integer(json_get(ep, "port"), 0, 65535, &p)) return false;
    free(*addr);
    *addr = strdup(a->string);
    if (*addr == NULL) {
        fputs("tcp_endpoint: out of memory\n", stderr);
        exit(1);
    }
    *port = (uint16_t)p;
    return true;
}

/* init: learn the addresses; answer with our capabilities and parameters. */
static void handle_init(long long id, const json_value *req)
{
    double version;
    if (!json_integer(json_get(req, "version"), 0, 1e9, &version) || version != PROTOCOL_VERSION) {
        reply_error(id, "unsupported protocol version (this endpoint speaks version %d)", PROTOCOL_VERSION);
        return;
    }
    if (!get_endpoint(req, "iut", &host.iut_addr, &host.iut_port) ||
        !get_endpoint(req, "peer", &host.peer_addr, &host.peer_port)) {
        reply_error(id, "init needs \"iut\" and \"peer\", each with \"addr\" (string) and "
                        "\"port\" (0..65535)");
        return;
    }
    host.initialised = true;
    memset(&tcb, 0, sizeof tcb);
    log_line("init: we are %s:%u, the peer is %s:%u", host.iut_addr, host.iut_port, host.peer_addr,
             host.peer_port);
    strbuf sb = { 0 };
    sb_printf(&sb,
              "{\"in_reply_to\":%lld,\"type\":\"init_ok\",\"name\":\"tcpconform-c-example\","
              "\"capabilities\":{\"state_query\":true,\"virtual_clock\":true,\"isn_override\":true,"
              "\"raw_headers\":false},\"params\":{\"MSS\":%d,\"MSL\":%u}}",
              id, OUR_MSS, MSL_MS);
    write_reply(&sb);
    sb_free(&sb);
}

/* reset: forget the connection (and its timers); maybe force the next ISN. The clock and the
 * ISN secret carry on, as they would in a real stack. */
static void handle_reset(long long id, const json_value *req)
{
    bool has_isn;
    uint64_t isn = 0;
    if (!get_uint(req, "isn", 4294967295.0, &has_isn, &isn)) {
        reply_error(id, "\"isn\" must be an integer in 0..4294967295");
        return;
    }
    if (tcb.state != CLOSED) set_state(CLOSED, "reset");
    memset(&tcb, 0, sizeof tcb);
    host.isn_forced = has_isn;
    host.forced_isn = (uint32_t)isn;
    if (has_isn) log_line("reset: the next ISN will be %" PRIu64, isn);
    else log_line("reset");
    reply_simple(id, "reset_ok");
}

/* call: the application calls us. */
static void handle_call(long long id, const json_value *req)
{
    const json_value *call = json_get(req, "call");
    if (call == NULL || call->type != JSON_STRING) {
        reply_error(id, "call needs \"call\" (listen, connect, send, close or abort)");
        return;
    }
    const char *name = call->string;
    if (strcmp(name, "send") == 0) {
        uint8_t *data;
        size_t len;
        if (json_get(req, "data") == NULL || !get_base64(req, "data", &data, &len)) {
            reply_error(id, "send needs \"data\", a base64 string");
            return;
        }
        log_line("call send(%zu octets) in %s", len, STATE_NAMES[tcb.state]);
        begin_reaction();
        call_send(data, len);
        free(data);
        reply_reaction(id);
        return;
    }
    void (*fn)(void) = strcmp(name, "listen") == 0    ? call_listen
                       : strcmp(name, "connect") == 0 ? call_connect
                       : strcmp(name, "close") == 0   ? call_close
                       : strcmp(name, "abort") == 0   ? call_abort
                                                      : NULL;
    if (fn == NULL) {
        reply_error(id, "unknown call \"%.40s\"", name);
        return;
    }
    log_line("call %s() in %s", name, STATE_NAMES[tcb.state]);
    begin_reaction();
    fn();
    reply_reaction(id);
}

/* Read the "flags" array into FLAG_* bits. */
static bool get_flags(const json_value *seg, unsigned *flags)
{
    const json_value *v = json_get(seg, "flags");
    if (v == NULL || v->type != JSON_ARRAY) return false;
    *flags = 0;
    for (size_t i = 0; i < v->count; i++) {
        const json_value *f = v->items[i];
        int bit = -1;
        for (int k = 0; k < NUM_FLAGS && f->type == JSON_STRING; k++)
            if (strcmp(f->string, FLAG_NAMES[k]) == 0) bit = k;
        if (bit < 0) return false;
        *flags |= 1u << bit;
    }
    return true;
}

/* segment: a segment arrives from the peer. */
static void handle_segment(long long id, const json_value *req)
{
    const json_value *j = json_get(req, "segment");
    if (j == NULL || j->type != JSON_OBJECT) {
        reply_error(id, "segment needs \"segment\", an object");
        return;
    }
    struct segment seg = { 0 };
    bool present, has_seq;
    uint64_t v;
    /* seq and flags are required; the rest have defaults. */
    if (!get_uint(j, "seq", 4294967295.0, &has_seq, &v) || !has_seq) {
        reply_error(id, "segment needs \"seq\", an integer in 0..4294967295");
        return;
    }
    seg.seq = (uint32_t)v;
    if (!get_flags(j, &seg.flags)) {
        reply_error(id, "segment needs \"flags\", a list of SYN, FIN, RST, PSH, ACK");
        return;
    }
    v = 0;
    if (!get_uint(j, "ack", 4294967295.0, &present, &v)) {
        reply_error(id, "segment \"ack\" must be an integer in 0..4294967295");
        return;
    }
    seg.ack = (uint32_t)v;
    v = host.peer_port;
    if (!get_uint(j, "src_port", 65535, &present, &v)) goto bad_port;
    seg.src_port = (uint16_t)v;
    v = host.iut_port;
    if (!get_uint(j, "dst_port", 65535, &present, &v)) goto bad_port;
    seg.dst_port = (uint16_t)v;
    v = 0;
    if (!get_uint(j, "window", 65535, &present, &v)) {
        reply_error(id, "segment \"window\" must be an integer in 0..65535");
        return;
    }
    seg.window = (uint16_t)v;
    if (!get_uint(j, "mss", 65535, &seg.has_mss, &v)) {
        reply_error(id, "segment \"mss\" must be null or an integer in 0..65535");
        return;
    }
    seg.mss = seg.has_mss ? (uint16_t)v : 0;
    if (!get_base64(j, "data", &seg.data, &seg.len)) {
        reply_error(id, "segment \"data\" must be a base64 string");
        return;
    }
    begin_reaction();
    segment_arrives(&seg);
    free(seg.data);
    reply_reaction(id);
    return;
bad_port:
    reply_error(id, "segment ports must be integers in 0..65535");
}

/* advance: time passes (only ever by this request: we declared virtual_clock). */
static void handle_advance(long long id, const json_value *req)
{
    const json_value *ms = json_get(req, "ms");
    /* At most 10^12 ms (about 31 years) per request, so microseconds fit easily in 64 bits. */
    if (ms == NULL || ms->type != JSON_NUMBER || !(ms->number >= 0 && ms->number <= 1e12)) {
        reply_error(id, "advance needs \"ms\", a number of milliseconds in 0..1e12");
        return;
    }
    uint64_t us = (uint64_t)(ms->number * 1000.0 + 0.5);
    log_line("advance %.3f ms in %s", ms->number, STATE_NAMES[tcb.state]);
    begin_reaction();
    advance_clock(us);
    reply_reaction(id);
}

/* state: which state are we in? */
static void handle_state(long long id)
{
    strbuf sb = { 0 };
    sb_printf(&sb, "{\"in_reply_to\":%lld,\"type\":\"state_ok\",\"state\":\"%s\"}", id,
              STATE_NAMES[tcb.state]);
    write_reply(&sb);
    sb_free(&sb);
}

/* One request line: parse it, check the envelope (id, type), dispatch. */
static void handle_line(const char *line, size_t len)
{
    char err[128];
    json_value *req = json_parse(line, len, err, sizeof err);
    if (req == NULL) {
        /* We cannot know which request this was: answer -1, so the tester quotes our text. */
        reply_error(-1, "the request is not valid JSON (%s)", err);
        return;
    }
    double id_number;
    const double max_id = 9007199254740991.0; /* 2^53 - 1: the largest integer a double holds exactly */
    if (req->type != JSON_OBJECT || !json_integer(json_get(req, "id"), -max_id, max_id, &id_number)) {
        reply_error(-1, "the request is not an object with an integer \"id\"");
        json_free(req);
        return;
    }
    long long id = (long long)id_number;
    const json_value *type = json_get(req, "type");
    const char *t = type != NULL && type->type == JSON_STRING ? type->string : "";

    if (strcmp(t, "init") == 0) handle_init(id, req);
    else if (!host.initialised) reply_error(id, "the first request must be init");
    else if (strcmp(t, "reset") == 0) handle_reset(id, req);
    else if (strcmp(t, "call") == 0) handle_call(id, req);
    else if (strcmp(t, "segment") == 0) handle_segment(id, req);
    else if (strcmp(t, "advance") == 0) handle_advance(id, req);
    else if (strcmp(t, "state") == 0) handle_state(id);
    else if (type == NULL || type->type != JSON_STRING) reply_error(id, "the request has no \"type\" string");
    else reply_error(id, "unknown request type \"%.40s\"", t);
    json_free(req);
}

/* The ISN secret: 16 random bytes, or a weaker mix of the time if /dev/urandom is missing. */
static void init_secret(void)
{
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got = f != NULL ? fread(host.secret, 1, sizeof host.secret, f) : 0;
    if (f != NULL) fclose(f);
    if (got == sizeof host.secret) return;
    uint64_t x = (uint64_t)time(NULL) ^ (uint64_t)clock() << 32 ^ (uint64_t)(uintptr_t)&x;
    for (size_t i = 0; i < sizeof host.secret; i++) {
        x = x * 6364136223846793005u + 1442695040888963407u; /* an LCG step */
        host.secret[i] = (uint8_t)(x >> 56);
    }
}

/* =========================================================================================
 * 6. main: one request per line until stdin closes
 * ========================================================================================= */
int main(void)
{
    init_secret();
    char *line = NULL; /* getline() grows it as needed: any line length is fine */
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) != -1) {
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
        if (i == len) continue; /* a blank line is no request */
        handle_line(line, len);
    }
    int status = ferror(stdin) ? 1 : 0;
    log_line(status ? "error reading stdin; exiting" : "stdin closed; exiting");
    free(line);
    free(host.iut_addr);
    free(host.peer_addr);
    sb_free(&host.segments);
    sb_free(&host.events);
    return status;
}
