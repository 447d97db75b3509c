/**
 * The contract's own sentences, in English and Chinese (the Chinese written for the memo's
 * readers, as src/i18n/catalog.ts is). Markdown in them is the renderer's: code spans, links,
 * emphasis; anything from the spec is escaped before it reaches them.
 */
import type { Lang } from './words.js';

export interface ContractText {
  readonly title: (profile: string) => string;
  readonly generated: (files: string, profile: string) => string;
  readonly traced: string;
  readonly toc: readonly string[];
  readonly states: { readonly heading: string; readonly intro: (initial: string) => string };
  readonly variables: { readonly heading: string; readonly intro: string };
  readonly conditions: string;
  readonly fields: string;
  readonly parameters: { readonly heading: string; readonly intro: string; readonly judge: string };
  readonly calls: { readonly heading: string; readonly intro: string };
  readonly receive: { readonly heading: string; readonly intro: string; readonly data: string };
  readonly timers: {
    readonly heading: string;
    readonly intro: string;
    readonly started: (after: string, by: string) => string;
    readonly stopped: (by: string) => string;
    readonly expiry: string;
    readonly noExpiry: string;
    readonly besides: string;
  };
  readonly giveUp: {
    readonly heading: string;
    readonly intro: string;
    readonly none: string;
    readonly limit: (limits: string) => string;
    readonly limitOne: (name: string, n: number) => string;
    readonly carried: (state: string) => string;
    readonly schedule: (state: string, from: string, times: string, at: string) => string;
    readonly retransmits: (times: string) => string;
    readonly never: string;
  };
  readonly vary: {
    readonly heading: string;
    readonly latitude: string;
    readonly latitudeIntro: string;
    readonly within: (ms: number) => string;
    readonly variations: string;
    readonly variationsIntro: string;
    readonly inTransitions: (ids: string, does: string) => string;
    readonly enters: (state: string) => string;
    readonly params: (list: string) => string;
  };
  readonly capabilities: { readonly heading: string; readonly intro: string };
  readonly protocol: string;
  readonly segments: { readonly heading: string; readonly intro: string };
  readonly rules: { readonly heading: string; readonly intro: string; readonly encoded: (ids: string) => string };
  readonly it: (does: string) => string;
  readonly note: string;
  readonly when: (guard: string) => string;
  readonly open: string;
  readonly unanswered: string;
  readonly noLabel: string;
  readonly rulesWord: string;
  readonly none: string;
  readonly noTransition: string;
  readonly yes: string;
  readonly no: string;
  readonly transitions: (n: number, rules: string) => string;
  readonly seconds: (n: number) => string;
  readonly millis: (n: number) => string;
  readonly list: string;
  readonly stop: string;
  /** After a spec title (English in every language). */
  readonly afterTitle: string;
  readonly colon: string;
  readonly head: {
    readonly state: readonly string[];
    readonly variable: readonly string[];
    readonly condition: readonly string[];
    readonly field: readonly string[];
    readonly parameter: readonly string[];
    readonly judge: readonly string[];
    readonly event: readonly string[];
    readonly capability: readonly string[];
  };
}

