/**
 * A transition's actions in the words of the contract, in English or Chinese: a segment as RFC
 * 9293 writes one (<SEQ=ISS><CTL=SYN>), what the application is told as the RFC's error text,
 * a timer with its interval. Expressions stay as the spec writes them, so a reader can find
 * them there; so do the RFC's quoted error texts, in every language.
 */
import { RESEND_MEANING } from '../../core/actions.js';
import type { Action, NotifyName } from '../../core/spec/types.js';

/** The contract's languages (the runtime's --lang: src/i18n/text.ts LANGS). */
export type Lang = 'en' | 'zh';

/**
 * What the application is told, by notification: the RFC's words where it has them (§3.10,
 * "error: connection does not exist"); the adapter protocol's event has the same name.
 */
export const NOTIFY_MEANING: Readonly<Record<Lang, Readonly<Record<NotifyName, string>>>> = {
  en: {
    eof: 'end of stream: the peer has closed its direction ("connection closing", §3.10.7.4, the FIN)',
    reset: '"connection reset" (§3.10.5, §3.10.7.3, §3.10.7.4)',
    refused: '"connection refused": the open failed (§3.10.7.4)',
    closing: '"error: connection closing" (§3.10.2, §3.10.4)',
    no_connection: '"error: connection does not exist" (§3.10.2, §3.10.4, §3.10.5)',
    exists: '"error: connection already exists" (§3.10.1)',
  },
  zh: {
    eof: '流结束：对方已关闭其发送方向（"connection closing"，§3.10.7.4，FIN）',
    reset: '"connection reset"（连接被复位；§3.10.5、§3.10.7.3、§3.10.7.4）',
    refused: '"connection refused"：打开失败（§3.10.7.4）',
    closing: '"error: connection closing"（连接正在关闭；§3.10.2、§3.10.4）',
    no_connection: '"error: connection does not exist"（连接不存在；§3.10.2、§3.10.4、§3.10.5）',
    exists: '"error: connection already exists"（连接已存在；§3.10.1）',
  },
};

/**
 * What the names of an input mean in an expression (core/spec/types.ts SEGMENT_FIELDS,
 * CALL_FIELDS) and the one builtin. The model refuses a field without one, so a new field
 * cannot reach the contract unexplained.
 */
export const FIELD_MEANINGS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    'SEG.SEQ': "the arriving segment's sequence number (SN)",
    'SEG.ACK': 'its acknowledgment number (AN)',
    'SEG.LEN': 'its length in sequence space: the octets of data, plus 1 for a SYN and 1 for a FIN (§3.4)',
    'SEG.DATA': 'the octets of data it carries, SYN and FIN not counted',
    'SEG.WND': 'the window it advertises',
    'SEG.MSS': 'the value of its MSS option, absent when it has none (`SEG.MSS ?? 536` is then 536)',
    'CALL.LEN': 'the octets of data the send call passes',
    'isn()':
      'a fresh initial sequence number the implementation chooses (H1.isn: from a clock and a keyed hash, so successive connections differ)',
  },
  zh: {
    'SEG.SEQ': '到达报文段的序号（SN）',
    'SEG.ACK': '其确认号（AN）',
    'SEG.LEN': '其在序号空间中的长度：数据字节数，SYN 和 FIN 各再加 1（§3.4）',
    'SEG.DATA': '其携带的数据字节数，不计 SYN 和 FIN',
    'SEG.WND': '其通告的窗口',
    'SEG.MSS': '其 MSS 选项的值；没有该选项时为空（此时 `SEG.MSS ?? 536` 为 536）',
    'CALL.LEN': 'send 调用传入的数据字节数',
    'isn()': '被测实现选取的新初始序号（H1.isn：由时钟加带密钥的哈希得到，前后两次连接不同）',
  },
};

/** The phrases actions are said with. */
interface Phrases {
  readonly sets: (assignments: string) => string;
  readonly sends: (segment: string) => string;
  readonly mss: (value: string) => string;
  readonly data: (max: string | undefined) => string;
  readonly resends: string;
  readonly delivers: string;
  readonly tells: (what: string) => string;
  readonly mayTell: (what: string) => string;
  readonly or: (what: string) => string;
  readonly orNothing: string;
  readonly starts: (timer: string, after: string) => string;
  readonly stops: (timer: string) => string;
  readonly nothing: string;
  readonly next: string;
  readonly list: string;
}

