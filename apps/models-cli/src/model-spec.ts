// Parses the `<name>` and `<name>/<version>` arguments, checking both parts before anything touches the disk.

import { assertModelName, assertVersion, InvalidModelNameError } from '@mlops/model-store';
import { UsageError } from './exit-codes';

/** Longest `<name>/<version>` argument accepted. */
const MAX_SPEC_LENGTH = 200;

/** A model, and a version when the argument named one. */
export interface ModelSpec {
  readonly name: string;
  readonly version?: string;
}

/**
 * `wine-quality` or `wine-quality/2`; with `requireVersion`, the version part must be there.
 * @throws InvalidModelNameError, InvalidVersionError, UsageError (all exit code 2)
 */
export function parseModelSpec(spec: string, requireVersion = false): ModelSpec {
  if (spec.length > MAX_SPEC_LENGTH) throw new InvalidModelNameError(`${spec.slice(0, 40)}...`);
  const slash = spec.indexOf('/');
  const name = slash === -1 ? spec : spec.slice(0, slash);
  assertModelName(name);
  if (slash === -1) {
    if (requireVersion) throw new UsageError(`expected <name>/<version>, e.g. ${name}/2, got "${spec}"`);
    return { name };
  }
  const version = spec.slice(slash + 1);
  assertVersion(version);
  return { name, version };
}
