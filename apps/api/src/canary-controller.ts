// The rollout loop of one model: follows the production alias, serves the candidate alias as a canary (or shadow), and promotes or rolls it back.

import type { Logger } from 'pino';
import { decideCanary, routesToCanary, type CanaryDecision } from '@mlops/model-lifecycle';
import { readAliases, setAlias } from '@mlops/model-store';
import type { ModelRegistry } from '@mlops/serving';
import { CanaryStats } from './canary-stats';
import type { RolloutConfig } from './rollout-config';
import type { RolloutMetrics, RolloutState } from './rollout-metrics';

/** Who the canary's alias changes are recorded as, in the alias history. */
export const CANARY_ACTOR = 'canary';

/** Options of {@link CanaryController}. */
export interface CanaryControllerOptions {
  readonly registry: ModelRegistry;
  readonly name: string;
  readonly config: Pick<RolloutConfig, 'canaryPercent' | 'canaryMode' | 'policy' | 'checkSeconds'>;
  /** True when the server serves the production alias (MODEL_VERSION unset or `production`): a moved alias is loaded. */
  readonly followProduction: boolean;
  readonly logger: Logger;
  /** The gauges; none with METRICS=off. */
  readonly metrics?: RolloutMetrics;
}

/**
 * Every `checkSeconds` (and on `tick()`): reads the model's aliases; loads a moved production alias (a zero-downtime
 * swap); starts a rollout when the candidate alias names another version than the one serving (loaded and warmed
 * up beside it; `canaryPercent`% of the requests by request id, the split salted with the version); ends it when the
 * candidate alias changes under it; and otherwise asks `decideCanary` on the figures since the start: `promote`
 * sets production to the candidate and unsets candidate (actor "canary"), `rollback` unsets candidate with the
 * failed checks as the reason. A candidate that cannot be loaded is rolled back the same way. Each step is logged
 * and shown by the gauges. Give {@link CanaryController.observer} to the data plane.
 */
export class CanaryController {
  readonly stats: CanaryStats;
  private state: RolloutState = 'stable';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastDecision: CanaryDecision | undefined;
  private stopped = false;

  constructor(private readonly opts: CanaryControllerOptions) {
    this.stats = new CanaryStats(opts.name);
  }

  /** Counts each version's requests, errors, latency and predictions during a rollout. */
  get observer() {
    return this.stats.observer;
  }

  /** The current phase, and the last decision taken (or waited on). */
  get status(): { state: RolloutState; decision: CanaryDecision | undefined } {
    return { state: this.state, decision: this.lastDecision };
  }

