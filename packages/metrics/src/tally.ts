// Plain-number tallies in front of prom-client metrics: the request path adds to them, a scrape hands the sums over.

import type { Counter, Histogram } from 'prom-client';

/** Label values by label name, as prom-client takes them. */
export type Labels<L extends string> = Partial<Record<L, string | number>>;

/** One series of a counter tally: a cached handle that skips the label lookup. */
export interface CounterSeries {
  inc(value?: number): void;
}

/** One series of a histogram tally. */
export interface HistogramSeries {
  observe(value: number): void;
}

/** A prom-client counter's recorder with the same `inc(labels, value)` call. */
export interface CounterTally<L extends string> {
  inc(labels: Labels<L>, value?: number): void;
  /** The series of `labels`, to keep where the labels are known ahead of time. */
  series(labels: Labels<L>): CounterSeries;
}

/** A prom-client histogram's recorder with the same `observe(labels, value)` call. */
export interface HistogramTally<L extends string> {
  observe(labels: Labels<L>, value: number): void;
  series(labels: Labels<L>): HistogramSeries;
}

/** Series by label values, in label-name order: nested maps, so a lookup builds no key string. */
class SeriesIndex<S> {
  private readonly root = new Map<string, unknown>();

  constructor(
    private readonly labelNames: readonly string[],
    private readonly create: (labels: Record<string, string>) => S,
  ) {}

  get(labels: Readonly<Record<string, string | number | undefined>>): S {
    const names = this.labelNames;
    const last = names.length - 1;
    let map = this.root;
    for (let i = 0; i < last; i += 1) {
      const value = String(labels[names[i]!]);
      let next = map.get(value) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        map.set(value, next);
      }
      map = next;
    }
    const leaf = last < 0 ? '' : String(labels[names[last]!]);
    let series = map.get(leaf) as S | undefined;
    if (series === undefined) {
      series = this.create(ownLabels(labels));
      map.set(leaf, series);
    }
    return series;
  }
}

/** A copy of `labels` with string values; a name the metric does not have stays, for prom-client's check to refuse. */
function ownLabels(labels: Readonly<Record<string, string | number | undefined>>): Record<string, string> {
  const own: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) if (value !== undefined) own[name] = String(value);
  return own;
}

/** Runs `flush` before the metric's own collect (if any) on every scrape or `get()`. */
function onCollect(metric: Counter<string> | Histogram<string>, flush: () => void): void {
  const target = metric as unknown as { collect?: () => void | Promise<void> };
  const own = target.collect;
  target.collect = own ? function (this: unknown) { flush(); return own.call(this); } : flush;
}

/**
 * A counter recorded in plain numbers: `inc` adds to the series' pending sum (no label hashing, no validation
 * after the series' first use), and every collection of `counter` (a scrape, `registry.metrics()`, `get()`)
 * hands the pending sums over with one `counter.inc(labels, n)` per series. What a scrape shows is the same as
 * with `counter.inc` on every call. A series is created (and its labels checked by prom-client) on first use.
 * @example const requests = tallyCounter(counter, ['model', 'version']); requests.inc({ model, version });
 */
export function tallyCounter<L extends string>(counter: Counter<L>, labelNames: readonly L[]): CounterTally<L> {
  const all: { labels: Record<string, string>; pending: number }[] = [];
  const index = new SeriesIndex(labelNames, (labels) => {
    counter.inc(labels as Labels<L>, 0); // validates the labels and shows the series at 0, as a first inc would
    const state = { labels, pending: 0 };
    all.push(state);
    const series: CounterSeries & { state: typeof state } = {
      state,
      inc(value = 1) {
        if (!(value >= 0) || value === Infinity) throw new RangeError(`a counter only goes up by a finite number, got ${value}`);
        state.pending += value;
      },
    };
    return series;
  });
  onCollect(counter, () => {
    for (const s of all) {
      if (s.pending === 0) continue;
      counter.inc(s.labels as Labels<L>, s.pending);
      s.pending = 0;
    }
  });
  return {
    inc: (labels, value) => index.get(labels as Record<string, string>).inc(value),
    series: (labels) => index.get(labels as Record<string, string>),
  };
}

/** The parts of a prom-client 15 histogram series its exposition is made from. */
interface HistogramEntry {
  labels: Record<string, string>;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}

/**
 * A histogram recorded in plain numbers: `observe` finds the bucket in a typed array and adds to the pending
 * sum and count; every collection of `histogram` adds the pending counts to prom-client's own series (created
 * with `histogram.zero(labels)`), so the exposition, `get()` and `reset()` are prom-client's. Tied to
 * prom-client 15's series layout (`{ labels, bucketValues, sum, count }`, pinned in package.json); the tests
 * compare a tallied histogram's exposition with prom-client's own `observe`.
 * @example const queue = tallyHistogram(histogram, ['model', 'version']); queue.observe({ model, version }, 0.0004);
 */
export function tallyHistogram<L extends string>(histogram: Histogram<L>, labelNames: readonly L[]): HistogramTally<L> {
  const internal = histogram as unknown as { hashMap: Record<string, HistogramEntry> };
  const all: { labels: Record<string, string>; keys: string[]; pending: Float64Array; map: object | undefined; entry: HistogramEntry | undefined }[] = [];

  /** prom-client's series for `labels`, created at zero when missing (first use, or after a `reset()`). */
  const entryOf = (labels: Record<string, string>): HistogramEntry => {
    const map = internal.hashMap;
    for (const e of Object.values(map)) if (e.labels === labels) return e;
    histogram.zero(labels as Labels<L>);
    const entry = Object.values(internal.hashMap).find((e) => e.labels === labels);
    if (!entry || typeof entry.bucketValues !== 'object' || typeof entry.count !== 'number') throw new Error('unexpected prom-client histogram layout (tallyHistogram needs prom-client 15)');
    return entry;
  };

  const index = new SeriesIndex(labelNames, (labels) => {
    histogram.labels(labels as Labels<L>); // prom-client's label check: throws on a name the histogram does not have
    const entry = entryOf(labels);
    const keys = Object.keys(entry.bucketValues).sort((a, b) => Number(a) - Number(b));
    const bounds = Float64Array.from(keys, Number);
    // pending[0..n-1]: per bucket; [n]: above the last bound (+Inf only); [n+1]: sum; [n+2]: count.
    const n = bounds.length;
    const pending = new Float64Array(n + 3);
    all.push({ labels, keys, pending, map: internal.hashMap, entry });
    return {
      observe(value: number) {
        if (!Number.isFinite(value)) throw new TypeError(`a histogram observes finite numbers, got ${value}`);
        let k = 0;
        while (k < n && value > bounds[k]!) k += 1;
        pending[k]! += 1;
        pending[n + 1]! += value;
        pending[n + 2]! += 1;
      },
    } satisfies HistogramSeries;
  });

  onCollect(histogram, () => {
    for (const s of all) {
      const { pending, keys } = s;
      const n = keys.length;
      if (pending[n + 2] === 0) continue;
      if (s.map !== internal.hashMap || !Object.values(internal.hashMap).includes(s.entry!)) {
        s.entry = entryOf(s.labels);
        s.map = internal.hashMap;
      }
      const entry = s.entry!;
      for (let k = 0; k < n; k += 1) entry.bucketValues[keys[k]!]! += pending[k]!;
      entry.sum += pending[n + 1]!;
      entry.count += pending[n + 2]!;
      pending.fill(0);
    }
  });
  return {
    observe: (labels, value) => index.get(labels as Record<string, string>).observe(value),
    series: (labels) => index.get(labels as Record<string, string>),
  };
}
