// Counts the requests using each loaded model, so a replaced model is closed only after its in-flight work drained.

import type { LoadedModel } from './load-model';

/**
 * Per-model count of requests in flight. A request takes a lease when it picks its model and gives it back
 * when its answer is built; `drained(model)` resolves once no lease on `model` is left.
 */
export class ModelLeases {
  private readonly counts = new Map<LoadedModel, number>();
  private readonly waiters = new Map<LoadedModel, (() => void)[]>();

  /** Takes a lease on `model`; call the returned function exactly once when the request is done with it. */
  acquire(model: LoadedModel): () => void {
    this.counts.set(model, (this.counts.get(model) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(model) ?? 1) - 1;
      if (left > 0) {
        this.counts.set(model, left);
        return;
      }
      this.counts.delete(model);
      const waiting = this.waiters.get(model);
      this.waiters.delete(model);
      waiting?.forEach((resolve) => resolve());
    };
  }

  /** Resolves when no request holds a lease on `model` (at once when none does). */
  drained(model: LoadedModel): Promise<void> {
    if (!this.counts.has(model)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(model) ?? [];
      list.push(resolve);
      this.waiters.set(model, list);
    });
  }
}
