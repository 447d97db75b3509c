/**
 * A mistake the user can fix (a bad flag, an adapter module that is not one): the CLI prints
 * its message as one line and exits 2, without a stack trace.
 */
export class UsageError extends Error {}