  /** Starts the periodic checks (the first one at once). */
  start(): this {
    this.publish();
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.opts.config.checkSeconds * 1000);
    this.timer.unref();
    return this;
  }

  /** Stops the periodic checks; resolves when a check in progress has finished. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopped = true;
    await this.running;
  }

  /** One check; a check already running is awaited rather than doubled. Never throws (problems are logged). */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.check()
      .catch((error: unknown) => this.opts.logger.error({ err: error, model: this.opts.name }, `rollout check failed: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(): Promise<void> {
    const { registry, name, config, logger } = this.opts;
    const main = registry.get(name);
    if (!main || registry.isClosing) return;
    const { aliases } = await readAliases(registry.repository, name);
    const rollout = registry.rollout(name);

    if (this.opts.followProduction && !rollout && aliases.production !== undefined && aliases.production !== main.version) {
      logger.info({ model: name, from: main.version, to: aliases.production }, `production alias moved to version ${aliases.production}: loading it`);
      const loaded = await registry.loadVersion(name, 'production');
      logger.info({ model: name, version: loaded.version, sha256: loaded.manifest.sha256 }, `model ${name} version ${loaded.version} serving`);
      return;
    }
    if (rollout) {
      const candidate = rollout.candidate.version;
      if (aliases.candidate !== candidate) {
        const promoted = aliases.production === candidate;
        logger.info({ model: name, candidate, alias: aliases.candidate ?? null }, `candidate alias changed outside the canary: ${promoted ? 'version ' + candidate + ' is production now' : 'rollout of version ' + candidate + ' ends'}`);
        await registry.endRollout(name, promoted ? 'promote' : 'rollback');
        this.setState(promoted ? 'promoted' : 'rolled_back');
        return;
      }
      await this.decide(main.version, candidate);
      return;
    }
    if (config.canaryPercent > 0 && aliases.candidate !== undefined && aliases.candidate !== main.version) await this.begin(aliases.candidate);
  }

  private async begin(version: string): Promise<void> {
    const { registry, name, config, logger } = this.opts;
    const salt = `${name}:${version}`;
    const percent = config.canaryPercent;
    try {
      const rollout = await registry.startRollout(name, version, { mode: config.canaryMode, routesToCandidate: (id) => routesToCanary(id, percent, salt) });
      this.stats.reset([registry.get(name)!.version, rollout.candidate.version]);
      this.lastDecision = undefined;
      logger.info({ model: name, candidate: version, production: registry.get(name)!.version, percent, mode: config.canaryMode }, `${config.canaryMode} of version ${version} started with ${percent}% of the traffic`);
      this.setState(config.canaryMode);
    } catch (error) {
      const reason = `candidate version ${version} failed to load: ${(error as Error).message}`.slice(0, 480);
      logger.error({ model: name, candidate: version, err: error }, `${reason}; rolling it back`);
      await this.unsetCandidate(version, reason);
      this.setState('failed');
    }
  }

  private async decide(production: string, candidate: string): Promise<void> {
    const { registry, name, config, logger } = this.opts;
    const decision = decideCanary(this.stats.of(production), this.stats.of(candidate), config.policy);
    this.lastDecision = decision;
    const figures = { production: this.stats.of(production), candidate: this.stats.of(candidate) };
    if (decision.action === 'wait') {
      logger.debug({ model: name, candidate, reasons: decision.reasons }, 'canary: waiting for traffic');
      return;
    }
    const reason = decision.reasons.join('; ').slice(0, 480);
    if (decision.action === 'promote') {
      // Compare-and-swap on the aliases as read now: another writer (the CLI, another replica) wins over this decision.
      const { aliases, revision } = await readAliases(registry.repository, name);
      if (aliases.candidate !== candidate) return; // the next check sees the change and ends the rollout
      await setAlias(registry.repository, name, { alias: 'production', version: candidate, actor: CANARY_ACTOR, reason: `canary passed: ${reason}`.slice(0, 500), expectedRevision: revision });
      await setAlias(registry.repository, name, { alias: 'candidate', version: null, actor: CANARY_ACTOR, reason: `promoted to production`, action: 'unset' });
      await registry.endRollout(name, 'promote');
      logger.info({ model: name, from: production, to: candidate, reasons: decision.reasons, figures }, `canary promoted version ${candidate} to production`);
      this.setState('promoted');
      return;
    }
    await this.unsetCandidate(candidate, `canary failed: ${reason}`);
    await registry.endRollout(name, 'rollback');
    logger.warn({ model: name, candidate, production, reasons: decision.reasons, figures }, `canary rolled back version ${candidate}: ${reason}`);
    this.setState('rolled_back');
  }

  private async unsetCandidate(version: string, reason: string): Promise<void> {
    const { registry, name } = this.opts;
    const { aliases, revision } = await readAliases(registry.repository, name);
    if (aliases.candidate !== version) return; // someone moved it meanwhile: theirs wins
    await setAlias(registry.repository, name, { alias: 'candidate', version: null, actor: CANARY_ACTOR, reason: reason.slice(0, 500), action: 'rollback', expectedRevision: revision });
  }

  private setState(state: RolloutState): void {
    this.state = state;
    this.publish();
  }

  /** Shows the phase and the traffic shares on the gauges (call it after the served versions changed). */
  publish(): void {
    const { registry, name, config, metrics } = this.opts;
    if (!metrics) return;
    metrics.setState(name, this.state);
    const main = registry.get(name);
    const rollout = registry.rollout(name);
    const shares: Record<string, number> = {};
    if (main) shares[main.version] = 1;
    if (main && rollout) {
      const share = rollout.mode === 'canary' ? config.canaryPercent / 100 : 0;
      shares[main.version] = 1 - share;
      shares[rollout.candidate.version] = share;
    }
    metrics.setShares(name, shares);
  }
}
