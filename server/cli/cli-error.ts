/** A user-facing CLI failure: its message is printed without a stack, and the exit code is 1. */
export class CliError extends Error {}