const PHRASES: Readonly<Record<Lang, Phrases>> = {
  en: {
    sets: (s) => `sets ${s}`,
    sends: (s) => `sends ${s}`,
    mss: (v) => ` with the MSS option ${v}`,
    data: (max) => `, carrying the call's data${max ? ` in segments of at most ${max} octets` : ''}`,
    resends: `resends (resend: unacked): ${RESEND_MEANING[0]!.toLowerCase()}${RESEND_MEANING.slice(1)}`,
    delivers: "delivers the segment's data to the application",
    tells: (w) => `tells the application ${w}`,
    mayTell: (w) => `may tell the application ${w}`,
    or: (w) => `, or ${w}`,
    orNothing: ', or nothing',
    starts: (t, after) => `starts the ${t} timer for ${after} ms`,
    stops: (t) => `stops the ${t} timer`,
    nothing: 'does nothing',
    next: '; ',
    list: ', ',
  },
  zh: {
    sets: (s) => `令 ${s}`,
    sends: (s) => `发送 ${s}`,
    mss: (v) => `，带 MSS 选项 ${v}`,
    data: (max) => `，携带本次调用的数据${max ? `，每段至多 ${max} 字节` : ''}`,
    resends:
      '重传（resend: unacked）：重发最早一个未被确认的报文段，只发一段（而不是全部未确认的数据）：<SEQ=SND.UNA><ACK=RCV.NXT><CTL=ACK>，携带从 SND.UNA 起至多 SND.MSS 字节的数据；数据都已被确认时，重发其后的 FIN（<SEQ=SND.UNA><ACK=RCV.NXT><CTL=FIN,ACK>）',
    delivers: '把报文段的数据交付给应用',
    tells: (w) => `通知应用 ${w}`,
    mayTell: (w) => `可以通知应用 ${w}`,
    or: (w) => `，或 ${w}`,
    orNothing: '，也可以不通知',
    starts: (t, after) => `启动 ${t} 定时器，时长 ${after} 毫秒`,
    stops: (t) => `停止 ${t} 定时器`,
    nothing: '什么也不做',
    next: '；',
    list: '、',
  },
};

/** An action as plain data (expressions as the spec writes them), for `--format json`. */
export type ActionData =
  | { readonly kind: 'set'; readonly assignments: readonly { readonly name: string; readonly value: string }[] }
  | {
      readonly kind: 'send';
      readonly ctl: readonly string[];
      readonly seq: string;
      readonly ack?: string | undefined;
      readonly mss?: string | undefined;
      readonly data: boolean;
      readonly max?: string | undefined;
    }
  | { readonly kind: 'resend' }
  | { readonly kind: 'deliver' }
  | {
      readonly kind: 'notify';
      readonly what: NotifyName;
      readonly optional: boolean;
      readonly or: readonly NotifyName[];
    }
  | { readonly kind: 'start_timer'; readonly timer: string; readonly after: string }
  | { readonly kind: 'stop_timer'; readonly timer: string };

export function actionData(a: Action): ActionData {
  switch (a.kind) {
    case 'set':
      return { kind: 'set', assignments: a.assignments.map((s) => ({ name: s.name, value: s.value.src })) };
    case 'send':
      return {
        kind: 'send',
        ctl: a.ctl,
        seq: a.seq.src,
        ack: a.ack?.src,
        mss: a.mss?.src,
        data: a.data,
        max: a.max?.src,
      };
    case 'resend':
    case 'deliver':
      return { kind: a.kind };
    case 'notify':
      return { kind: 'notify', what: a.what, optional: a.optional === true, or: a.or ?? [] };
    case 'start_timer':
      return { kind: 'start_timer', timer: a.timer, after: a.after.src };
    case 'stop_timer':
      return { kind: 'stop_timer', timer: a.timer };
  }
}

/** <SEQ=…><ACK=…><CTL=…>, then the MSS option and the call's data if it carries them. */
function segmentText(a: ActionData & { kind: 'send' }, p: Phrases): string {
  const fields = [`<SEQ=${a.seq}>`, ...(a.ack ? [`<ACK=${a.ack}>`] : []), `<CTL=${a.ctl.join(',')}>`];
  return `${fields.join('')}${a.mss ? p.mss(a.mss) : ''}${a.data ? p.data(a.max) : ''}`;
}

/** One action in words. */
function actionText(a: ActionData, lang: Lang): string {
  const p = PHRASES[lang];
  switch (a.kind) {
    case 'set':
      return p.sets(a.assignments.map((s) => `${s.name} = ${s.value}`).join(p.list));
    case 'send':
      return p.sends(segmentText(a, p));
    case 'resend':
      return p.resends;
    case 'deliver':
      return p.delivers;
    case 'notify': {
      const told = `${NOTIFY_MEANING[lang][a.what]}${a.or.map((n) => p.or(NOTIFY_MEANING[lang][n])).join('')}`;
      return a.optional ? `${p.mayTell(told)}${p.orNothing}` : p.tells(told);
    }
    case 'start_timer':
      return p.starts(a.timer, a.after);
    case 'stop_timer':
      return p.stops(a.timer);
  }
}

/** Every action, in order; nothing done says so. */
export function actionsText(actions: readonly ActionData[], lang: Lang): string {
  return actions.length === 0
    ? PHRASES[lang].nothing
    : actions.map((a) => actionText(a, lang)).join(PHRASES[lang].next);
}
