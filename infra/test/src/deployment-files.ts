// Reads the deployment files of the repository: docker-compose.yml, the Dockerfile and the Kubernetes manifests.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

/** The repository root, with a trailing slash. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A file of the repository as text. */
export function repoFile(path: string): string {
  return readFileSync(`${REPO_ROOT}${path}`, 'utf8');
}

/** One Kubernetes object: the fields the checks read, anything else as unknown. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: any;
  readonly data?: Record<string, string>;
  /** The file it came from, for failure messages. */
  readonly file: string;
}

/** Every object of every `infra/k8s/*.yaml` except the kustomization; throws on a YAML error, naming the file. */
export function loadK8sObjects(): K8sObject[] {
  const folder = `${REPO_ROOT}infra/k8s`;
  return readdirSync(folder)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(`${folder}/${file}`, 'utf8')).map((doc) => {
        if (doc.errors.length > 0) throw new Error(`infra/k8s/${file}: ${doc.errors[0]!.message}`);
        return { ...(doc.toJS() as Omit<K8sObject, 'file'>), file };
      }),
    );
}

/** A parsed YAML file of the repository, with merge keys (`<<: *anchor`) resolved. */
export function loadYaml<T = any>(path: string): T {
  return parse(repoFile(path), { merge: true }) as T;
}

/** The default of a Compose `${NAME:-default}` value, or the value itself. */
export function composeDefault(value: string): string {
  return value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
}

/** True when every `key: value` of `selector` is among `labels`. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}