const EN: ContractText = {
  title: (p) => `The contract: what an implementation is held to (profile ${p})`,
  generated: (files, p) =>
    `Generated from the spec (${files}) by \`npx tcpconform contract --profile ${p}\`. docs/contract.md is what the command writes for the rfc9293 profile, and a test keeps it so: edit the spec and run \`npx tcpconform contract --output docs/contract.md\`, never this text.`,
  traced:
    "Every entry names what it comes from: its transitions (grep one in spec/, generated/suite/ and generated/reference/), its rule IDs (spec/rules.yaml), its RFC 9293 requirement labels (Appendix B, spec/requirements.yaml) or why it has none, its RFC 9293 section, the spec line, and the smallest profile whose tests check it (memo, or rfc9293 only). Expressions are the spec's own (SND.NXT, RTO_CUR, 2 \\* MSL): its connection variables and parameters are listed below, the parameters in the implementation's own values.",
  toc: [
    '1. [States and the state query](#states-and-the-state-query)',
    '2. [Connection variables](#connection-variables) and [parameters](#parameters)',
    '3. [Calls: what each answers in each state](#calls-what-each-answers-in-each-state)',
    '4. [What the application receives and is told](#what-the-application-receives-and-is-told)',
    '5. [Timers](#timers)',
    '6. [When the connection gives up](#when-the-connection-gives-up)',
    '7. [What an implementation may vary](#what-an-implementation-may-vary)',
    '8. [Capabilities](#capabilities)',
    '9. [The wire protocol](#the-wire-protocol)',
    '10. [Segments: what each state answers to each segment](#segments-what-each-state-answers-to-each-segment)',
    '11. [Rules](#rules)',
  ],
  states: {
    heading: 'States and the state query',
    intro: (initial) =>
      `A connection starts in ${initial}. An implementation that answers the state query (the STATUS call of RFC 9293 §3.10.6; capability stateQuery) names one of these states, with underscores.`,
  },
  variables: {
    heading: 'Connection variables',
    intro:
      "What the transitions read and write (RFC 9293 §3.3.1, and the spec's own for retransmission). An implementation need not keep them under these names; what it sends must agree with them.",
  },
  conditions: 'Conditions that guards name instead of writing them out (`if: acceptable_ack`, `!in_window`):',
  fields: "An expression also reads the input: the arriving segment's fields, or the send call's.",
  parameters: {
    heading: 'Parameters',
    intro:
      'The implementation reports its own values (init_ok.params over the wire protocol, `params` of a module adapter); any it leaves out take the default. *Planned for* means the cases are planned at its value, so tests depend on it; otherwise the tests hold for any value.',
    judge:
      "The judge also reads these, which the spec's transitions do not (absent: the behaviour is off, or the strictest reading):",
  },
  calls: {
    heading: 'Calls: what each answers in each state',
    intro:
      'The application above the implementation makes these calls (RFC 9293 §3.10.1–5: OPEN is listen and connect, then SEND, CLOSE, ABORT). Each answer is what the implementation sends, tells its application and which state it enters, in the order written. RECEIVE and STATUS are in the next sections and the one before.',
  },
  receive: {
    heading: 'What the application receives and is told',
    intro:
      'RECEIVE (§3.10.3) is a stream of events: the data delivered in order, and notifications. Over the wire protocol each is an event of the reaction.',
    data: "the segment's data, in order, once",
  },
  timers: {
    heading: 'Timers',
    intro:
      'Time passes only as the tester says (`advance`, with a virtual clock) or really (a real clock, judged within a tolerance). A timer fires when its interval has passed since it was last started; starting a running one restarts it.',
    started: (after, by) => `Started for ${after} ms by ${by}.`,
    stopped: (by) => `Stopped by ${by}.`,
    expiry: 'On expiry:',
    noExpiry: 'On expiry: nothing this profile tests (a larger profile says what).',
    besides:
      'Keep-alives, tail loss probes and an RTO computed from RTT samples are no timers of the spec: an implementation that has them declares them with the parameters the judge reads (above), and the latitude below lets what they send pass.',
  },
  giveUp: {
    heading: 'When the connection gives up',
    intro:
      "A retransmitting state gives up when the expiry comes after its limit of retransmissions. The times below are the spec run at the parameters' defaults, counted from the first segment; an implementation is judged at its own values.",
    none: 'No state gives up in this profile: its tests stop before a limit is reached.',
    limit: (limits) => `; the limit: ${limits}`,
    limitOne: (name, n) => `${name} (default ${n})`,
    carried: (state) => `In ${state} no way in starts the count: it goes on from the state before.`,
    schedule: (state, from, times, at) =>
      `In ${state}, at the defaults, counted from the segment that ${from} sends: ${times}; gives up at ${at}.`,
    retransmits: (times) => `retransmits at ${times}`,
    never: 'never retransmits',
  },
  vary: {
    heading: 'What an implementation may vary',
    latitude: 'Latitude (spec/latitude.yaml)',
    latitudeIntro:
      'What RFC 9293 lets any implementation do besides what the transitions write: the judge lets it pass (*allowed*) or passes it with a warning (*warning*). `run --exact` turns the latitude off.',
    within: (ms) => `, within ${ms} ms`,
    variations: 'Variations recorded for implementation families',
    variationsIntro:
      'Where a family knowingly differs; a run that accepts the family (the kernel adapter for linux) reports a step that matches one as that known variation, not a failure. Any implementation declares its own in the same form (`run --variations FILE.yaml`, or from the adapter: [declared-variations.md](declared-variations.md)).',
    inTransitions: (ids, does) => `in ${ids} it ${does}`,
    enters: (state) => `enters ${state}`,
    params: (list) => `parameters ${list}`,
  },
  capabilities: {
    heading: 'Capabilities',
    intro:
      'What an adapter declares it can do (the Adapter interface; `init_ok.capabilities` over the wire protocol). A test that needs a capability the adapter lacks is *pending* with the reason, never passed.',
  },
  protocol: 'The wire protocol',
  segments: {
    heading: 'Segments: what each state answers to each segment',
    intro:
      "RFC 9293 §3.10.7 (SEGMENT ARRIVES), by the segment's control flags (PSH aside); the conditions of one state's transitions for one input never overlap (the generator checks it), so at most one answers. A segment that is not acceptable (§3.4) is answered as the window transitions say.",
  },
  rules: {
    heading: 'Rules',
    intro:
      "The rules the entries cite: the memo's (docs/memo/RULES.md), each in one sentence of the spec's own, and the RFC 9293 rules beyond it (RFC.*).",
    encoded: (ids) => `Encoded by ${ids}.`,
  },
  it: (does) => `It ${does}.`,
  note: '*Note:*',
  when: (guard) => ` if ${guard}`,
  open: 'left open on purpose:',
  unanswered: 'no answer in this profile; its tests never give this input there (a larger profile may).',
  noLabel: 'no label',
  rulesWord: 'rules',
  none: 'none in this profile',
  noTransition: 'no transition of this profile',
  yes: 'yes',
  no: 'no',
  transitions: (n, rules) => `${n} transitions (${rules})`,
  seconds: (n) => `${n} s`,
  millis: (n) => `${n} ms`,
  list: ', ',
  stop: '.',
  afterTitle: '.',
  colon: ': ',
  head: {
    state: ['state', 'meaning', 'sets', 'spec'],
    variable: ['variable', 'meaning', 'rules', 'spec'],
    condition: ['condition', 'holds when', 'meaning', 'spec'],
    field: ['name', 'meaning'],
    parameter: ['name', 'default', 'meaning', 'planned for', 'read by (rules)', 'families', 'spec'],
    judge: ['name', 'meaning'],
    event: ['event', 'meaning', 'transitions'],
    capability: ['capability', 'wire', 'what it enables', 'without it, a test that needs it is pending because'],
  },
};

