/** The last lines an implementation wrote to its log, bounded in count and length. */
export class LogTail {
  private readonly kept: string[] = [];
  private partial = '';

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
    this.kept.push(line.length > this.maxChars ? `${line.slice(0, this.maxChars)}…` : line);
    if (this.kept.length > this.maxLines) this.kept.shift();
  }

  lines(): string[] {
    return this.partial ? [...this.kept, this.partial.slice(0, this.maxChars)] : [...this.kept];
  }
}
