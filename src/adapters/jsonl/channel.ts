/**
 * Requests and replies over a pair of byte streams, one JSON object per line. Everything that
 * can go wrong with an implementation's output is detected here and reported as one
 * sentence: no reply in time, a line that is not JSON, a malformed or unknown reply, a reply
 * to the wrong request, an unasked-for line, a flood, the stream ending.
 */
import type { Readable, Writable } from 'node:stream';
import { Reply } from './messages.js';

/** What went wrong talking to the implementation. The channel is unusable afterwards. */
export class ChannelError extends Error {}

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
  readonly reject: (e: ChannelError) => void;
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
    if (this.pending) return Promise.reject(new ChannelError(`internal: a request (${this.pending.what}) is still pending`));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(`did not answer ${what} (request ${id}) within ${timeoutMs} ms`), timeoutMs);
      this.pending = { id, what, resolve, reject, timer };
      this.out.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  /** Mark the channel failed, failing the pending request if there is one. */
  fail(reason: string): void {
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
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() !== '') this.line(line);
      if (this.failure) return;
    }
    if (this.buffer.length > MAX_LINE_BYTES) this.fail(`flooded its output: more than ${MAX_LINE_BYTES} bytes without a newline`);
  }

  private line(line: string): void {
    const p = this.pending;
    if (!p) return this.fail(`wrote a line nobody asked for: ${quote(line)}`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return this.fail(`answered ${p.what} with a line that is not JSON: ${quote(line)}`);
    }
    const parsed = Reply.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return this.fail(`answered ${p.what} with a malformed or unknown message (${issue.message}${where}): ${quote(line)}`);
    }
    if (parsed.data.in_reply_to !== p.id) {
      return this.fail(`answered request ${parsed.data.in_reply_to} while request ${p.id} (${p.what}) was waiting: ${quote(line)}`);
    }
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve(parsed.data);
  }
}