const ZH: ContractText = {
  title: (p) => `契约：被测实现须遵守的约定（${p} 配置）`,
  generated: (files, p) =>
    `由规格（${files}）经 \`npx tcpconform contract --profile ${p} --lang zh\` 生成。docs/contract.md 是该命令为 rfc9293 配置写出的英文版，测试保证两者一致：请修改规格后重新运行命令，不要手工编辑本文。规格中的说明、标题和注释只有英文，这里照录原文；规则的句子有中文版。`,
  traced:
    '每一条都注明出处：其迁移（可在 spec/、generated/suite/ 和 generated/reference/ 中 grep）、规则编号（spec/rules.yaml）、RFC 9293 要求标签（附录 B，spec/requirements.yaml）或无标签、RFC 9293 章节、规格所在行，以及检验它的最小配置（memo，或仅 rfc9293）。表达式照录规格原文（SND.NXT、RTO_CUR、2 \\* MSL）：连接变量与参数见下文，参数取被测实现自己的值。',
  toc: [
    '1. [状态与状态查询](#状态与状态查询)',
    '2. [连接变量](#连接变量)与[参数](#参数)',
    '3. [调用：各状态下如何应答](#调用各状态下如何应答)',
    '4. [应用收到的数据与通知](#应用收到的数据与通知)',
    '5. [定时器](#定时器)',
    '6. [连接何时放弃](#连接何时放弃)',
    '7. [实现可以有的差异](#实现可以有的差异)',
    '8. [能力](#能力)',
    '9. [线上协议](#线上协议)',
    '10. [报文段：各状态下如何应答](#报文段各状态下如何应答)',
    '11. [规则](#规则)',
  ],
  states: {
    heading: '状态与状态查询',
    intro: (initial) =>
      `连接从 ${initial} 开始。能回答状态查询的实现（RFC 9293 §3.10.6 的 STATUS 调用；能力 stateQuery）报告下列状态之一，名称用下划线。`,
  },
  variables: {
    heading: '连接变量',
    intro:
      '迁移读写的变量（RFC 9293 §3.3.1，以及规格为重传自设的变量）。实现不必用这些名字保存它们，但它发出的内容必须与之相符。',
  },
  conditions: '守卫中以名字引用、不必写出的条件（`if: acceptable_ack`、`!in_window`）：',
  fields: '表达式还会读取输入：到达报文段的字段，或 send 调用的字段。',
  parameters: {
    heading: '参数',
    intro:
      '被测实现报告自己的值（线上协议的 init_ok.params，模块适配器的 `params`）；未报告的取默认值。*按其规划* 表示测试用例按它的值规划，测试依赖于它；否则测试对任何值都成立。',
    judge: '判定还会读取下列参数，规格的迁移不读它们（未给出时：该行为关闭，或按最严格的理解）：',
  },
  calls: {
    heading: '调用：各状态下如何应答',
    intro:
      '实现之上的应用发出这些调用（RFC 9293 §3.10.1–5：OPEN 即 listen 与 connect，其后是 SEND、CLOSE、ABORT）。每条应答写明实现按顺序发送什么、通知应用什么、进入哪个状态。RECEIVE 和 STATUS 分别见下一节和前面的“状态与状态查询”。',
  },
  receive: {
    heading: '应用收到的数据与通知',
    intro:
      'RECEIVE（§3.10.3）是一串事件：按序交付的数据，以及各种通知。在线上协议中，每个都是应答（reaction）中的一个事件。',
    data: '报文段的数据，按序，只交付一次',
  },
  timers: {
    heading: '定时器',
    intro:
      '时间只在测试方指示时流逝（`advance`，虚拟时钟），或真实地流逝（真实时钟，在容差内判定）。定时器自上次启动起满其时长即触发；启动一个正在运行的定时器会重新计时。',
    started: (after, by) => `启动：时长 ${after} 毫秒，由 ${by}。`,
    stopped: (by) => `停止：由 ${by}。`,
    expiry: '到期时：',
    noExpiry: '到期时：本配置不检验（更大的配置会规定）。',
    besides:
      '保活、尾部丢失探测（TLP）以及由 RTT 样本算出的 RTO 都不是规格中的定时器：有这些机制的实现用判定读取的参数（见上文）声明它们，下文的宽容范围允许它们发出的报文段通过。',
  },
  giveUp: {
    heading: '连接何时放弃',
    intro:
      '重传中的状态在重传次数达到上限后的那次到期时放弃。下面的时间是规格按参数默认值运行的结果，从第一个报文段算起；判定被测实现时用它自己的值。',
    none: '本配置中没有状态会放弃：其测试在达到上限之前就结束了。',
    limit: (limits) => `；上限：${limits}`,
    limitOne: (name, n) => `${name}（默认 ${n}）`,
    carried: (state) => `在 ${state} 中，进入它的迁移都不重新计数：计数沿用前一个状态的。`,
    schedule: (state, from, times, at) =>
      `在 ${state} 中，按默认值，从 ${from} 发出的报文段算起：${times}；${at}时放弃。`,
    retransmits: (times) => `在 ${times}重传`,
    never: '从不重传',
  },
  vary: {
    heading: '实现可以有的差异',
    latitude: '宽容范围（spec/latitude.yaml）',
    latitudeIntro:
      'RFC 9293 允许任何实现在迁移所写之外做的事：判定让它通过（*allowed*），或通过但给出警告（*warning*）。`run --exact` 关闭这些宽容。',
    within: (ms) => `，${ms} 毫秒内`,
    variations: '为实现家族记录的差异',
    variationsIntro:
      '某个实现家族已知的不同之处；接受该家族的运行（linux 对应内核适配器）把与之相符的步骤报告为已知差异，而不是失败。任何实现都可以用同样的形式声明自己的差异（`run --variations FILE.yaml`，或由适配器声明：[declared-variations.md](declared-variations.md)）。',
    inTransitions: (ids, does) => `在 ${ids} 中它${does}`,
    enters: (state) => `进入 ${state}`,
    params: (list) => `参数 ${list}`,
  },
  capabilities: {
    heading: '能力',
    intro:
      '适配器声明自己能做的事（Adapter 接口；线上协议的 `init_ok.capabilities`）。需要某项能力而适配器没有时，测试为 *待定* 并说明原因，绝不算通过。',
  },
  protocol: '线上协议',
  segments: {
    heading: '报文段：各状态下如何应答',
    intro:
      'RFC 9293 §3.10.7（SEGMENT ARRIVES），按报文段的控制位（不计 PSH）分节；同一状态下同一输入的各迁移条件互不重叠（生成器会检查），所以至多一条应答。不可接受的报文段（§3.4）按窗口迁移的规定应答。',
  },
  rules: {
    heading: '规则',
    intro:
      '各条目引用的规则：备忘录的规则（docs/memo/RULES.md），每条用规格自己的一句话写出，以及备忘录之外的 RFC 9293 规则（RFC.*）。',
    encoded: (ids) => `由 ${ids} 编码。`,
  },
  it: (does) => `它${does}。`,
  note: '*注：*',
  when: (guard) => `，若 ${guard}`,
  open: '有意不作规定：',
  unanswered: '本配置中没有应答；其测试不会在这些状态下给出这个输入（更大的配置可能会）。',
  noLabel: '无标签',
  rulesWord: '规则',
  none: '本配置中没有',
  noTransition: '本配置中没有迁移',
  yes: '是',
  no: '否',
  transitions: (n, rules) => `${n} 条迁移（${rules}）`,
  seconds: (n) => `${n} 秒`,
  millis: (n) => `${n} 毫秒`,
  list: '、',
  stop: '。',
  afterTitle: '',
  colon: '：',
  head: {
    state: ['状态', '含义', '所属集合', '规格'],
    variable: ['变量', '含义', '规则', '规格'],
    condition: ['条件', '成立当', '含义', '规格'],
    field: ['名字', '含义'],
    parameter: ['名字', '默认值', '含义', '按其规划', '读取它的（规则）', '家族', '规格'],
    judge: ['名字', '含义'],
    event: ['事件', '含义', '迁移'],
    capability: ['能力', '线上名', '它使什么成为可能', '没有它时，需要它的测试为待定，因为'],
  },
};

export const TEXT: Readonly<Record<Lang, ContractText>> = { en: EN, zh: ZH };
