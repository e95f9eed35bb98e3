// loadModel: resolve a version in the model repository, verify its sha256, open an onnxruntime session, score rows.

import { readFile } from 'node:fs/promises';
import {
  ChecksumMismatchError,
  readManifest,
  resolveModelVersion,
  sha256Bytes,
  type ResolvedModelVersion,
  type ModelManifest,
} from '@mlops/model-store';
import * as ort from 'onnxruntime-node';
import { signatureFromManifest, type ModelSignature } from './model-signature';

/** A model version ready to score rows. */
export interface LoadedModel {
  readonly name: string;
  readonly version: string;
  /** How the version was chosen: an alias (`production`, `candidate`), an explicit `version`, or `latest` while no production alias is set. */
  readonly via: ResolvedModelVersion['via'];
  readonly manifest: ModelManifest;
  /** Input/output names and widths, from the manifest, checked against the session. */
  readonly signature: ModelSignature;
  /** Scores rowCount rows of raw features (row-major float32). Returns probabilities row-major [rowCount x classes]. */
  score(features: Float32Array, rowCount: number): Promise<Float32Array>;
  /** Waits for runs in flight, then releases the session. Later `score` calls reject. */
  close(): Promise<void>;
}

/** Why a model could not be loaded; the message names the file and the problem. */
export class ModelLoadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelLoadError';
  }
}

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** Folder of the model repository (`<repository>/<name>/<version>/model.onnx`). */
  readonly repository: string;
  readonly name: string;
  /**
   * A version (`"2"`) or an alias (`"production"`, `"candidate"`); when omitted, the `production` alias, or the
   * latest version while no production alias is set (see `resolveModelVersion` of `@mlops/model-store`).
   */
  readonly version?: string;
  /**
   * onnxruntime threads inside one operator. 1 is fastest for a small MLP: the per-run thread hand-off
   * costs more than the maths.
   * @defaultValue 1
   */
  readonly intraOpNumThreads?: number;
}

/**
 * Loads a model version: resolves the version or alias (production when omitted, the latest while production is unset), reads the manifest, reads model.onnx
 * once into memory and checks its sha256 BEFORE onnxruntime sees the bytes (the session is created from
 * the verified bytes, so the file cannot change in between).
 * @throws the model-store errors (unknown model or version, unknown or unset alias, bad aliases.json or manifest,
 *   checksum mismatch) or
 *   {@link ModelLoadError} when onnxruntime rejects the file or its tensors disagree with the manifest.
 * @example const model = await loadModel({ repository: DEFAULT_MODEL_REPOSITORY, name: 'wine-quality' });
 */
export async function loadModel(opts: LoadModelOptions): Promise<LoadedModel> {
  const ref = await resolveModelVersion(opts.repository, opts.name, opts.version);
  const manifest = await readManifest(opts.repository, ref.name, ref.version);
  let bytes: Buffer;
  try {
    bytes = await readFile(ref.modelPath);
  } catch (error) {
    throw new ModelLoadError(`cannot read ${ref.modelPath}: ${(error as Error).message}`, { cause: error });
  }
  const actual = sha256Bytes(bytes);
  if (actual !== manifest.sha256) throw new ChecksumMismatchError(ref.modelPath, manifest.sha256, actual);

  let signature: ModelSignature;
  try {
    signature = signatureFromManifest(manifest);
  } catch (error) {
    throw new ModelLoadError(`unusable manifest ${ref.manifestPath}: ${(error as Error).message}`, { cause: error });
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: opts.intraOpNumThreads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
    });
  } catch (error) {
    throw new ModelLoadError(`onnxruntime cannot load ${ref.modelPath}: ${(error as Error).message}`, { cause: error });
  }
  const mismatch = checkSession(session, signature);
  if (mismatch) {
    await session.release();
    throw new ModelLoadError(`${ref.modelPath} does not match ${ref.manifestPath}: ${mismatch}`);
  }
  return new OnnxModel(ref.name, ref.version, ref.via, manifest, signature, session);
}

/** Returns what differs between the session's tensors and the manifest's, or undefined when they agree. */
function checkSession(session: ort.InferenceSession, sig: ModelSignature): string | undefined {
  if (!session.inputNames.includes(sig.inputName)) {
    return `the graph has inputs [${session.inputNames.join(', ')}], not "${sig.inputName}"`;
  }
  if (!session.outputNames.includes(sig.outputName)) {
    return `the graph has outputs [${session.outputNames.join(', ')}], not "${sig.outputName}"`;
  }
  const input = session.inputMetadata[session.inputNames.indexOf(sig.inputName)];
  if (input?.isTensor && input.type !== 'float32') return `input "${sig.inputName}" is ${input.type}, not float32`;
  if (input?.isTensor && typeof input.shape[1] === 'number' && input.shape[1] !== sig.inputWidth) {
    return `input "${sig.inputName}" has ${input.shape[1]} columns, the manifest says ${sig.inputWidth}`;
  }
  return undefined;
}

/** A LoadedModel backed by an onnxruntime InferenceSession. */
class OnnxModel implements LoadedModel {
  private inFlight = 0;
  private drained: (() => void) | undefined;
  private closing: Promise<void> | undefined;
  private readonly fetches: string[];

  constructor(
    readonly name: string,
    readonly version: string,
    readonly via: ResolvedModelVersion['via'],
    readonly manifest: ModelManifest,
    readonly signature: ModelSignature,
    private readonly session: ort.InferenceSession,
  ) {
    this.fetches = [signature.outputName];
  }

  async score(features: Float32Array, rowCount: number): Promise<Float32Array> {
    if (this.closing) throw new ModelLoadError(`model ${this.name}/${this.version} is closed`);
    const { inputWidth, inputName, outputName, outputWidth } = this.signature;
    if (features.length < rowCount * inputWidth) {
      throw new RangeError(`${rowCount} rows need ${rowCount * inputWidth} values, got ${features.length}`);
    }
    const data = features.length === rowCount * inputWidth ? features : features.subarray(0, rowCount * inputWidth);
    const input = new ort.Tensor('float32', data, [rowCount, inputWidth]);
    this.inFlight += 1;
    try {
      const result = await this.session.run({ [inputName]: input }, this.fetches);
      const output = result[outputName];
      if (!output || !(output.data instanceof Float32Array) || output.data.length !== rowCount * outputWidth) {
        throw new Error(`the model returned no float32 "${outputName}" of ${rowCount}x${outputWidth}`);
      }
      return output.data;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      await this.session.release();
    })();
    return this.closing;
  }
}
