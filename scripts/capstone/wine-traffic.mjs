// Live v2 infer traffic for the capstone: a few steady request loops whose rows can be switched, every outcome counted.

/** Rows of `rows` wines per request, `loops` requests in flight, `pauseMs` between a loop's requests. */
export class WineTraffic {
  /** @param {{ inferUrl: string, rowsPerRequest?: number, loops?: number, pauseMs?: number }} o */
  constructor(o) {
    this.inferUrl = o.inferUrl;
    this.rowsPerRequest = o.rowsPerRequest ?? 8;
    this.loops = o.loops ?? 2;
    this.pauseMs = o.pauseMs ?? 20;
    this.wines = [];
    this.next = 0;
    this.phase = 'idle';
    /** @type {Map<string, { ok: number, failed: number, rows: number, ms: number[], versions: Map<string, number> }>} */
    this.phases = new Map();
    /** @type {Map<string, number>} */
    this.errors = new Map();
    this.running = false;
  }

  /** Sends `wines` (feature arrays) from now on, counted under `phase`. */
  use(phase, wines) {
    this.phase = phase;
    this.wines = wines;
    this.next = 0;
    if (!this.phases.has(phase)) this.phases.set(phase, { ok: 0, failed: 0, rows: 0, ms: [], versions: new Map() });
  }

  start() {
    this.running = true;
    this.done = Promise.all(Array.from({ length: this.loops }, () => this.loop()));
    return this;
  }

  async stop() {
    this.running = false;
    await this.done;
  }

  /** Requests and failures over every phase. */
  totals() {
    let ok = 0;
    let failed = 0;
    for (const p of this.phases.values()) {
      ok += p.ok;
      failed += p.failed;
    }
    return { ok, failed };
  }

  /** One line for a phase: requests, rows, p99, versions that answered. */
  describe(phase) {
    const p = this.phases.get(phase);
    if (!p) return `${phase}: no requests`;
    const sorted = [...p.ms].sort((a, b) => a - b);
    const p99 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))].toFixed(1) : '-';
    const versions = [...p.versions].map(([v, n]) => `v${v} ${n}`).join(', ');
    return `${p.ok + p.failed} requests (${p.rows} rows), ${p.failed} failed, p99 ${p99} ms, answered by ${versions || 'none'}`;
  }

  /** The failures so far, most frequent first. */
  describeErrors() {
    return [...this.errors].sort((a, b) => b[1] - a[1]).map(([e, n]) => `${n}x ${e}`).join('; ');
  }

  async loop() {
    while (this.running) {
      if (this.wines.length > 0) await this.send();
      await new Promise((r) => setTimeout(r, this.pauseMs));
    }
  }

  async send() {
    const stats = this.phases.get(this.phase);
    const data = [];
    for (let i = 0; i < this.rowsPerRequest; i++) data.push(...this.wines[this.next++ % this.wines.length]);
    const body = JSON.stringify({ id: `capstone-${process.pid}-${this.next}`, inputs: [{ name: 'features', shape: [this.rowsPerRequest, data.length / this.rowsPerRequest], datatype: 'FP32', data }] });
    const started = performance.now();
    try {
      const response = await fetch(this.inferUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
      const text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status} ${text.slice(0, 160)}`);
      stats.ok++;
      stats.rows += this.rowsPerRequest;
      stats.ms.push(performance.now() - started);
      const version = JSON.parse(text).model_version ?? '?';
      stats.versions.set(version, (stats.versions.get(version) ?? 0) + 1);
    } catch (error) {
      stats.failed++;
      const key = error.cause?.code ?? error.message;
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    }
  }
}
