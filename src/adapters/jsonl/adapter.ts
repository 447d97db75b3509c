/**
 * An adapter for any implementation that speaks the JSON-lines protocol
 * (docs/adapter-protocol.md), whatever carries the lines: a child process's stdin/stdout
 * (process.ts) or a TCP connection (connect.ts). One long-lived implementation serves the
 * whole run. After it breaks the exchange (no answer in time, a line that is not JSON, an
 * answer to another request, an exit), it is restarted before the next test; a reply that is
 * wrong but answers the request asked (a malformed reply, an unreadable segment, the wrong
 * type) fails the test and the same process goes on: it is still alive and answering.
 *
 * Hangs: after `hangLimit` tests in a row got no answer in time, the run stops waiting the
 * full timeout for every answer and waits HANG_FACTOR times the slowest answer so far (at
 * least MIN_SHORT_WAIT_MS): an implementation that answers gets what it has shown it needs,
 * with room to spare, and one that hangs costs a fraction of the timeout per test. Every
 * failure after that says so.
 */
import type { Readable, Writable } from 'node:stream';
import {
  ImplementationError,
  type Adapter,
  type AppCall,
  type Capabilities,
  type Endpoints,
  type ResetOptions,
} from '../../adapter.js';
import type { Reaction } from '../../../core/reaction.js';
import type { Segment } from '../../../core/segment.js';
import { UsageError } from '../../errors.js';
import { BadReply, ChannelError, JsonLinesChannel } from './channel.js';
import { dataToJson, eventFromJson, PROTOCOL_VERSION, segmentFromJson, segmentToJson, type Reply } from './messages.js';
import { render, t, type Text } from '../../i18n/text.js';

/** One live connection to the implementation. */
export interface Transport {
  readonly input: Writable;
  readonly output: Readable;
  /** Resolves, with what happened ("exited with code 3"), when the implementation is gone. */
  readonly ended: Promise<Text>;
  /** The implementation's most recent log lines (its stderr), oldest first; with a mark, those since it. */
  log(since?: number): string[];
  /** A mark for log(): the lines written after this moment. */
  logMark(): number;
  stop(): Promise<void>;
}

/** Starts the implementation; throws with a one-line reason when it cannot. */
export type Connect = () => Promise<Transport>;

export interface JsonLinesOptions {
  /** How long to wait for each reply, in ms. */
  readonly timeoutMs: number;
  readonly endpoints: Endpoints;
  /** What to call the implementation in messages: the command line or the address. */
  readonly label: string;
  /** After this many tests in a row without an answer, wait less (see above); 0: always the full timeout. */
  readonly hangLimit?: number;
}

/** The tests in a row that may go unanswered before the run waits less for each answer. */
export const DEFAULT_HANG_LIMIT = 3;
/** Once waiting less: this many times the slowest answer seen, ... */
const HANG_FACTOR = 4;
/** ... but never less than this. */
const MIN_SHORT_WAIT_MS = 200;

/** The implementation could not be started or did not answer init: the run cannot begin (exit 2). */
export class StartError extends UsageError {}

type InitOk = Extract<Reply, { type: 'init_ok' }>;

interface Session {
  readonly transport: Transport;
  readonly channel: JsonLinesChannel;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long to wait for an exit status after the output closes. */
const EXIT_GRACE_MS = 500;
/** Starting a program (a JVM, a Python interpreter) may take longer than answering a request. */
const MIN_INIT_TIMEOUT_MS = 5000;

export class JsonLinesAdapter implements Adapter {
  readonly name: string;
  private logStart = 0;
  /** Tests in a row that went unanswered (a request timed out), and whether the current one has. */
  private hangs = 0;
  private hungNow = false;
  /** Set once `hangLimit` tests in a row hung: from then on, the wait is short (see above). */
  private waitingLess = false;
  /** The longest an answered request took, in ms. */
  private slowestMs = 0;
  private constructor(
    private session: Session,
    private readonly connect: Connect,
    private readonly opts: JsonLinesOptions,
    readonly capabilities: Capabilities,
    readonly params: Readonly<Record<string, number>>,
    private readonly rawHeaders: boolean,
    name: string,
    readonly declared?: Readonly<Record<string, unknown>>,
  ) {
    this.name = name;
  }

