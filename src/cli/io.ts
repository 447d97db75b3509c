/**
 * Where a command writes: the process's stdout and stderr from the `tcpconform` binary, any
 * writers when main() is called in a process of one's own (a test, a tool that embeds it).
 */
export interface Writer {
  write(text: string): unknown;
}

export interface Io {
  readonly stdout: Writer;
  readonly stderr: Writer;
}

export const PROCESS_IO: Io = { stdout: process.stdout, stderr: process.stderr };
