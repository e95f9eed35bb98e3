// Live drift: scored rows into a sampled window per model version, checked every N seconds against the training profile.

import type { Registry } from 'prom-client';
import type { DriftReport } from './dataset-drift';
import { createDriftGauges, recordDriftReport, type DriftGauges, type ModelVersion } from './drift-gauges';
import { resolveDriftOptions, type DriftOptions, type ResolvedDriftOptions } from './drift-options';
import { profileDatasetDrift, type ReferenceFeatureProfile } from './profile-drift';
import { SampledWindow } from './sampled-window';

/** Rows scored by a model version, row-major: the `onScored` event of the serving plane's inference observer. */
export interface ScoredRows extends ModelVersion {
  readonly features: ArrayLike<number>;
  readonly featureCount: number;
  readonly rows: number;
}

/** Options of a {@link LiveDriftMonitor}. */
export interface LiveDriftOptions {
  /** Where the `model_drift_*` gauges are registered (the process's metrics registry). */
  readonly registry: Registry;
  /** The training profile of a model version (its manifest's `profile.features`), or undefined: its rows are then not kept. */
  readonly profileFor: (model: string, version: string) => readonly ReferenceFeatureProfile[] | undefined;
  /** Rows kept per model version (the most recent sampled ones). @defaultValue 2000 */
  readonly windowRows?: number;
  /** Share of scored rows sampled into the window, in (0, 1]. @defaultValue 1 */
  readonly sampleRate?: number;
  /** Seconds between two checks once {@link LiveDriftMonitor.start} ran. @defaultValue 60 */
  readonly intervalSeconds?: number;
  /** A window with fewer rows is not checked (too few rows to say anything). @defaultValue 200 */
  readonly minRows?: number;
  /** Model versions watched at most; rows of others are ignored, so memory stays bounded. @defaultValue 8 */
  readonly maxModels?: number;
  /**
   * Thresholds of the check (Evidently's defaults), except `ksMethod`: `asymp` unless set, so a check of a
   * 2000-row window takes a few ms instead of the exact p-value's ~15 ms per feature (n·m steps).
   */
  readonly drift?: DriftOptions;
  /** Sampling randomness. @defaultValue Math.random */
  readonly random?: () => number;
  /** Clock in milliseconds, for the check's timestamp. @defaultValue Date.now */
  readonly now?: () => number;
  /** Called after each model version's check (logging, tests). */
  readonly onCheck?: (check: LiveDriftCheck) => void;
  /** Called with an error of `observe` or of a periodic check, which never throw (logging). */
  readonly onError?: (error: unknown) => void;
}

/** One model version's check. */
export interface LiveDriftCheck extends ModelVersion {
  readonly windowRows: number;
  readonly report: DriftReport;
}

interface Watched {
  readonly labels: ModelVersion;
  readonly profiles: readonly ReferenceFeatureProfile[];
  readonly window: SampledWindow;
}

/**
 * Watches scored rows for drift. Feed it with {@link observe} (the serving observer's `onScored`) or
 * {@link addRows} (a batch worker's rows); it checks every `intervalSeconds` after {@link start}, or when
 * {@link checkNow} is called, and writes the `model_drift_*` gauges.
 * @example const live = new LiveDriftMonitor({ registry, profileFor }).start(); observer.onScored = (e) => live.observe(e);
 */