  /** Start the implementation and exchange init; StartError, with the reason, if either fails. */
  static async open(connect: Connect, opts: JsonLinesOptions): Promise<JsonLinesAdapter> {
    let started: { session: Session; reply: InitOk };
    try {
      started = await JsonLinesAdapter.startAndInit(connect, opts);
    } catch (err) {
      throw new StartError(`the implementation (${opts.label}) ${(err as Error).message}`);
    }
    const { session, reply } = started;
    const c = reply.capabilities ?? {};
    const capabilities: Capabilities = {
      stateQuery: c.state_query === true,
      virtualClock: c.virtual_clock === true,
      isnOverride: c.isn_override === true,
    };
    return new JsonLinesAdapter(
      session,
      connect,
      opts,
      capabilities,
      reply.params ?? {},
      c.raw_headers === true,
      reply.name ?? opts.label,
      reply.declared,
    );
  }

  /**
   * Start the implementation and exchange init, or stop it again and throw an Error whose
   * message completes "the implementation …" (used at the start of a run and for restarts).
   */
  private static async startAndInit(
    connect: Connect,
    opts: JsonLinesOptions,
  ): Promise<{ session: Session; reply: InitOk }> {
    let session: Session;
    try {
      session = await JsonLinesAdapter.start(connect);
    } catch (err) {
      throw new Error(`cannot be started: ${(err as Error).message}`);
    }
    let reply: Reply;
    try {
      reply = await init(session, opts);
    } catch (err) {
      const tail = session.transport.log().slice(-3);
      await session.transport.stop();
      const what =
        err instanceof ChannelError || err instanceof BadReply
          ? render(err.text, 'en').replace(/^the implementation /, '')
          : (err as Error).message;
      throw new Error(`${what}${tail.length > 0 ? `; its last stderr lines: ${tail.join(' | ')}` : ''}`);
    }
    if (reply.type !== 'init_ok') {
      await session.transport.stop();
      throw new Error(
        `answered init with ${reply.type === 'error' ? `an error: ${reply.text ?? ''}` : `"${reply.type}"`}`,
      );
    }
    return { session, reply };
  }

  private static async start(connect: Connect): Promise<Session> {
    const transport = await connect();
    const channel = new JsonLinesChannel(transport.input, transport.output);
    void transport.ended.then((what) => channel.fail(what));
    // Pipes close just before a process exits: wait a moment so the report can say how it ended.
    const gone = (what: Text) => () => {
      void Promise.race([transport.ended, sleep(EXIT_GRACE_MS).then(() => what)]).then((why) => channel.fail(why));
    };
    transport.output.on('end', gone(t('impl.closedOutput')));
    transport.input.on('error', gone(t('impl.stoppedInput')));
    return { transport, channel };
  }

  /** The implementation's stderr lines since the current test began, shown under a failing test. */
  log(): string[] {
    return this.session.transport.log(this.logStart);
  }

  private async restartIfBroken(): Promise<void> {
    if (!this.session.channel.broken) return;
    await this.session.transport.stop();
    try {
      this.session = (await JsonLinesAdapter.startAndInit(this.connect, this.opts)).session;
    } catch (err) {
      throw new ImplementationError(t('impl.restart', { why: (err as Error).message }));
    }
  }

  /** How long to wait for the next answer: the full timeout, or less once tests in a row hung. */
  private waitMs(): number {
    const full = this.opts.timeoutMs;
    return this.waitingLess
      ? Math.min(full, Math.max(MIN_SHORT_WAIT_MS, Math.ceil(HANG_FACTOR * this.slowestMs)))
      : full;
  }

