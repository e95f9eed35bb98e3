// Open Inference Protocol v2 metadata bodies: server metadata (GET /v2) and model metadata (GET /v2/models/{name}).

import type { LoadedModel } from './load-model';
import { LABEL_OUTPUT } from './model-signature';

/** Identity reported by `GET /v2`. */
export interface ServerInfo {
  readonly name: string;
  readonly version: string;
}

/** Default {@link ServerInfo}. */
export const DEFAULT_SERVER_INFO: ServerInfo = { name: 'mlops-labs-serving', version: '0.1.0' };

/** A tensor in model metadata (-1 = any size). */
export interface MetadataTensor {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly number[];
}

/** Protocol extensions the inference routes implement, by the names Triton and KServe list them under. */
export const SERVING_EXTENSIONS: readonly string[] = ['binary_tensor_data'];

/**
 * Body of `GET /v2`: name, version and the protocol extensions the server implements (`[]` unless given;
 * the inference router and data plane give {@link SERVING_EXTENSIONS}).
 */
export function serverMetadata(info: ServerInfo, extensions: readonly string[] = []): { name: string; version: string; extensions: string[] } {
  return { name: info.name, version: info.version, extensions: [...extensions] };
}

/**
 * Body of `GET /v2/models/{name}[/versions/{v}]`: the loaded version, the ONNX platform string, the
 * tensors from the manifest plus the `label` BYTES output, and a few manifest facts under `parameters`.
 */
export function modelMetadata(model: LoadedModel): {
  name: string;
  versions: string[];
  platform: string;
  inputs: MetadataTensor[];
  outputs: MetadataTensor[];
  parameters: Record<string, unknown>;
} {
  const m = model.manifest;
  return {
    name: model.name,
    versions: [model.version],
    platform: m.platform,
    inputs: m.inputs.map(({ name, datatype, shape }) => ({ name, datatype, shape })),
    outputs: [
      ...m.outputs.map(({ name, datatype, shape }) => ({ name, datatype, shape })),
      { name: LABEL_OUTPUT, datatype: 'BYTES', shape: [-1] },
    ],
    parameters: {
      class_labels: m.classLabels,
      feature_names: m.featureNames,
      feature_keys: m.featureKeys,
      sha256: m.sha256,
      created: m.created,
    },
  };
}