export class LiveDriftMonitor {
  readonly gauges: DriftGauges;
  private readonly watched = new Map<string, Watched | null>();
  private readonly drift: ResolvedDriftOptions;
  private readonly windowRows: number;
  private readonly intervalSeconds: number;
  private readonly minRows: number;
  private readonly maxModels: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveDriftOptions) {
    this.gauges = createDriftGauges(options.registry);
    this.drift = resolveDriftOptions({ ksMethod: 'asymp', ...options.drift });
    this.windowRows = options.windowRows ?? 2000;
    this.intervalSeconds = options.intervalSeconds ?? 60;
    this.minRows = options.minRows ?? 200;
    this.maxModels = options.maxModels ?? 8;
    if (!(this.intervalSeconds > 0)) throw new RangeError(`intervalSeconds must be > 0, got ${this.intervalSeconds}`);
    if (!(Number.isInteger(this.minRows) && this.minRows >= 1)) throw new RangeError(`minRows must be a positive integer, got ${this.minRows}`);
    new SampledWindow(1, { capacity: this.windowRows, sampleRate: options.sampleRate }); // validates both now, not on the first row
  }

  /** Takes one `onScored` event. Never throws into the request path: a failure goes to `onError`. */
  observe(e: ScoredRows): void {
    try {
      this.addRows(e.model, e.version, e.features, e.rows, e.featureCount);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /**
   * Offers rows scored by a model version to its window. Rows of a version without a profile, with a feature
   * count other than its profile's, or beyond `maxModels` versions are ignored. Returns the rows kept.
   */
  addRows(model: string, version: string, features: ArrayLike<number>, rows: number, featureCount = features.length / Math.max(rows, 1)): number {
    const w = this.watch(model, version);
    if (w === undefined || featureCount !== w.profiles.length || !(rows > 0) || features.length < rows * featureCount) return 0;
    return w.window.add(features, rows);
  }

  /** Checks every watched version now (those with at least `minRows` rows) and writes the gauges. */
  checkNow(): LiveDriftCheck[] {
    const checks: LiveDriftCheck[] = [];
    const at = (this.options.now ?? Date.now)() / 1000;
    for (const w of this.watched.values()) {
      if (w === null) continue;
      const windowRows = w.window.size;
      if (windowRows < this.minRows) continue; // no series until the first real check: "no data", not a half-full verdict
      const report = profileDatasetDrift(w.profiles, w.window.columns(), this.drift);
      recordDriftReport(this.gauges, w.labels, report, windowRows, at);
      const check = { ...w.labels, windowRows, report };
      this.options.onCheck?.(check);
      checks.push(check);
    }
    return checks;
  }

  /** Checks every `intervalSeconds` until {@link stop} (the timer does not keep the process alive). */
  start(): this {
    if (this.timer === undefined) {
      this.timer = setInterval(() => {
        try {
          this.checkNow();
        } catch (error) {
          this.options.onError?.(error);
        }
      }, this.intervalSeconds * 1000);
      this.timer.unref();
    }
    return this;
  }

  /** Stops the periodic check. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Stops watching every version `keep` says no longer serves: drops its window and removes its gauge series, so
   * an alert on a retired version resolves instead of reading its last window forever. Versions seen without a
   * profile are forgotten in any case, so they are looked up again (a canary candidate that started serving).
   * @example registry.onChange(() => monitor.retain((model, version) => served(model).includes(version)))
   */
  retain(keep: (model: string, version: string) => boolean): void {
    for (const [key, w] of this.watched) {
      const [model = '', version = ''] = key.split('\u0000');
      if (w === null) this.watched.delete(key); // a miss: ask for its profile again from now on
      else if (!keep(model, version)) {
        this.watched.delete(key);
        removeDriftSeries(this.gauges, w.labels, w.profiles);
      }
    }
  }

  /** The window of a model version, if it is watched (for tests and diagnostics). */
  windowOf(model: string, version: string): SampledWindow | undefined {
    return this.watched.get(`${model}\u0000${version}`)?.window;
  }

  private watch(model: string, version: string): Watched | undefined {
    const key = `${model}\u0000${version}`;
    const known = this.watched.get(key);
    if (known !== undefined) return known ?? undefined;
    if (this.watched.size >= this.maxModels) return undefined;
    const profiles = this.options.profileFor(model, version);
    const w = profiles?.length
      ? { labels: { model, version }, profiles, window: new SampledWindow(profiles.length, { capacity: this.windowRows, sampleRate: this.options.sampleRate, random: this.options.random }) }
      : null;
    this.watched.set(key, w);
    return w ?? undefined;
  }
}

/** Removes every `model_drift_*` series of one model version (what {@link recordDriftReport} wrote for it). */
function removeDriftSeries(gauges: DriftGauges, labels: ModelVersion, profiles: readonly ReferenceFeatureProfile[]): void {
  const { model, version } = labels;
  for (const { name: feature } of profiles) {
    for (const method of ['ks', 'wasserstein_normed', 'psi']) gauges.score.remove({ model, version, feature, method });
    gauges.featureDrifted.remove({ model, version, feature });
  }
  for (const gauge of [gauges.share, gauges.detected, gauges.windowRows, gauges.lastCheck]) gauge.remove({ model, version });
}
