/** The last lines an implementation wrote to its log, bounded in count and length. */
export class LogTail {
  private readonly kept: string[] = [];
  private partial = '';
  /** Lines ever added: lets a caller ask for the lines since a mark. */
  private total = 0;

  constructor(
    private readonly maxLines = 50,
    private readonly maxChars = 300,
  ) {}

  add(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop()!.slice(0, 64 * 1024);
    for (const line of parts) this.push(line);
  }

  private push(line: string): void {
    this.total++;
    this.kept.push(line.length > this.maxChars ? `${line.slice(0, this.maxChars)}…` : line);
    if (this.kept.length > this.maxLines) this.kept.shift();
  }

  /** A mark for `lines(since)`: the lines added after this moment. */
  mark(): number {
    return this.total;
  }

  /** The kept lines (all, or those added since a mark), plus an unfinished last line. */
  lines(since = 0): string[] {
    const kept = this.kept.slice(Math.max(0, this.kept.length - (this.total - since)));
    return this.partial ? [...kept, this.partial.slice(0, this.maxChars)] : kept;
  }
}
