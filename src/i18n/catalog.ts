/**
 * Every sentence tcpconform says about a test, in English and in Chinese (in our own words;
 * the Chinese is written for the memo's readers, not translated word for word).
 */
type P = Record<string, string>;
type Entry = { readonly en: (p: P) => string; readonly zh: (p: P) => string };

export const CATALOG = {
  // Verdicts and the scorecard.
  'verdict.pass': { en: () => 'pass', zh: () => '通过' },
  'verdict.FAIL': { en: () => 'FAIL', zh: () => '不通过' },
  'verdict.blocked': { en: () => 'blocked', zh: () => '未检验' },
  'verdict.untested': { en: () => 'untested', zh: () => '无测试' },
  'verdict.variation': { en: () => 'pass, with a known variation', zh: () => '通过（有已知差异）' },
  'verdict.warning': {
    en: (p) => `pass, ${p.n} warning${p.n === '1' ? '' : 's'}`,
    zh: (p) => `通过，${p.n} 个警告`,
  },
  'verdict.unverified': { en: () => 'unverified', zh: () => '无法核实' },
  'verdict.suspect': { en: () => 'suspect', zh: () => '存疑' },
  'summary.variation': {
    en: (p) => `${p.n} test(s) passed with known variation ${p.id} (${p.source}): ${p.why}`,
    zh: (p) => `${p.n} 个测试在已知差异 ${p.id}（${p.source}）下通过：${p.why}`,
  },
  'summary.latitude': {
    en: (p) => `${p.n} test(s) passed within RFC 9293's latitude ${p.id} (§${p.rfc}; ${p.labels})`,
    zh: (p) => `${p.n} 个测试在 RFC 9293 允许的余地 ${p.id}（§${p.rfc}；${p.labels}）内通过`,
  },
  'summary.latitude.warning': {
    en: (p) =>
      `${p.n} test(s) passed with a warning, ${p.id} (§${p.rfc}; ${p.labels}): allowed, but not what the RFC describes`,
    zh: (p) => `${p.n} 个测试通过但有警告 ${p.id}（§${p.rfc}；${p.labels}）：允许，但不是 RFC 描述的做法`,
  },
  // run --baseline: this run against an earlier report.
  'baseline.passed': { en: () => 'passed', zh: () => '通过' },
  'baseline.failed': { en: () => 'failed', zh: () => '失败' },
  'baseline.pending': { en: () => 'pending', zh: () => '待定' },
  'baseline.absent': { en: () => 'absent', zh: () => '不存在' },
  'baseline.summary': {
    en: (p) =>
      `against baseline ${p.file}: ${p.regressions} regression(s), ${p.improvements} improvement(s), ${p.changed} other change(s), ${p.added} new test(s), ${p.gone} test(s) gone`,
    zh: (p) =>
      `与基线 ${p.file} 相比：${p.regressions} 个退步，${p.improvements} 个改进，${p.changed} 个其他变化，${p.added} 个新测试，${p.gone} 个测试不再运行`,
  },
  'baseline.regression': {
    en: (p) => `  regression ${p.id}: ${p.was} -> ${p.now}${p.why ? `: ${p.why}` : ''}`,
    zh: (p) => `  退步 ${p.id}：${p.was} -> ${p.now}${p.why ? `：${p.why}` : ''}`,
  },
  'baseline.improvement': {
    en: (p) => `  improvement ${p.id}: ${p.was} -> ${p.now}${p.why ? `: ${p.why}` : ''}`,
    zh: (p) => `  改进 ${p.id}：${p.was} -> ${p.now}${p.why ? `：${p.why}` : ''}`,
  },
  'baseline.changed': {
    en: (p) => `  changed ${p.id}: ${p.was} -> ${p.now}${p.why ? `: ${p.why}` : ''}`,
    zh: (p) => `  变化 ${p.id}：${p.was} -> ${p.now}${p.why ? `：${p.why}` : ''}`,
  },
  'baseline.added': { en: (p) => `  new ${p.id}: ${p.now}`, zh: (p) => `  新测试 ${p.id}：${p.now}` },
  'baseline.gone': { en: (p) => `  gone ${p.id}: was ${p.was}`, zh: (p) => `  不再运行 ${p.id}：原为${p.was}` },
  'baseline.updated': {
    en: (p) => `baseline ${p.file} written (${p.n} tests)`,
    zh: (p) => `已写入基线 ${p.file}（${p.n} 个测试）`,
  },
  'note.variation': {
    en: (p) => `passed with known variation ${p.id} (${p.source}): ${p.why}`,
    zh: (p) => `在已知差异 ${p.id}（${p.source}）下通过：${p.why}`,
  },
  'note.latitude': {
    en: (p) => `step ${p.step}: within RFC 9293's latitude ${p.id} (§${p.rfc}; ${p.labels}): ${p.message}`,
    zh: (p) => `第 ${p.step} 步：在 RFC 9293 允许的余地 ${p.id}（§${p.rfc}；${p.labels}）内：${p.message}`,
  },
  'note.latitude.warning': {
    en: (p) => `step ${p.step}: a warning, within RFC 9293's latitude ${p.id} (§${p.rfc}; ${p.labels}): ${p.message}`,
    zh: (p) => `第 ${p.step} 步：警告，在 RFC 9293 允许的余地 ${p.id}（§${p.rfc}；${p.labels}）内：${p.message}`,
  },
  'verdict.pending': { en: () => 'pending', zh: () => '待定' },
  'score.rule': { en: () => 'rule', zh: () => '规则' },
  'score.passed': { en: () => 'passed/run', zh: () => '通过/运行' },
  'score.blocked': { en: () => 'blocked', zh: () => '未检验' },
  'score.pending': { en: () => 'pending', zh: () => '待定' },
  'score.warnings': { en: () => 'warnings', zh: () => '警告' },
  'score.unverified': { en: () => 'unverified', zh: () => '无法核实' },
  'score.suspect': { en: () => 'suspect', zh: () => '存疑' },
  'score.verdict': { en: () => 'verdict', zh: () => '结论' },
  'score.legend': {
    en: () =>
      "FAIL: a failing step names the rule; blocked: the test failed before the rule's own step, so the rule was not checked; suspect: a failure is explained as well by a fault in this rule's step as in another's, and outputs cannot tell which; unverified: the test ran, but nothing it could observe told the state the rule leads to from another (no state query), so it is not counted as passed; warnings: departures from a SHOULD or a MAY, shown but not failures",
    zh: () =>
      '不通过：失败的步骤指向这条规则；未检验：测试在到达该规则对应的步骤之前就失败了，因此这条规则没有被检验；存疑：某个失败既可以由这条规则的步骤出错解释，也可以由其他步骤出错解释，仅凭输出无法确定；无法核实：测试运行了，但（无法查询状态时）观察到的输出无法区分该规则进入的状态与其他状态，因此不算通过；警告：偏离了 SHOULD 或 MAY 的要求，显示但不算失败',
  },
  'summary.pending': { en: (p) => `${p.n} test(s) ${p.reason}`, zh: (p) => `${p.n} 个测试${p.reason}` },
  'summary.suspect': {
    en: (p) =>
      `${p.n} failed test(s) are explained alike by a fault at any of: ${p.steps}; outputs cannot tell which, so their rules are suspect, not FAIL`,
    zh: (p) =>
      `${p.n} 个失败的测试可以同样由以下任一处的错误解释：${p.steps}；仅凭输出无法确定是哪一处，因此这些规则为存疑，而非不通过`,
  },
  'summary.unverified': {
    en: (p) =>
      `${p.n} test(s) unverified where they rely on ${p.state}, which nothing this run can do tells from ${p.untold}: ${p.steps} not checked there (see each test's report)`,
    zh: (p) =>
      `${p.n} 个测试在依赖 ${p.state} 的步骤上无法核实：本次运行无法将其与 ${p.untold} 区分，${p.steps} 在这些测试中未被检验（详见各测试的报告）`,
  },

  // The run's terminal output: progress per suite, failures by cause, totals, what to do next.
  'progress.suite': {
    en: (p) => `${p.passed} passed, ${p.failed} failed, ${p.pending} pending`,
    zh: (p) => `${p.passed} 个通过，${p.failed} 个失败，${p.pending} 个待定`,
  },
  'cause.heading': {
    en: (p) =>
      `cause ${p.i} of ${p.k}: ${p.field} at ${p.transition} (rule ${p.rules}): ${p.what}; ${p.n} failed test(s)`,
    zh: (p) =>
      `原因 ${p.i}/${p.k}：${p.transition} 处的${p.field}（规则 ${p.rules}）：${p.what}；${p.n} 个测试因此失败`,
  },
  'cause.error': {
    en: (p) => `cause ${p.i} of ${p.k}: tcpconform itself failed: ${p.what}; ${p.n} failed test(s)`,
    zh: (p) => `原因 ${p.i}/${p.k}：tcpconform 自身出错：${p.what}；${p.n} 个测试因此失败`,
  },
  'cause.kinds': { en: (p) => `${p.line} (${p.n} test(s))`, zh: (p) => `${p.line}（${p.n} 个测试）` },
  'cause.example': { en: (p) => `as test ${p.id} shows it:`, zh: (p) => `以测试 ${p.id} 为例：` },
  'cause.tests': { en: (p) => `the ${p.n} test(s) it explains:`, zh: (p) => `它解释的 ${p.n} 个测试：` },
  'totals.passing': { en: (p) => `${p.n} passing (${p.time})`, zh: (p) => `${p.n} 个通过（${p.time}）` },
  'totals.failing': {
    en: (p) => `${p.n} failing, from ${p.k} distinct cause${p.k === '1' ? '' : 's'}`,
    zh: (p) => `${p.n} 个失败，来自 ${p.k} 个不同的原因`,
  },
  'totals.pending': { en: (p) => `${p.n} pending`, zh: (p) => `${p.n} 个待定` },
  'next.fix': {
    en: (p) =>
      `Next: fix cause 1 (${p.field} at ${p.transition}, rule ${p.rules}), which explains ${p.n} of the ${p.failed} failures; then run its test again:`,
    zh: (p) =>
      `下一步：先修正原因 1（${p.transition} 处的${p.field}，规则 ${p.rules}），它解释了 ${p.failed} 个失败中的 ${p.n} 个；然后单独重新运行它的测试：`,
  },
  'next.fixError': {
    en: (p) => `Next: tcpconform itself failed in ${p.n} test(s) (cause 1): please report it; run its test again:`,
    zh: (p) => `下一步：tcpconform 自身在 ${p.n} 个测试中出错（原因 1），请报告此问题；单独重新运行该测试：`,
  },
  'next.larger': {
    en: () => 'All tests run passed. Next: the whole RFC 9293 machine, with --profile rfc9293',
    zh: () => '运行的测试全部通过。下一步：用 --profile rfc9293 测试完整的 RFC 9293 状态机',
  },
  'next.passed': { en: () => 'All tests run passed.', zh: () => '运行的测试全部通过。' },
  'next.pending': {
    en: (p) => `No test failed; ${p.n} pending, for the reasons above.`,
    zh: (p) => `没有测试失败；${p.n} 个测试待定，原因见上文。`,
  },

  // Why a test is pending.
  'pending.prefix': { en: (p) => `pending: ${p.why}`, zh: (p) => `待定：${p.why}` },
  'pending.stateQuery': {
    en: () => 'it checks a state change that shows in no segment, and the adapter cannot report its state',
    zh: () => '该测试检查的状态变化不体现在任何报文段中，而适配器无法报告状态',
  },
  'pending.virtualClock': {
    en: () => "it waits out a timer of the implementation's own length, and the adapter has no virtual clock",
    zh: () => '该测试需要等待实现自身时长的定时器到期，而适配器没有虚拟时钟',
  },
  'pending.assumes': {
    en: (p) => `it was planned for ${p.name} = ${p.want}, and the implementation uses ${p.got}`,
    zh: (p) => `该测试按 ${p.name} = ${p.want} 设计，而被测实现使用 ${p.got}`,
  },
  'pending.identifyClock': {
    en: () =>
      'the adapter cannot report its state, and telling the state by outputs needs a timer to expire, which needs a virtual clock',
    zh: () => '适配器无法报告状态，而通过输出识别状态需要等待定时器到期，这需要虚拟时钟',
  },
  'pending.slow': {
    en: (p) => `it waits ${p.s} s in real time, longer than the limit of ${p.limit} s (--slow runs it)`,
    zh: (p) => `该测试需要实际等待 ${p.s} 秒，超过 ${p.limit} 秒的上限（使用 --slow 运行它）`,
  },
  'pending.finerThanClock': {
    en: (p) =>
      `it tells a timer kept from one restarted ${p.ms} ms later, finer than the real clock's tolerance of ${p.tol} ms`,
    zh: (p) => `该测试要区分保持的计时器与晚 ${p.ms} 毫秒重启的计时器，比实时时钟 ${p.tol} 毫秒的容差更细`,
  },
  'pending.leftPath': {
    en: (p) =>
      `the implementation took known variation ${p.id} into ${p.state}, off the path the rest of the case was planned on`,
    zh: (p) => `被测实现按已知差异 ${p.id} 进入 ${p.state}，偏离了本测试其余步骤所基于的路径`,
  },
  'pending.cannotCall': { en: (p) => `${p.why}`, zh: (p) => `${p.why}` },
  'pending.unavailable': {
    en: (p) => `the ${p.adapter} cannot run here: ${p.why}`,
    zh: (p) => `${p.adapter} 无法在此运行：${p.why}`,
  },
  'pending.isnOverride': {
    en: () => 'it needs the IUT to start from a chosen ISN, and the adapter cannot set one',
    zh: () => '该测试要求被测实现使用指定的初始序号（ISN），而适配器无法设置',
  },

  // What each capability enables, for the contract (docs/contract.md, src/capabilities.ts).
  'capability.stateQuery': {
    en: () =>
      "the state query (STATUS, RFC 9293 §3.10.6): after each step the harness asks the state and compares it with the spec's next state; without it, the state reached is told by outputs alone (identifying sequences, run again from the start)",
    zh: () =>
      '状态查询（STATUS，RFC 9293 §3.10.6）：每一步之后测试框架询问状态，并与规格的下一状态比较；没有它时，只能通过输出判断到达的状态（识别序列，从头再运行一遍）',
  },
  'capability.virtualClock': {
    en: () =>
      "time that passes only when the tester says (advance): a timer of any length (2*MSL, the back-off up to giving up) is checked exactly and at once; without it, time is real and timed steps are judged within a tolerance, and tests that wait longer than the adapter's limit are pending",
    zh: () =>
      '只在测试方指示时流逝的时间（advance）：任何时长的定时器（2*MSL，直到放弃的退避）都能立即、精确地检验；没有它时，时间是真实的，计时的步骤在容差内判定，等待超过适配器上限的测试为待定',
  },
  'capability.isnOverride': {
    en: () =>
      "the tester chooses the implementation's next ISN (reset with isn): the cases where its sequence numbers wrap past 2^32-1 run",
    zh: () => '测试方指定被测实现的下一个 ISN（reset 时带 isn）：其序号越过 2^32-1 回绕的用例得以运行',
  },
  'capability.rawHeaders': {
    en: () =>
      'segments also travel as real TCP headers (raw, base64) over the wire protocol, for an engine that parses and builds its own (--exec and --connect only)',
    zh: () =>
      '报文段在线上协议中同时以真实的 TCP 首部传送（raw，base64），供自己解析和构造首部的引擎使用（仅 --exec 和 --connect）',
  },
  'capability.noTestNeeds': { en: () => 'no test needs it', zh: () => '没有测试需要它' },
  'contract.protocol': {
    en: () =>
      'An implementation run as a program (`run --exec CMD`) or as a server (`run --connect HOST:PORT`) speaks newline-delimited JSON: init (its capabilities and parameters), reset, call, segment, advance, state, each answered with everything the implementation did. The protocol is written in [docs/adapter-protocol.md](adapter-protocol.md); a module (`run --module PATH`) implements the Adapter interface of src/adapter.ts instead.',
    zh: () =>
      '以程序方式（`run --exec CMD`）或服务器方式（`run --connect HOST:PORT`）运行的实现使用按行分隔的 JSON 通信：init（报告能力和参数）、reset、call、segment、advance、state，每个请求的应答都包含实现所做的一切。协议见 [docs/adapter-protocol.md](adapter-protocol.md)；模块（`run --module PATH`）则实现 src/adapter.ts 的 Adapter 接口。',
  },

  // Where a test went wrong.
  'where.setup': {
    en: (p) => `while setting up (step ${p.step} of ${p.of})`,
    zh: (p) => `在准备阶段（第 ${p.step} 步，共 ${p.of} 步）`,
  },
  'where.step': { en: (p) => `at step ${p.step} of ${p.of}`, zh: (p) => `在第 ${p.step} 步（共 ${p.of} 步）` },
  'where.test': {
    en: (p) => `at step ${p.step} of ${p.of} of the test, after its ${p.setup}-step setup`,
    zh: (p) => `在测试的第 ${p.step} 步（共 ${p.of} 步，准备阶段 ${p.setup} 步之后）`,
  },
  'where.identify': {
    en: (p) =>
      `after the transition, checking by its outputs that the IUT is in ${p.state} (step ${p.step} of ${p.of}; it cannot report its state)`,
    zh: (p) => `转换之后，通过输出检查被测实现是否处于 ${p.state}（第 ${p.step} 步，共 ${p.of} 步；它无法报告状态）`,
  },
  'step.call': {
    en: (p) => `application calls ${p.call}()${p.octets ? ` with ${p.octets} octets` : ''}`,
    zh: (p) => `应用调用 ${p.call}()${p.octets ? `，数据 ${p.octets} 字节` : ''}`,
  },
  'step.inject': {
    en: (p) => `tester sends ${p.segment}${p.octets ? ` with ${p.octets} octets` : ''}`,
    zh: (p) => `测试方发送 ${p.segment}${p.octets ? `，数据 ${p.octets} 字节` : ''}`,
  },
  'step.advance': { en: (p) => `time passes: ${p.ms} ms`, zh: (p) => `时间流逝：${p.ms} 毫秒` },
  'step.reset': { en: () => 'a new connection starts', zh: () => '开始新的连接' },
  'step.distinct': { en: () => 'the ISNs are compared', zh: () => '比较两次连接的初始序号' },
  'report.transition': { en: (p) => `(transition ${p.id})`, zh: (p) => `（转换 ${p.id}）` },
  'report.rule': { en: (p) => `rule ${p.id}: ${p.text}`, zh: (p) => `规则 ${p.id}：${p.text}` },
  'report.spec': {
    en: (p) => `spec: ${p.source}, RFC 9293 §${p.rfc}`,
    zh: (p) => `规格：${p.source}，RFC 9293 §${p.rfc}`,
  },
  'report.stderr': { en: () => "the implementation's last stderr lines:", zh: () => '被测实现 stderr 的最后几行：' },
  'report.expected': { en: () => 'expected', zh: () => '期望' },
  'kind.violation': { en: () => 'violation', zh: () => '违规' },
  'kind.warning': { en: () => 'warning', zh: () => '警告' },
  'kind.blocked': { en: () => 'blocked', zh: () => '未检验' },
  'kind.unverified': { en: () => 'unverified', zh: () => '无法核实' },
  'blame.line': {
    en: (p) =>
      `${p.kind}: ${p.field} at step ${p.step} (${p.transition}) breaks ${p.rules || 'no rule'}; ${p.labels ? `labels ${p.labels}, level ${p.level}` : 'no requirement label (held as a MUST)'}`,
    zh: (p) =>
      `${p.kind}：第 ${p.step} 步（${p.transition}）中${p.field}有误，违反 ${p.rules || '（无规则）'}；${p.labels ? `标签 ${p.labels}，级别 ${p.level}` : '无需求标签（按 MUST 处理）'}`,
  },
  'blame.fits': {
    en: (p) =>
      `the answers fit ${p.states || 'no state of the spec'}, not ${p.expected}: the transition that entered the state is blamed`,
    zh: (p) => `这些回答符合 ${p.states || '（规格中没有符合的状态）'}，而不是 ${p.expected}：归咎于进入该状态的转换`,
  },
  'blame.fitsNone': {
    en: (p) => `the answers fit no state of the spec (not ${p.expected} either): the identifying step itself is blamed`,
    zh: (p) => `这些回答不符合规格中的任何状态（也不是 ${p.expected}）：归咎于识别步骤本身`,
  },
  'blame.also': {
    en: (p) => `a fault at any of these steps explains what this run saw as well, so none is certain: ${p.list}`,
    zh: (p) => `以下任一步骤出错都同样能解释本次运行的观察结果，因此无法确定是哪一个：${p.list}`,
  },
  'blame.entered': {
    en: (p) => `the answers do not fit ${p.expected}: the transition that entered it is blamed`,
    zh: (p) => `这些回答不符合 ${p.expected}：归咎于进入该状态的转换`,
  },
  'field.flags': { en: () => 'the flags', zh: () => '标志位' },
  'field.ports': { en: () => 'the ports', zh: () => '端口' },
  'field.SN': { en: () => 'the SN', zh: () => '序号 SN' },
  'field.AN': { en: () => 'the AN', zh: () => '确认号 AN' },
  'field.MSS': { en: () => 'the MSS option', zh: () => 'MSS 选项' },
  'field.payload': { en: () => 'the data', zh: () => '数据' },
  'field.segments': { en: () => 'the segments sent', zh: () => '发送的报文段' },
  'field.app': { en: () => 'what the application is told', zh: () => '通知应用的事件' },
  'field.state': { en: () => 'the state entered', zh: () => '进入的状态' },
  'field.ISN': { en: () => 'the ISNs', zh: () => '初始序号' },
  'field.exchange': { en: () => 'the exchange', zh: () => '交互过程' },
  'warning.line': {
    en: (p) => `warning in ${p.id}: ${p.where}: ${p.message}`,
    zh: (p) => `${p.id} 中的警告：${p.where}：${p.message}`,
  },
  'unverified.line': {
    en: (p) =>
      `unverified in ${p.id}: step ${p.step} (${p.transition}) leads to ${p.state}, which nothing this run can do tells from ${p.untold}`,
    zh: (p) =>
      `${p.id} 中无法核实：第 ${p.step} 步（${p.transition}）进入 ${p.state}，本次运行无法将其与 ${p.untold} 区分`,
  },
  'unverified.after': {
    en: (p) =>
      `unverified in ${p.id}: step ${p.step} (${p.transition}) relies on ${p.state}, entered at step ${p.entered}, which nothing this run can do tells from ${p.untold}`,
    zh: (p) =>
      `${p.id} 中无法核实：第 ${p.step} 步（${p.transition}）依赖第 ${p.entered} 步进入的 ${p.state}，本次运行无法将其与 ${p.untold} 区分`,
  },
  'unverified.any': { en: () => 'any other state', zh: () => '任何其他状态' },
  'report.got': { en: () => 'got', zh: () => '实际' },

  // What differs.
  'diff.flags': {
    en: (p) => `flags: expected ${p.want}, got ${p.got}`,
    zh: (p) => `标志位：期望 ${p.want}，实际 ${p.got}`,
  },
  'diff.ports': {
    en: (p) => `ports: expected ${p.want}, got ${p.got}`,
    zh: (p) => `端口：期望 ${p.want}，实际 ${p.got}`,
  },
  'diff.sn': { en: (p) => `SN: expected ${p.want}, got ${p.got}`, zh: (p) => `序号 SN：期望 ${p.want}，实际 ${p.got}` },
  'diff.an': {
    en: (p) => `AN: expected ${p.want}, got ${p.got}`,
    zh: (p) => `确认号 AN：期望 ${p.want}，实际 ${p.got}`,
  },
  'diff.mss.unexpected': {
    en: (p) => `MSS option: expected none, got ${p.got}`,
    zh: (p) => `MSS 选项：不应出现，实际为 ${p.got}`,
  },
  'diff.mss.missing': { en: () => 'MSS option: expected one, got none', zh: () => 'MSS 选项：应当携带，实际没有' },
  'diff.mss.range': {
    en: (p) => `MSS option: expected a value in 1..65535, got ${p.got}`,
    zh: (p) => `MSS 选项：取值应在 1..65535 之间，实际为 ${p.got}`,
  },
  'diff.mss.value': {
    en: (p) => `MSS option: expected ${p.want}, got ${p.got}`,
    zh: (p) => `MSS 选项：期望 ${p.want}，实际 ${p.got}`,
  },
  'diff.payload.length': {
    en: (p) => `payload length: expected ${p.want}, got ${p.got}`,
    zh: (p) => `载荷长度：期望 ${p.want}，实际 ${p.got}`,
  },
  'diff.payload': {
    en: (p) => `payload: expected ${p.want}, got ${p.got}`,
    zh: (p) => `载荷内容：期望 ${p.want}，实际 ${p.got}`,
  },
  'diff.app': {
    en: (p) => `application: expected ${p.want}, got ${p.got}`,
    zh: (p) => `应用层：期望 ${p.want}，实际 ${p.got}`,
  },
  'diff.state': {
    en: (p) => `state: expected ${p.want}, got ${p.got}`,
    zh: (p) => `状态：期望 ${p.want}，实际 ${p.got}`,
  },
  'diff.segment': { en: (p) => `segment ${p.i}: ${p.diff}`, zh: (p) => `第 ${p.i} 个报文段：${p.diff}` },
  'diff.missing': {
    en: (p) =>
      `expected ${p.pattern} (segment ${p.i} of ${p.n}), got ${p.none === 'yes' ? 'no segment' : 'nothing more'}`,
    zh: (p) =>
      `期望 ${p.pattern}（第 ${p.i} 个，共 ${p.n} 个报文段），实际${p.none === 'yes' ? '没有发送任何报文段' : '没有更多报文段'}`,
  },
  'diff.extra': {
    en: (p) => `expected ${p.n === '0' ? 'no segment' : `${p.n} segment(s)`}, got an extra one: ${p.seg}`,
    zh: (p) => `期望${p.n === '0' ? '不发送报文段' : ` ${p.n} 个报文段`}，实际多发了一个：${p.seg}`,
  },
  'judge.ack.delayed': {
    en: (p) => `delayed ACK: ${p.seg} not sent at once (allowed: SHLD-18, within MUST-40's 0.5 s)`,
    zh: (p) => `延迟确认：${p.seg} 没有立即发送（允许：SHLD-18，须在 MUST-40 规定的 0.5 秒内）`,
  },
  'judge.ack.overdue': {
    en: (p) => `expected ${p.seg}; not sent within ${p.ms} ms (a delayed ACK must come in less than 0.5 s, MUST-40)`,
    zh: (p) => `期望 ${p.seg}；${p.ms} 毫秒内没有发送（延迟确认必须在 0.5 秒内发出，MUST-40）`,
  },
  'judge.ack.cumulative': {
    en: (p) => `${p.seg} acknowledges ${p.n} earlier ACK(s) at once (allowed: SHLD-19, MUST-58)`,
    zh: (p) => `${p.seg} 一次确认了之前的 ${p.n} 个 ACK（允许：SHLD-19、MUST-58）`,
  },
  'judge.ack.piggybacked': {
    en: (p) => `${p.seg} carries ${p.n} owed ACK(s) (allowed: piggybacked, §3.10.7.4)`,
    zh: (p) => `${p.seg} 捎带了 ${p.n} 个待发的 ACK（允许：捎带确认，§3.10.7.4）`,
  },
  'judge.time_wait.rst': {
    en: () =>
      'the RST in TIME_WAIT was ignored (RFC 1337): the endpoint stayed in TIME_WAIT, where RFC 9293 §3.10.7.4 closes the connection; judged from TIME_WAIT on',
    zh: () =>
      'TIME_WAIT 中的 RST 被忽略（RFC 1337）：端点仍在 TIME_WAIT，而 RFC 9293 §3.10.7.4 要求关闭连接；此后按 TIME_WAIT 判定',
  },
  'judge.rst.ack': {
    en: (p) =>
      `${p.seg}: a RST with ACK where the spec sends RST alone (§3.5.2); the SN is right, so it resets all the same`,
    zh: (p) => `${p.seg}：规范只发 RST，这里带了 ACK（§3.5.2）；序号正确，同样能复位连接`,
  },
  'judge.extra.window_update': {
    en: (p) => `${p.seg}: a window update, the window opening and nothing else (allowed: §3.8.6.2.2)`,
    zh: (p) => `${p.seg}：窗口更新，只是窗口变大（允许：§3.8.6.2.2）`,
  },
  'judge.extra.keep_alive': {
    en: (p) => `${p.seg}: a keep-alive probe after the declared idle time (allowed: MAY-5, MUST-26)`,
    zh: (p) => `${p.seg}：超过声明的空闲时间后的保活探测（允许：MAY-5、MUST-26）`,
  },
  'judge.nagle.held': {
    en: (p) => `${p.seg} held back while sent data is unacknowledged (allowed: Nagle, SHLD-7, §3.7.4)`,
    zh: (p) => `${p.seg} 在已发送数据未被确认时暂缓发送（允许：Nagle 算法，SHLD-7，§3.7.4）`,
  },
  'judge.nagle.sent': {
    en: (p) => `${p.seg} sends data held back until what was sent was acknowledged (allowed: Nagle, SHLD-7, §3.7.4)`,
    zh: (p) => `${p.seg} 发送了此前暂缓、直到已发送数据被确认的数据（允许：Nagle 算法，SHLD-7，§3.7.4）`,
  },
  'judge.nagle.joined': {
    en: (p) => `${p.seg} joins ${p.n} of the spec's segments in one (allowed: coalescing, SHLD-7, MAY-16)`,
    zh: (p) => `${p.seg} 把规范的 ${p.n} 个报文段合为一个（允许：合并短报文段，SHLD-7、MAY-16）`,
  },
  'judge.nagle.unsent': {
    en: (p) =>
      `expected ${p.seg}; held back, and not sent once everything sent was acknowledged (Nagle holds data only while data is outstanding, §3.7.4)`,
    zh: (p) => `期望 ${p.seg}；被暂缓，且在已发送数据全部被确认后仍未发送（Nagle 算法只在有未确认数据时暂缓，§3.7.4）`,
  },
  'judge.nagle.full': {
    en: (p) =>
      `expected ${p.seg}; ${p.n} octets held back, a full-sized segment (MSS ${p.mss}) that Nagle sends at once (§3.7.4)`,
    zh: (p) =>
      `期望 ${p.seg}；暂缓了 ${p.n} 个八位组，已够一个满长报文段（MSS ${p.mss}），Nagle 算法应立即发送（§3.7.4）`,
  },
  'judge.nagle.passed': {
    en: (p) => `${p.seg} sent before ${p.held}, which it held back: nothing may pass held data (§3.7.4)`,
    zh: (p) => `${p.seg} 在被暂缓的 ${p.held} 之前发送：任何报文段都不能越过被暂缓的数据（§3.7.4）`,
  },
  'judge.fin.on_data': {
    en: (p) => `${p.seg} carries the FIN on the last data (allowed: §3.10.4)`,
    zh: (p) => `${p.seg} 在最后的数据上携带 FIN（允许：§3.10.4）`,
  },
  'judge.rto.repacketized': {
    en: (p) =>
      `${p.seg} retransmits the earliest unacknowledged data repacketized, from SND.UNA (allowed: §3.8.6, RFC 6298 §5.4)`,
    zh: (p) => `${p.seg} 从 SND.UNA 起重新分段重传最早未确认的数据（允许：§3.8.6，RFC 6298 §5.4）`,
  },
  'judge.timer.late': {
    en: (p) => `waited ${p.ms} ms more: a timer may fire up to the declared granularity late (§3.8.1, RFC 6298 §4)`,
    zh: (p) => `多等了 ${p.ms} 毫秒：计时器可以比规定时间晚至多一个声明的粒度触发（§3.8.1，RFC 6298 §4）`,
  },
  'judge.rto.early': {
    en: (p) =>
      `${p.seg} retransmitted ${p.ms} ms after it was last sent, sooner than the plan: the RTO is computed from RTT samples (§3.8.1, RFC 6298 §2)`,
    zh: (p) => `${p.seg} 在上次发送 ${p.ms} 毫秒后重传，早于计划：RTO 由 RTT 样本计算（§3.8.1，RFC 6298 §2）`,
  },
  'judge.rto.floor': {
    en: (p) =>
      `${p.seg} retransmitted ${p.ms} ms after it was last sent: an RTO below 1 s departs from RFC 6298 (2.4), a SHOULD (§3.8.1)`,
    zh: (p) => `${p.seg} 在上次发送 ${p.ms} 毫秒后重传：RTO 小于 1 秒，不符合 RFC 6298 (2.4) 的 SHOULD（§3.8.1）`,
  },
  'judge.rto.ahead': {
    en: (p) => `${p.seg} was already retransmitted, on a timer ahead of the plan's (§3.8.1, RFC 6298)`,
    zh: (p) => `${p.seg} 已经重传过：实现的计时器早于计划（§3.8.1，RFC 6298）`,
  },
  'judge.rto.forward': {
    en: (p) =>
      `what the next ${p.n} timed step(s) expect came already: the retransmission timer runs ahead of the plan's (RFC 6298's RTO is below the spec's; §3.8.1)`,
    zh: (p) => `接下来 ${p.n} 个计时步骤期望的输出已经出现：重传计时器早于计划（RFC 6298 的 RTO 小于规范的；§3.8.1）`,
  },
  'judge.rto.soon': {
    en: (p) =>
      `${p.seg} retransmitted ${p.ms} ms after it was first sent, sooner than the declared RTO_MIN of ${p.least} ms (MUST-18, RFC 6298 §2)`,
    zh: (p) => `${p.seg} 在首次发送 ${p.ms} 毫秒后重传，早于声明的 RTO_MIN ${p.least} 毫秒（MUST-18，RFC 6298 §2）`,
  },
  'judge.rto.backoff': {
    en: (p) =>
      `${p.seg} retransmitted ${p.ms} ms after the previous retransmission; after a timeout the RTO doubles, so not before ${p.least} ms (MUST-18, RFC 6298 (5.5))`,
    zh: (p) =>
      `${p.seg} 在上次重传 ${p.ms} 毫秒后再次重传；超时后 RTO 必须加倍，不应早于 ${p.least} 毫秒（MUST-18，RFC 6298 (5.5)）`,
  },
  'judge.tlp.this': {
    en: (p) =>
      `${p.seg} sent again ${p.ms} ms after it was last sent, before the RTO: a tail loss probe (RACK-TLP, RFC 8985 §7; MAY-18, §3.8.2)`,
    zh: (p) =>
      `${p.seg} 在上次发送 ${p.ms} 毫秒后、RTO 之前再次发送：尾部丢失探测（RACK-TLP，RFC 8985 §7；MAY-18，§3.8.2）`,
  },
  'judge.tlp.before': {
    en: (p) =>
      `${p.seg} retransmitted ${p.ms} ms after the one before, which was a tail loss probe: the RTO is armed again after a probe, not doubled (RFC 8985 §7.3; MAY-18, §3.8.2)`,
    zh: (p) =>
      `${p.seg} 在上一次发送 ${p.ms} 毫秒后重传，上一次是尾部丢失探测：探测之后 RTO 重新启动而不加倍（RFC 8985 §7.3；MAY-18，§3.8.2）`,
  },
  'diff.isn.unseen': { en: (p) => `${p.name} was never observed`, zh: (p) => `从未观察到 ${p.name}` },
  'diff.isn.same': {
    en: (p) => `${p.a} = ${p.b} = ${p.v}: two successive connections started at the same ISN`,
    zh: (p) => `${p.a} = ${p.b} = ${p.v}：连续两次连接使用了相同的初始序号`,
  },
  'diff.isn.clock': {
    en: (p) =>
      `${p.a} = ${p.v}: its ISN clock ticks every ${p.tick} ns, as it declares (ISN_TICK_NS), so ${p.ms} ms after ${p.b} = ${p.prev} the next ISN is from ${p.least} to ${p.most} (RFC 9293 §3.4.1, RFC 6528)`,
    zh: (p) =>
      `${p.a} = ${p.v}：按其声明（ISN_TICK_NS），ISN 时钟每 ${p.tick} 纳秒走一格，因此在 ${p.b} = ${p.prev} 之后 ${p.ms} 毫秒，下一个 ISN 应在 ${p.least} 到 ${p.most} 之间（RFC 9293 §3.4.1，RFC 6528）`,
  },
  'list.pair': { en: (p) => `${p.a}, ${p.b}`, zh: (p) => `${p.a}，${p.b}` },
  'app.nothing': { en: () => 'nothing', zh: () => '无' },
  'app.data': { en: (p) => `data ${p.data}`, zh: (p) => `数据 ${p.data}` },
  'app.eof': { en: () => 'end of stream', zh: () => '流结束（对方已关闭）' },
  'app.error': { en: (p) => `error "${p.kind}"`, zh: (p) => `错误 "${p.kind}"` },
  'app.or': { en: (p) => `${p.a} or ${p.b}`, zh: (p) => `${p.a}或${p.b}` },
  'app.optional': { en: (p) => `${p.what} (or nothing)`, zh: (p) => `${p.what}（也可以不报告）` },

  // How an implementation misbehaved.
  'impl.timeout': {
    en: (p) =>
      `the implementation did not answer ${p.what} (request ${p.id}) within ${p.ms} ms${p.note ? `: ${p.note}` : ''}`,
    zh: (p) => `被测实现在 ${p.ms} 毫秒内没有回复 ${p.what}（请求 ${p.id}）${p.note ? `：${p.note}` : ''}`,
  },
  'impl.waitedLess': {
    en: (p) =>
      `after ${p.k} tests in a row went unanswered, the run waits ${p.factor} times the implementation's slowest answer so far (at least ${p.min} ms), not the full ${p.full} ms (--hang-limit 0: always the full timeout)`,
    zh: (p) =>
      `由于连续 ${p.k} 个测试没有得到回复，本次运行对每个回复只等待被测实现迄今最慢回复时间的 ${p.factor} 倍（至少 ${p.min} 毫秒），而不是完整的 ${p.full} 毫秒（--hang-limit 0：始终等待完整的超时时间）`,
  },
  'impl.notJson': {
    en: (p) => `the implementation answered ${p.what} with a line that is not JSON: ${p.line}`,
    zh: (p) => `被测实现对 ${p.what} 的回复不是 JSON：${p.line}`,
  },
  'impl.malformed': {
    en: (p) =>
      `the implementation answered ${p.what} with a malformed or unknown message (${p.issue}): ${p.line}${p.hint ? `; hint: ${p.hint}` : ''}`,
    zh: (p) =>
      `被测实现对 ${p.what} 的回复格式错误或类型未知（${p.issue}）：${p.line}${p.hint ? `；提示：${p.hint}` : ''}`,
  },
  'impl.hint.wrap': {
    en: () =>
      'sequence and acknowledgment numbers are modulo 2^32: a number past 4294967295 wraps around to 0 (RFC 9293 §3.4), so take every sum modulo 2^32',
    zh: () =>
      '序号和确认号按 2^32 取模：超过 4294967295 的数会回绕到 0（RFC 9293 §3.4），所以每次相加后都要对 2^32 取模',
  },
  'impl.hint.unsigned': {
    en: () =>
      'sequence and acknowledgment numbers are unsigned 32-bit numbers, 0 to 4294967295: a negative one is a 32-bit number read as signed (in Java use a long masked with 0xFFFFFFFFL; in C uint32_t)',
    zh: () =>
      '序号和确认号是 32 位无符号数，取值 0 到 4294967295：出现负数说明把 32 位数当成了有符号数（Java 中请用 long 并与 0xFFFFFFFFL 按位与；C 中请用 uint32_t）',
  },
  'impl.wrongReply': {
    en: (p) => `the implementation answered request ${p.got} while request ${p.id} (${p.what}) was waiting: ${p.line}`,
    zh: (p) => `被测实现回复了请求 ${p.got}，而正在等待的是请求 ${p.id}（${p.what}）：${p.line}`,
  },
  'impl.unasked': {
    en: (p) => `the implementation wrote a line nobody asked for: ${p.line}`,
    zh: (p) => `被测实现输出了一行没有对应请求的内容：${p.line}`,
  },
  'impl.flood': {
    en: (p) => `the implementation flooded its output: more than ${p.bytes} bytes without a newline`,
    zh: (p) => `被测实现输出泛滥：超过 ${p.bytes} 字节没有换行`,
  },
  'kernel.agent': {
    en: (p) => `the kernel adapter's agent failed: ${p.what}${p.log ? ` (${p.log})` : ''}`,
    zh: (p) => `内核适配器的代理进程出错：${p.what}${p.log ? `（${p.log}）` : ''}`,
  },
  'impl.exited': {
    en: (p) => `the implementation exited with code ${p.code}`,
    zh: (p) => `被测实现退出，退出码 ${p.code}`,
  },
  'impl.killed': {
    en: (p) => `the implementation was killed by signal ${p.signal}`,
    zh: (p) => `被测实现被信号 ${p.signal} 终止`,
  },
  'impl.closedOutput': { en: () => 'the implementation closed its output', zh: () => '被测实现关闭了输出' },
  'impl.closedConnection': { en: () => 'the implementation closed the connection', zh: () => '被测实现关闭了连接' },
  'impl.stoppedInput': { en: () => 'the implementation stopped reading its input', zh: () => '被测实现不再读取输入' },
  'impl.restart': {
    en: (p) => `the implementation could not be restarted after the previous failure: ${p.why}`,
    zh: (p) => `上一次失败后无法重新启动被测实现：${p.why}`,
  },
  'impl.error': {
    en: (p) => `the implementation answered ${p.what} with an error: ${p.text}`,
    zh: (p) => `被测实现对 ${p.what} 返回了错误：${p.text}`,
  },
  'impl.wrongType': {
    en: (p) => `the implementation answered ${p.what} with "${p.type}", expected "${p.expected}"`,
    zh: (p) => `被测实现对 ${p.what} 的回复类型是 "${p.type}"，应为 "${p.expected}"`,
  },
  'impl.badSegment': {
    en: (p) => `the implementation sent an unreadable segment (${p.i} of ${p.n}) in answer to ${p.what}: ${p.problem}`,
    zh: (p) => `被测实现在回复 ${p.what} 时发送了无法解析的报文段（第 ${p.i} 个，共 ${p.n} 个）：${p.problem}`,
  },
  'impl.other': { en: (p) => p.text!, zh: (p) => p.text! },

  // Fuzz runs (tcpconform fuzz).
  'fuzz.passed': {
    en: (p) =>
      `${p.runs} walk(s) passed: ${p.steps} steps run on the IUT and on the model, ${p.rate} steps/s (profile ${p.profile}, seed ${p.seed})`,
    zh: (p) =>
      `${p.runs} 次随机游走全部通过：被测实现与模型共执行 ${p.steps} 步，每秒 ${p.rate} 步（规格档 ${p.profile}，种子 ${p.seed}）`,
  },
  'fuzz.failed': {
    en: (p) =>
      `the IUT does not do what the model does (found after ${p.runs} walk(s), shrunk ${p.shrinks} time(s)); the shortest failing walk, ${p.n} step(s):`,
    zh: (p) =>
      `被测实现的行为与模型不一致（运行 ${p.runs} 次游走后发现，缩减 ${p.shrinks} 次）；最短的失败游走共 ${p.n} 步：`,
  },
  'fuzz.isns': {
    en: (p) => `tester's ISN ${p.peer}; IUT's ISN ${p.iut}`,
    zh: (p) => `测试方 ISN ${p.peer}；被测实现 ISN ${p.iut}`,
  },
  'fuzz.ownIsn': { en: () => 'its own', zh: () => '由其自行选择' },
  'fuzz.replay': { en: (p) => `replay this walk: ${p.command}`, zh: (p) => `重放这次游走：${p.command}` },
  'fuzz.segment': { en: (p) => `${p.flags} ${p.fields}`, zh: (p) => `${p.flags} ${p.fields}` },
  'fuzz.flags.pick': {
    en: (p) => `(segment #${p.n} the profile has in this state)`,
    zh: (p) => `（规格档在此状态下的第 ${p.n} 种报文段）`,
  },
  'fuzz.picked': {
    en: (p) => `${p.what} (input #${p.n} the profile has in ${p.state})`,
    zh: (p) => `${p.what}（规格档在 ${p.state} 下的第 ${p.n} 种输入）`,
  },
  'fuzz.noOffer': {
    en: (p) => `input #${p.n} the profile has in ${p.state}: it has none, nothing is sent`,
    zh: (p) => `规格档在 ${p.state} 下的第 ${p.n} 种输入：没有此类输入，不发送任何内容`,
  },
  'fuzz.step.timer': {
    en: (p) => `time passes: 2*MSL (the ${p.timer} timer expires)`,
    zh: (p) => `时间流逝：2*MSL（${p.timer} 定时器到期）`,
  },
  'fuzz.step.offered': {
    en: (p) =>
      `input #${p.n} the profile has in this state (a segment: ${p.seg}; a send: len octets, at least 1; a timer: 2*MSL pass)`,
    zh: (p) =>
      `规格档在此状态下的第 ${p.n} 种输入（报文段：${p.seg}；send：len 字节，至少 1 字节；定时器：经过 2*MSL）`,
  },
  'fuzz.step.segment': { en: (p) => `tester sends ${p.seg}`, zh: (p) => `测试方发送 ${p.seg}` },
  'fuzz.step.duplicate': {
    en: (p) =>
      p.back === '0'
        ? 'tester sends its last segment again'
        : `tester sends again the segment ${p.back} before its last`,
    zh: (p) => (p.back === '0' ? '测试方重发最近一个报文段' : `测试方重发倒数第 ${Number(p.back) + 1} 个报文段`),
  },
  'fuzz.step.reorder': {
    en: (p) => `tester sends ${p.second}, then ${p.first} (out of order)`,
    zh: (p) => `测试方先发送 ${p.second}，再发送 ${p.first}（乱序）`,
  },
  'fuzz.groups': {
    en: (p) =>
      `${p.runs} walk(s), ${p.failed} failed, in ${p.groups} group(s) by the first step that differs (profile ${p.profile}, seed ${p.seed}):`,
    zh: (p) =>
      `${p.runs} 次游走，${p.failed} 次失败，按首个不一致的步骤分为 ${p.groups} 组（规格档 ${p.profile}，种子 ${p.seed}）：`,
  },
  'fuzz.group': {
    en: (p) => `group ${p.i} of ${p.of}: ${p.signature} (${p.count} of ${p.runs} walks, first at walk ${p.first})`,
    zh: (p) =>
      `第 ${p.i} 组（共 ${p.of} 组）：${p.signature}（${p.runs} 次游走中 ${p.count} 次，首次在第 ${p.first} 次）`,
  },
  'fuzz.shrunk': {
    en: (p) => `the shortest failing walk, ${p.n} step(s) (shrunk ${p.shrinks} time(s)):`,
    zh: (p) => `最短的失败游走共 ${p.n} 步（缩减 ${p.shrinks} 次）：`,
  },
  'fuzz.notReproduced': {
    en: (p) =>
      `the walk as it first failed, ${p.n} step(s): run again, it did not fail the same way (the implementation is not deterministic), so it was not shrunk:`,
    zh: (p) => `首次失败时的游走，共 ${p.n} 步：再次运行时没有以同样方式失败（被测实现不确定），因此未缩减：`,
  },
  'fuzz.afterWalk': { en: () => 'after the last step', zh: () => '最后一步之后' },
  'fuzz.blame': {
    en: (p) => `rules ${p.rules}; labels ${p.labels} (${p.verdict}); ${p.field} of ${p.where}`,
    zh: (p) => `规则 ${p.rules}；标签 ${p.labels}（${p.verdict}）；${p.where} 的 ${p.field}`,
  },
  'fuzz.kind.violation': {
    en: (p) => (p.level === '-' ? 'no label: a violation' : `${p.level}: a violation`),
    zh: (p) => (p.level === '-' ? '无标签：违规' : `${p.level}：违规`),
  },
  'fuzz.kind.warning': { en: (p) => `${p.level}: a warning`, zh: (p) => `${p.level}：警告` },
  'fuzz.where': {
    en: (p) => `${p.transitions} in ${p.state} (RFC 9293 §${p.rfc})`,
    zh: (p) => `${p.state} 中的 ${p.transitions}（RFC 9293 §${p.rfc}）`,
  },
  'fuzz.nothingDue': {
    en: (p) => `a wait in ${p.state} with no timer running: nothing is due`,
    zh: (p) => `${p.state} 中没有计时器运行时的等待：此时不应有任何输出`,
  },
  'fuzz.step.edge': {
    en: (p) =>
      p.edge === 'before'
        ? `time passes: ${p.ms} ms, 1 ms before the ${p.timer} timer expires`
        : p.edge === 'at'
          ? `time passes: ${p.ms} ms, until the ${p.timer} timer expires`
          : `time passes: ${p.ms} ms, past the ${p.timer} timer's expiry by the timer granularity`,
    zh: (p) =>
      p.edge === 'before'
        ? `时间流逝：${p.ms} 毫秒，${p.timer} 定时器到期前 1 毫秒`
        : p.edge === 'at'
          ? `时间流逝：${p.ms} 毫秒，直到 ${p.timer} 定时器到期`
          : `时间流逝：${p.ms} 毫秒，超过 ${p.timer} 定时器到期时间一个计时粒度`,
  },
  'fuzz.step.advance': { en: (p) => `time passes: ${p.ms} ms`, zh: (p) => `时间流逝：${p.ms} 毫秒` },

  // The ladder diagram.
  'ladder.tester': { en: () => 'tester', zh: () => '测试方' },
  'ladder.iut': { en: () => 'IUT', zh: () => '被测实现' },
  'ladder.call': { en: (p) => `app: ${p.call}()`, zh: (p) => `应用：${p.call}()` },
  'ladder.time': { en: (p) => `${p.ms} ms pass`, zh: (p) => `经过 ${p.ms} 毫秒` },
} satisfies Record<string, Entry>;

export type MessageKey = keyof typeof CATALOG;
