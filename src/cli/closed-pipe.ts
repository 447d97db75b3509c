/**
 * Output to a pipe whose reader has gone (`tcpconform check X | head -1`): the rest of the
 * output has nowhere to go, so the process ends quietly, as a Unix filter killed by SIGPIPE
 * would, instead of dying on Node's unhandled EPIPE with a stack trace. Only the binary
 * installs this: a program that embeds main() owns its own streams.
 */

/** The status a shell reports for a process ended by SIGPIPE (128 + 13). */
export const CLOSED_PIPE_EXIT = 141;

export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      // The command may have finished and decided its status already; if not, it was cut short.
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : CLOSED_PIPE_EXIT);
    });
}
