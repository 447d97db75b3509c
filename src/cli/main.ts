/**
 * The command line: dispatch, and the one place where errors become exit codes. A user's
 * mistake (bad flags, a bad spec) prints one line per problem and exits 2, without a stack.
 * Each command's module is loaded when it is asked for, so `--help` or `run` loads only what
 * it needs (neither needs the generator when generated/ is up to date).
 */
import { SpecError, SpecErrors } from '../../core/spec/errors.js';
import { type Io, PROCESS_IO } from './io.js';
import { EXIT, UsageError } from './usage.js';

const HELP = `tcpconform: conformance tests for TCP connection management

  tcpconform generate [--spec DIR] [--out DIR] [--check]
      validate the spec and write the suite and the reference implementation
      (--check: write nothing; exit 1 if the output on disk is stale)
  tcpconform run [--adapter reference | --module PATH | --exec CMD | --connect HOST:PORT] [--profile memo|rfc9293]
                 [--timeout MS] [--case ID] [--grep PATTERN] [--reporter spec|json|junit|gradescope|html] [--output FILE]
                 [--lang en|zh] [--seed N] [--no-state-query] [--identify-always] [--exact]
                 [--variations FILE.yaml] [--baseline REPORT.json [--update-baseline]]
                 [--jobs N] [--shard I/N] [--kernel [--slow] [--settle MS]] [--verbose] [--hang-limit K]
      run the generated suite against an implementation: the reference (default), a module whose
      default export is an Adapter, a program speaking docs/adapter-protocol.md, or one on TCP
      (--case: only the test case with that ID (exact; its title and generated/suite/ show it);
       --no-state-query: never ask the state; tell it by outputs, as for a program that cannot say;
       --identify-always: tell it by outputs as well as asking, since a reported state proves little;
       --exact: judge outputs exactly as the spec's transitions write them, without the latitude
       of spec/latitude.yaml: delayed and cumulative ACKs, timers on a coarse tick, RST with ACK;
       --variations: where the implementation knowingly differs, in the form of spec/linux.yaml
       (variations:, cannot_call:): a step that matches is a known variation, not a failure;
       --baseline: compare by case ID with an earlier --reporter json report: exit 1 only for a
       regression (pass -> fail or pending, pending -> fail, a new test failing), improvements,
       new tests and tests gone listed; --update-baseline: write this run's report there, exit 0;
       --jobs N: run the cases on N implementations at once (N processes of --exec, N network
       namespaces of --kernel, N instances of a --module whose export makes one); the tests and
       reports come out in the serial order, with the same results;
       --shard I/N: only part I of N of the run, split by case ID and balanced by expected cost,
       for a CI matrix; write each part with --reporter json and join them with merge-reports;
       --verbose: every test's title and each failure's own report, not a line per suite;
       --hang-limit K: after K tests in a row got no answer (default 3), wait for each answer 4 times
       the slowest so far (at least 200 ms), not the full --timeout; 0: always the full timeout)
  tcpconform merge-reports REPORT.json... [--reporter spec|json|junit|gradescope|html] [--output FILE] [--lang en|zh]
                          [--baseline REPORT.json [--update-baseline]]
      the JSON reports of a run's shards as one run of the whole would have reported it, against a
      baseline as run does (exit 2: a file is missing, not a run's JSON report, of another run, or
      a shard is missing or twice)
  tcpconform fuzz [--adapter reference | --module PATH | --exec CMD | --connect HOST:PORT] [--profile memo|rfc9293]
                  [--runs N] [--time S] [--keep-going] [--jobs N] [--steps N] [--seed S]
                  [--replay SEED:PATH] [--reporter text|json] [--timeout MS] [--lang en|zh]
      random walks (calls, valid and invalid segments, duplicates, reordering, waits at timers'
      edges) run on the implementation and on the reference as the model, compared step by step;
      a failing walk is shrunk and printed with its rules, labels and the command that replays it
      (--replay). --keep-going runs the budget (--runs N walks, default 100, and/or --time S
      seconds) past failures and prints one shrunk walk per group of failures that differ first
      at the same transition, field and labels; --reporter json gives the groups as data;
      --jobs N runs N walks at once on N implementations (the same groups as one, sooner)
  tcpconform mutate [--spec DIR] [--profile memo|rfc9293] [--no-state-query] [--no-code] [--kills] [--output FILE]
      the suite's strength: spec mutants (wrong next state, segment missing or extra, SN/AN off by
      one, wrong flag, no MSS option, timer not started) against the suite and a happy-path
      baseline, each survivor with why; then Stryker's code mutants of the code that judges
      (harness, sequence arithmetic, header and capture parsers; from a clone of the repository)
      (exit 1 if a spec mutant some test could kill survives)
  tcpconform graph [--spec DIR] [--profile memo|rfc9293] [--format dot|svg|mermaid] [--output FILE]
      draw the connection state machine (RFC 9293 §3.3.2) from the spec; DOT by default
  tcpconform coverage [--spec DIR] [--profile memo|rfc9293] [--format text|markdown] [--output FILE]
      states x inputs: which transitions and rules cover each pair, and how many tests
      (exit 1 if the rfc9293 profile leaves a pair neither covered nor marked unspecified)
  tcpconform coverage --state NAME [--spec DIR] [--profile memo|rfc9293] [--output FILE]
      one state's inputs: each transition that takes one there, its guard as the spec writes
      it, its next state, rules, tests and file:line; what is left open, and any gap
  tcpconform coverage --requirements [--spec DIR] [--profile memo|rfc9293] [--format text|markdown|json] [--output FILE]
      every RFC 9293 requirement label (Appendix B) with its level and feature, and the tests
      that check it, or why it is out of scope, or "not covered"; profile rfc9293 by default

  tcpconform contract [--profile memo|rfc9293] [--format markdown|json] [--lang en|zh] [--spec DIR] [--output FILE]
      what an implementation is held to, from the spec: parameters, what each call answers in each
      state, timers and giving up, latitude, variations, capabilities (docs/contract.md)

  tcpconform check FILE [--profile memo|rfc9293] [--reporter text|json] [--spec DIR] [--exact]
      check the TCP connections in a packet capture (pcap or pcapng) against the spec: per
      connection the rules each end passed, each violation with its frame number, rule and the
      fields that differ, and the exchange as a ladder (exit 2: the file cannot be read)
      (--exact: judge without the latitude, as run --exact: what an allowance accepted is a finding)

exit codes: 0 all passed, 1 conformance failures (or stale output), 2 bad usage or bad spec
`;

/** Run the command line `argv`, writing to `io`; the exit code. */
export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'generate':
        return await (await import('./generate.js')).generateCommand(rest, io);
      case 'coverage':
        return await (await import('./coverage.js')).coverageCommand(rest, io);
      case 'run':
        return await (await import('./run.js')).runCommand(rest, io);
      case 'merge-reports':
        return await (await import('./merge-reports.js')).mergeReportsCommand(rest, io);
      case 'fuzz':
        return await (await import('./fuzz.js')).fuzzCommand(rest, io);
      case 'mutate':
        return await (await import('./mutate.js')).mutateCommand(rest, io);
      case 'check':
        return (await import('./check.js')).checkCommand(rest, io);
      case 'graph':
        return await (await import('./graph.js')).graphCommand(rest, io);
      case 'contract':
        return await (await import('./contract.js')).contractCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}" (try: tcpconform help)`);
    }
  } catch (err) {
    if (err instanceof SpecErrors || err instanceof SpecError) {
      io.stderr.write(`${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`tcpconform: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
