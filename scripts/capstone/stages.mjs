// The capstone's stages: each printed when it starts and ends, with its time; the first failure names its stage.

/** Raised by a stage runner once a stage failed; carries the stage's name. */
export class StageFailure extends Error {
  constructor(stage, cause) {
    super(`stage "${stage}" failed: ${cause.message}`, { cause });
    this.stage = stage;
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Runs stages in order and keeps their timings for the closing table. */
export class StageRunner {
  constructor(print = (line) => console.log(line)) {
    this.print = print;
    this.started = performance.now();
    /** @type {{ name: string, ms: number, ok: boolean, detail: string }[]} */
    this.results = [];
  }

  /**
   * Runs `fn` as stage `name`; its return value (a string) is printed as the stage's result.
   * @template T @param {string} name @param {() => Promise<T>} fn @returns {Promise<T>}
   */
  async run(name, fn) {
    const index = this.results.length + 1;
    const at = seconds(performance.now() - this.started);
    this.print(`\n[${String(index).padStart(2)}] ${name}  (t+${at})`);
    const begin = performance.now();
    try {
      const value = await fn();
      const ms = performance.now() - begin;
      const detail = typeof value === 'string' ? value : value?.detail ?? '';
      this.results.push({ name, ms, ok: true, detail });
      this.print(`     ok in ${seconds(ms)}${detail ? `: ${detail}` : ''}`);
      return value;
    } catch (error) {
      const ms = performance.now() - begin;
      this.results.push({ name, ms, ok: false, detail: error.message });
      this.print(`     FAILED after ${seconds(ms)}: ${error.message}`);
      throw new StageFailure(name, error);
    }
  }

  /** Prints one line per stage and the total. */
  summary(title) {
    const width = Math.max(...this.results.map((r) => r.name.length), 5);
    this.print(`\n${title}`);
    for (const r of this.results) this.print(`  ${r.ok ? 'ok    ' : 'FAILED'}  ${r.name.padEnd(width)}  ${seconds(r.ms).padStart(8)}`);
    this.print(`  total ${seconds(performance.now() - this.started)}`);
  }
}