  private async ask(body: Record<string, unknown>, what: string): Promise<Reply> {
    let reply: Reply;
    const started = performance.now();
    try {
      reply = await this.session.channel.request(body, this.waitMs(), what);
    } catch (err) {
      if (err instanceof BadReply) throw new ImplementationError(err.text);
      if (!(err instanceof ChannelError)) throw err;
      if (err.text.key !== 'impl.timeout') throw new ImplementationError(err.text);
      this.hungNow = true;
      // A later request of the same test fails at once on the broken channel: only this one waited.
      if (!this.waitingLess) throw new ImplementationError(err.text);
      const note = t('impl.waitedLess', {
        k: this.opts.hangLimit ?? DEFAULT_HANG_LIMIT,
        factor: HANG_FACTOR,
        min: MIN_SHORT_WAIT_MS,
        full: this.opts.timeoutMs,
      });
      throw new ImplementationError(t('impl.timeout', { ...err.text.params, note }));
    }
    this.slowestMs = Math.max(this.slowestMs, performance.now() - started);
    if (reply.type === 'error')
      throw new ImplementationError(t('impl.error', { what, text: reply.text ?? '(no text)' }));
    return reply;
  }

  private async reaction(body: Record<string, unknown>, what: string): Promise<Reaction> {
    const reply = await this.ask(body, what);
    if (reply.type !== 'reaction')
      return this.protocolError(t('impl.wrongType', { what, type: reply.type, expected: 'reaction' }));
    const segments: Segment[] = [];
    for (const [i, s] of reply.segments.entries()) {
      try {
        segments.push(segmentFromJson(s, this.opts.endpoints, this.rawHeaders));
      } catch (err) {
        return this.protocolError(
          t('impl.badSegment', { i: i + 1, n: reply.segments.length, what, problem: (err as Error).message }),
        );
      }
    }
    return { segments, app: (reply.events ?? []).map(eventFromJson) };
  }

  /** A reply to the request asked, but not one the protocol allows there: the test fails, the exchange goes on. */
  private protocolError(message: Text): never {
    throw new ImplementationError(message);
  }

  async reset(opts: ResetOptions): Promise<void> {
    // A reset starts a test: count the tests in a row that went unanswered.
    this.hangs = this.hungNow ? this.hangs + 1 : 0;
    this.hungNow = false;
    const limit = this.opts.hangLimit ?? DEFAULT_HANG_LIMIT;
    if (limit > 0 && this.hangs >= limit) this.waitingLess = true;
    await this.restartIfBroken();
    this.logStart = this.session.transport.logMark();
    const reply = await this.ask(
      opts.isn !== undefined ? { type: 'reset', isn: opts.isn } : { type: 'reset' },
      'reset',
    );
    if (reply.type !== 'reset_ok')
      this.protocolError(t('impl.wrongType', { what: 'reset', type: reply.type, expected: 'reset_ok' }));
  }

  call(c: AppCall): Promise<Reaction> {
    const body =
      c.data !== undefined ? { type: 'call', call: c.call, data: dataToJson(c.data) } : { type: 'call', call: c.call };
    return this.reaction(body, `the call ${c.call}()`);
  }

  deliver(segment: Segment): Promise<Reaction> {
    return this.reaction(
      { type: 'segment', segment: segmentToJson(segment, this.opts.endpoints, this.rawHeaders) },
      `a ${segment.flags.join('+')} segment`,
    );
  }

  async advance(ms: number): Promise<Reaction> {
    // Without a virtual clock, time passes for real; the request then collects what the timers did.
    if (!this.capabilities.virtualClock) await sleep(ms);
    return this.reaction({ type: 'advance', ms }, `advance ${ms} ms`);
  }

  async state(): Promise<string> {
    const reply = await this.ask({ type: 'state' }, 'state');
    if (reply.type !== 'state_ok')
      return this.protocolError(t('impl.wrongType', { what: 'state', type: reply.type, expected: 'state_ok' }));
    return reply.state;
  }

  async close(): Promise<void> {
    await this.session.transport.stop();
  }
}

function init(session: Session, opts: JsonLinesOptions): Promise<Reply> {
  const { iut, peer } = opts.endpoints;
  return session.channel.request(
    { type: 'init', version: PROTOCOL_VERSION, iut, peer },
    Math.max(opts.timeoutMs, MIN_INIT_TIMEOUT_MS),
    'init',
  );
}
