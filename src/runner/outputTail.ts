/**
 * A child process's output as lines: a chunk may end mid-line, so each stream's unfinished line waits for its
 * newline (or for `flush` at the end). Keeps the last lines of all streams in order, for the message when the
 * process fails. Used by the trainer client and by the GPU backend installer.
 */
export class OutputTail {
  /** The last lines, oldest first (blank lines left out). */
  readonly lines: string[] = [];
  private readonly partials: string[] = [];

  constructor(
    private readonly keep: number,
    private readonly onLine?: (line: string) => void,
  ) {}

  /** A feeder for one stream (stdout, stderr), with its own unfinished line. */
  stream(): (chunk: Buffer | string) => void {
    const i = this.partials.push("") - 1;
    return (chunk) => {
      const parts = (this.partials[i] + chunk.toString()).split(/\r?\n/);
      this.partials[i] = parts.pop() ?? "";
      for (const line of parts) this.add(line);
    };
  }

  /** Takes each stream's last line where the output ended without a newline; returns the kept lines. */
  flush(): string[] {
    this.partials.forEach((rest, i) => {
      this.partials[i] = "";
      this.add(rest);
    });
    return this.lines;
  }

  private add(line: string): void {
    if (!line.trim()) return;
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.shift();
    this.onLine?.(line);
  }
}
