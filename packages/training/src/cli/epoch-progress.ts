// Per-epoch progress for the train CLI: a cli-progress bar on a terminal, plain lines otherwise (CI, pipes).

import cliProgress from 'cli-progress';
import type { EpochLog } from '../train-mlp';

/** Receives epochs as they finish; `stop` is called once training ends. */
export interface EpochProgress {
  readonly onEpoch: (log: EpochLog) => void;
  stop(): void;
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');

/**
 * A progress reporter for `maxEpochs` epochs.
 * @param tty draw a bar (true) or print one line per epoch (false). @defaultValue process.stdout.isTTY
 */
export function createEpochProgress(maxEpochs: number, tty = Boolean(process.stdout.isTTY), write = (line: string) => console.log(line)): EpochProgress {
  if (!tty) {
    return {
      onEpoch: (l) => write(`epoch ${l.epoch}/${maxEpochs}  loss ${fmt(l.loss)}  val_loss ${fmt(l.valLoss)}  val_acc ${fmt(l.valAccuracy)}`),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: 'epoch {value}/{total} [{bar}] loss {loss}  val_loss {valLoss}  val_acc {valAcc}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(maxEpochs, 0, { loss: '-', valLoss: '-', valAcc: '-' });
  return {
    onEpoch: (l) => bar.update(l.epoch, { loss: fmt(l.loss), valLoss: fmt(l.valLoss), valAcc: fmt(l.valAccuracy) }),
    stop: () => bar.stop(),
  };
}
