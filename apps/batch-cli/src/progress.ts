// Shows batch progress: a cli-progress bar on a terminal, plain lines otherwise (CI logs, pipes).

import cliProgress from 'cli-progress';
import type { BatchStatus } from './api-client';

/** Receives each polled status; `stop` ends the display. */
export interface ProgressView {
  update(status: BatchStatus): void;
  stop(): void;
}

/** A bar when `stream` is a TTY, otherwise a line per 10% step (and state changes). */
export function createProgressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'scoring [{bar}] {percentage}% | {value}/{total} rows | {failed} failed | {state}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(s) {
        const total = s.rows.total ?? Math.max(s.rows.done, 1);
        if (!started) bar.start(total, s.rows.done, { failed: s.rows.failed, state: s.state });
        started = true;
        bar.setTotal(total);
        bar.update(s.rows.done, { failed: s.rows.failed, state: s.state });
      },
      stop: () => bar.stop(),
    };
  }
  let lastStep = -1;
  let lastState = '';
  return {
    update(s) {
      const step = Math.floor((s.percent ?? 0) / 10);
      if (step === lastStep && s.state === lastState) return;
      lastStep = step;
      lastState = s.state;
      stream.write(`${s.state}: ${s.rows.done}/${s.rows.total ?? '?'} rows (${s.percent ?? 0}%), ${s.rows.failed} failed\n`);
    },
    stop() {},
  };
}
