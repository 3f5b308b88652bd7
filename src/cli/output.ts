// Two audiences, one rule: with --json, stdout carries JSON lines only (each object has a `type`), and everything
// for people is dropped; without it, stdout carries text for people. Errors for people always go to stderr.
import type { OutputStream } from './cli-context';

export class Output {
  constructor(
    readonly stdout: OutputStream,
    readonly stderr: OutputStream,
    readonly json: boolean,
  ) {}

  /** Text for people (dropped in --json mode). */
  text(line: string): void {
    if (!this.json) this.stdout.write(`${line}\n`);
  }

  /** One JSON line for machines (dropped in text mode). */
  record(type: string, fields: Record<string, unknown>): void {
    if (this.json) this.stdout.write(`${JSON.stringify({ type, ...fields })}\n`);
  }

  /** Diagnostics for people, on stderr in both modes. */
  note(line: string): void {
    this.stderr.write(`${line}\n`);
  }
}
