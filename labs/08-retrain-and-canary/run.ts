// Runs YOUR lab 08 code for real: your gate judges candidate manifests against the shipped production model, and your
// split and decision run a simulated canary over request ids.
//   npm start -w @mlops/lab-08-retrain-and-canary                      10,000 requests, 10% to the canary
//   npm start -w @mlops/lab-08-retrain-and-canary -- --requests 2000 --percent 25
// The candidates are manifests written into a temporary model repository beside a copy of production's manifest
// (the figures of v2-v4 are illustrative); evidenceFromManifest, jensenShannonDistance and the manifest schema come
// from the packages. The canary's traffic is simulated (errors, latency, predictions per version), the routing and
// every verdict are yours.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importLabModule, runLabMain } from '@mlops/lab-kit/runtime';
import { evidenceFromManifest } from '@mlops/model-lifecycle/gate-evidence';
import { modelRepositoryFromEnv, readManifest, resolveModelVersion, type ModelManifest } from '@mlops/model-store';

type Gate = typeof import('./starter/evaluation-gate');
type Split = typeof import('./starter/canary-split');
type Decision = typeof import('./starter/canary-decision');

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0 || value > 1_000_000) throw new Error(`--${name} must be a whole number in [0, 1000000]`);
  return value;
};

/** A candidate written into the temporary repository: production's manifest with other fixed-evaluation figures. */
interface CandidateSpec {
  readonly story: string;
  readonly red: number;
  readonly white: number;
  readonly evaluation?: { id: string; sha256: string };
}

const CANDIDATES: readonly CandidateSpec[] = [
  { story: 'retrained on red + white wines', red: 0.605, white: 0.532 },
  { story: 'scored on its own test split (figures that look great)', red: 0.71, white: 0.64, evaluation: { id: 'wine-quality-3-test-split', sha256: '3'.repeat(64) } },
  { story: 'trained on corrupted labels', red: 0.412, white: 0.355 },
];

async function runGate(gate: Gate, repository: string): Promise<void> {
  const resolved = await resolveModelVersion(repository, 'wine-quality');
  const production = await readManifest(repository, 'wine-quality', resolved.version);
  const lineage = production.lineage;
  if (!lineage) throw new Error(`wine-quality/${production.version} records no fixed-evaluation figures; retrain it with npm run train`);
  const temp = mkdtempSync(join(tmpdir(), 'lab-08-'));
  try {
    const write = (manifest: ModelManifest): void => {
      mkdirSync(join(temp, manifest.name, manifest.version), { recursive: true });
      writeFileSync(join(temp, manifest.name, manifest.version, 'manifest.json'), JSON.stringify(manifest, null, 2));
    };
    write(production);
    const policy = { evaluationSet: { id: lineage.evaluation.id, sha256: lineage.evaluation.sha256 }, oldPopulation: 'red', newPopulation: 'white', margin: 0.02, tolerance: 0.01 };
    console.log(`gate: candidates against wine-quality/${production.version} (${resolved.via}) on ${policy.evaluationSet.id}, margin +${policy.margin} on white, tolerance ${policy.tolerance} on red`);
    for (const [i, spec] of CANDIDATES.entries()) {
      const version = String(Number(production.version) + i + 1);
      const populations = Object.fromEntries(
        Object.entries(lineage.evaluation.populations).map(([name, p]) => [name, { ...p, macroF1: name === 'red' ? spec.red : name === 'white' ? spec.white : p.macroF1 }]),
      );
      write({ ...production, version, lineage: { ...lineage, parentVersion: production.version, evaluation: { ...lineage.evaluation, ...spec.evaluation, populations } } });
      const candidate = await readManifest(temp, 'wine-quality', version);
      const decision = gate.evaluateGate(evidenceFromManifest(candidate), evidenceFromManifest(production), policy);
      console.log(`  wine-quality/${version}, ${spec.story}: ${decision.passed ? 'PASSED' : 'REJECTED'}`);
      for (const reason of decision.reasons) console.log(`    - ${reason}`);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

// Simulated outcome of request i on one version: an error every `errorEvery` requests, a class from a fixed mix.
const CLASSES = ['low', 'medium', 'high'] as const;
const predictedClass = (i: number, skew: number): string => CLASSES[(i * 7 + skew) % 20 < 8 ? 0 : (i * 7 + skew) % 20 < 17 ? 1 : 2]!;

function runCanary(split: Split, decision: Decision, requests: number, percent: number, faulty: boolean): void {
  const salt = 'wine-quality:2';
  const policy = { minRequests: 500, maxErrorRatioIncrease: 0.01, maxLatencyRatio: 1.25, maxPredictionDistance: 0.3 };
  const empty = () => ({ requests: 0, errors: 0, latencyP95Seconds: 0, predictions: {} as Record<string, number> });
  const production = { ...empty(), latencyP95Seconds: 0.012 };
  const candidate = { ...empty(), latencyP95Seconds: 0.013 };
  console.log(`\ncanary (${faulty ? 'a candidate failing 1 request in 12' : 'a healthy candidate'}): ${requests} requests, ${percent}% to wine-quality/2, minRequests ${policy.minRequests}`);
  let verdict: ReturnType<Decision['decideCanary']> | undefined;
  const checkpoint = Math.max(1, Math.floor(requests / 5));
  for (let i = 0; i < requests; i++) {
    const id = `req-${i}`;
    const onCanary = split.routesToCanary(id, percent, salt);
    const stats = onCanary ? candidate : production;
    stats.requests++;
    if (i % (onCanary && faulty ? 12 : 200) === 0) stats.errors++;
    const label = predictedClass(i, onCanary ? 1 : 0);
    stats.predictions[label] = (stats.predictions[label] ?? 0) + 1;
    verdict = decision.decideCanary(production, candidate, policy);
    if (verdict.action !== 'wait' || (i + 1) % checkpoint === 0) {
      console.log(`  after ${i + 1} requests (production ${production.requests}, canary ${candidate.requests}): ${verdict.action} - ${verdict.reasons.join('; ')}`);
      if (verdict.action !== 'wait') break;
    }
  }
  const ids = Array.from({ length: requests }, (_, i) => `req-${i}`);
  const switched = ids.filter((id) => split.routesToCanary(id, percent, salt) !== split.routesToCanary(id, percent, salt)).length;
  const wider = Math.min(100, percent + 15);
  const left = ids.filter((id) => split.routesToCanary(id, percent, salt) && !split.routesToCanary(id, wider, salt)).length;
  console.log(`  split: ${ids.filter((id) => split.routesToCanary(id, percent, salt)).length} of ${requests} requests on the canary; retries that switched model: ${switched}; requests that left the canary when the share grew to ${wider}%: ${left}`);
  console.log(`  verdict: ${verdict?.action ?? 'wait'}`);
}

await runLabMain(async () => {
  const gate = await importLabModule<Gate>(import.meta.dirname, 'evaluation-gate.ts');
  const split = await importLabModule<Split>(import.meta.dirname, 'canary-split.ts');
  const decision = await importLabModule<Decision>(import.meta.dirname, 'canary-decision.ts');
  const requests = arg('requests', 10_000);
  const percent = arg('percent', 10);
  await runGate(gate, modelRepositoryFromEnv());
  runCanary(split, decision, requests, percent, false);
  runCanary(split, decision, requests, percent, true);
});
