// Builds a local Alertmanager image from Debian's binaries (package prometheus-alertmanager) for machines without Docker
// Hub: `node infra/docker/alertmanager-image.mjs` prints its name; use it with `ALERTMANAGER_IMAGE=<name> docker compose up`.
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The image it builds; the version is checked against the binary's. */
export const LOCAL_ALERTMANAGER_IMAGE = 'mlops-labs/alertmanager:0.25-debian';

/** Debian's binaries, as the package installs them. */
const BINARIES = { alertmanager: '/usr/bin/prometheus-alertmanager', amtool: '/usr/bin/amtool' };
/** Debian's build reads its notification templates (default.tmpl) and web page from here, not from the binary. */
const SHARE = '/usr/share/prometheus/alertmanager';

/**
 * Builds {@link LOCAL_ALERTMANAGER_IMAGE} from the host's Debian binaries (glibc, like the Debian base image) unless it exists.
 * @returns the image name and whether it was built now
 * @throws Error when the binaries are missing (`apt-get install prometheus-alertmanager`) or the build fails
 */
export async function ensureLocalAlertmanagerImage() {
  const exists = await run('docker', ['image', 'inspect', LOCAL_ALERTMANAGER_IMAGE]).then(() => true, () => false);
  if (exists) return { image: LOCAL_ALERTMANAGER_IMAGE, built: false };
  const version = await run(BINARIES.alertmanager, ['--version']).then(
    (r) => `${r.stdout}${r.stderr}`.match(/version (\S+)/)?.[1],
    () => undefined,
  );
  if (!version) throw new Error(`${BINARIES.alertmanager} not found: apt-get install prometheus-alertmanager`);
  if (!version.startsWith('0.25.')) throw new Error(`${BINARIES.alertmanager} is ${version}, the stack expects 0.25`);
  const context = await mkdtemp(join(tmpdir(), 'alertmanager-image-'));
  try {
    for (const [name, path] of Object.entries(BINARIES)) await copyFile(path, join(context, name));
    await cp(SHARE, join(context, 'share'), { recursive: true });
    const dockerfile = fileURLToPath(new URL('alertmanager.Dockerfile', import.meta.url));
    await run('docker', ['build', '-q', '-f', dockerfile, '-t', LOCAL_ALERTMANAGER_IMAGE, '--label', `org.opencontainers.image.version=${version}`, context], { timeout: 300_000 });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return { image: LOCAL_ALERTMANAGER_IMAGE, built: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureLocalAlertmanagerImage().then(
    ({ image, built }) => console.log(`${image} (${built ? 'built now' : 'already there'})`),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
