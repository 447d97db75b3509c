// Does a bare in-window ACK restart Linux's TIME_WAIT? As root: `npx tsx docs/linux/time-wait-ack.mts`
// (about 95 s; the output of the run recorded in spec/linux.yaml is time-wait-ack.out). Two connections, each in a namespace of
// its own: one left alone in TIME_WAIT, one sent a bare ACK at RCV.NXT 30 s in. Prints when
// each leaves TIME_WAIT.
import { KernelAdapter } from '../../src/adapters/kernel/adapter.ts';
import { DEFAULT_ENDPOINTS } from '../../src/adapter.ts';

const seg = (flags: string[], seq: number, ack: number) => ({
  srcPort: DEFAULT_ENDPOINTS.peer.port,
  dstPort: DEFAULT_ENDPOINTS.iut.port,
  seq: seq >>> 0,
  ack: ack >>> 0,
  flags,
  window: 65535,
  mss: flags.includes('SYN') ? 1460 : undefined,
  payload: new Uint8Array(0),
});

async function one(sendAck: boolean): Promise<string> {
  const a = await KernelAdapter.open({ slow: true });
  try {
    await a.reset();
    await a.call({ call: 'listen' });
    const synack = (await a.deliver(seg(['SYN'], 1000, 0) as never)).segments[0]!;
    const iss = synack.seq;
    await a.deliver(seg(['ACK'], 1001, iss + 1) as never);
    const fin = (await a.call({ call: 'close' })).segments;
    const last = (await a.deliver(seg(['FIN', 'ACK'], 1001, iss + 2) as never)).segments;
    const t0 = performance.now();
    const lines = [`${sendAck ? 'with' : 'without'} ACK: close sent ${fin.map((s) => s.flags.join('+'))}, after FIN got ${last.map((s) => s.flags.join('+'))}, state ${await a.state()}`];
    let acked = false;
    for (;;) {
      const s = ((performance.now() - t0) / 1000);
      if (sendAck && !acked && s >= 30) {
        const r = await a.deliver(seg(['ACK'], 1002, iss + 2) as never);
        lines.push(`  bare ACK at ${s.toFixed(2)} s: IUT sent ${r.segments.length} segment(s), state ${await a.state()}`);
        acked = true;
      }
      const st = await a.state();
      if (st !== 'TIME_WAIT') {
        lines.push(`  left TIME_WAIT (now ${st}) ${s.toFixed(2)} s after entering it`);
        return lines.join('\n');
      }
      if (s > 200) return `${lines.join('\n')}\n  still TIME_WAIT after 200 s`;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await a.close();
  }
}

const results = await Promise.all([one(false), one(true)]);
console.log(results.join('\n'));
