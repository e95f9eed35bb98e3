// Waits for a promise at most a given time: shutdown steps that talk to Redis must not hang a process.

/**
 * Waits until `promise` settles or `ms` pass, whichever comes first; resolves to `true` when it
 * fulfilled in time and `false` when it rejected or was still pending (it is left running, its
 * rejection is swallowed). Never rejects.
 * @example if (!(await settleWithin(worker.close(), 10_000))) await settleWithin(worker.close(true), 1000);
 */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}
