// Cached label children of a prom-client metric: one map look-up per observation instead of hashing a labels object.

/** A prom-client Counter, Gauge or Histogram with labels. */
interface Labelled<C> {
  labels(...values: string[]): C;
}

/**
 * Returns `child(...values)`: the metric's child for those label values (in `labelNames` order), created once.
 * Label values must come from a small fixed set (templates, classes, outcomes), as for any label.
 * @example const byOutcome = cachedChildren(requests); byOutcome('wine-quality', '1', 'success').inc();
 */
export function cachedChildren<C>(metric: Labelled<C>): (...values: string[]) => C {
  const children = new Map<string, C>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (child === undefined) {
      child = metric.labels(...values);
      children.set(key, child);
    }
    return child;
  };
}
