/**
 * The command that runs one test of a run again, for the run's last lines: the run's own
 * options (the implementation, profile, language, judging flags, timeouts), without those that
 * select other tests, split the run or write reports, and with `--case ID`. Quoted for a POSIX
 * shell, so it can be pasted as it is.
 */

/** Options left out, with whether each takes a value: selection, splitting, reports, baselines. */
const DROPPED: Readonly<Record<string, boolean>> = {
  '--case': true,
  '--grep': true,
  '--grep-re': true,
  '--shard': true,
  '--jobs': true,
  '--reporter': true,
  '--output': true,
  '--baseline': true,
  '--update-baseline': false,
  '--bail': false,
  '--verbose': false,
};

export function rerunCommand(args: readonly string[], caseId: string): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.replace(/=.*$/s, '');
    if (!(name in DROPPED)) kept.push(arg);
    // The option's value is the next argument unless written as --name=value.
    else if (DROPPED[name] && name === arg) i++;
  }
  return ['tcpconform', 'run', ...kept, '--case', caseId].map(shellQuote).join(' ');
}

/** An argument as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
