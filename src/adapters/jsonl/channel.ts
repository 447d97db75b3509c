/**
 * Requests and replies over a pair of byte streams, one JSON object per line. Everything that
 * can go wrong with an implementation's output is detected here and reported as one
 * sentence: no reply in time, a line that is not JSON, a malformed or unknown reply, a reply
 * to the wrong request, an unasked-for line, a flood, the stream ending. A malformed reply
 * that names the request waiting (its `in_reply_to`) answers it, wrongly: the exchange is still
 * in step, so only that request fails (BadReply); anything else leaves the channel unusable.
 */
import type { Readable, Writable } from 'node:stream';
import { Reply } from './messages.js';
import { render, t, type Text } from '../../i18n/text.js';

/** What went wrong talking to the implementation. The channel is unusable afterwards. */
export class ChannelError extends Error {
  constructor(readonly text: Text) {
    super(render(text, 'en'));
  }
}

/** A malformed answer to the request waiting: that request fails, the channel goes on. */
export class BadReply extends Error {
  constructor(readonly text: Text) {
    super(render(text, 'en'));
  }
}

const MAX_LINE_BYTES = 1 << 20;
const QUOTE_CHARS = 200;

export function quote(line: string): string {
  const shown = line.length > QUOTE_CHARS ? `${line.slice(0, QUOTE_CHARS)}… (${line.length} characters)` : line;
  return JSON.stringify(shown);
}

interface Pending {
  readonly id: number;
  readonly what: string;
  readonly resolve: (r: Reply) => void;
  readonly reject: (e: ChannelError | BadReply) => void;
  readonly timer: NodeJS.Timeout;
}

export class JsonLinesChannel {
  private buffer = '';
  private pending: Pending | undefined;
  private nextId = 0;
  private failure: ChannelError | undefined;

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.receive(chunk));
  }

  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** Send one request and wait for its reply. */
  request(body: Record<string, unknown>, timeoutMs: number, what = String(body.type)): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) throw new Error(`internal: a request (${this.pending.what}) is still pending`);
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(t('impl.timeout', { what, id, ms: timeoutMs })), timeoutMs);
      this.pending = { id, what, resolve, reject, timer };
      this.out.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  /** Mark the channel failed, failing the pending request if there is one. */
  fail(reason: Text): void {
    if (this.failure) return;
    this.failure = new ChannelError(reason);
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(this.failure);
    }
  }

  private receive(chunk: string): void {
    if (this.failure) return;
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() !== '') this.line(line);
      if (this.failure) return;
    }
    if (this.buffer.length > MAX_LINE_BYTES) this.fail(t('impl.flood', { bytes: MAX_LINE_BYTES }));
  }

  private line(line: string): void {
    const p = this.pending;
    if (!p) {
      this.fail(t('impl.unasked', { line: quote(line) }));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.fail(t('impl.notJson', { what: p.what, line: quote(line) }));
      return;
    }
    const parsed = Reply.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      const hint = numberHint(issue);
      const text = t('impl.malformed', {
        what: p.what,
        issue: `${issue.message}${where}`,
        line: quote(line),
        ...(hint ? { hint } : {}),
      });
      if ((value as { in_reply_to?: unknown } | null)?.in_reply_to !== p.id) {
        this.fail(text);
        return;
      }
      this.pending = undefined;
      clearTimeout(p.timer);
      p.reject(new BadReply(text));
      return;
    }
    if (parsed.data.in_reply_to !== p.id) {
      this.fail(t('impl.wrongReply', { got: parsed.data.in_reply_to, id: p.id, what: p.what, line: quote(line) }));
      return;
    }
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve(parsed.data);
  }
}

/**
 * For a sequence or acknowledgment number out of range, why it may be: a number of 2^32 or
 * more was not taken modulo 2^32 (it wraps to 0); a negative one is a 32-bit number read as
 * signed (Java's int, C's int32_t).
 */
function numberHint(issue: { readonly code: string; readonly path: readonly PropertyKey[] }): Text | undefined {
  const field = issue.path.at(-1);
  if (field !== 'seq' && field !== 'ack') return undefined;
  if (issue.code === 'too_big') return t('impl.hint.wrap');
  if (issue.code === 'too_small') return t('impl.hint.unsigned');
  return undefined;
}
