// infra/alertmanager: the config passes amtool check-config, and a real Alertmanager delivers the drift alert to the
// webhook with the bearer token: one retraining for the episode, nothing for its resolution.

import { once } from 'node:events';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { ALERTMANAGER_COMPOSE_CONFIG, ALERTMANAGER_CONFIG, amtoolCheckConfig, startAlertmanager, type TestAlertmanager } from './fixtures/alertmanager-process';
import { startRouterFixture, TEST_TOKEN, type RouterFixture } from './fixtures/router-fixture';

const testRedis = await startTestRedis();

describe('infra/alertmanager/alertmanager.yml', () => {
  it('passes amtool check-config, as does its Compose variant (and amtool fails a config with a broken matcher, so the check means something)', async () => {
    for (const file of [ALERTMANAGER_CONFIG, ALERTMANAGER_COMPOSE_CONFIG]) {
      const checked = await amtoolCheckConfig(file);
      expect(checked.output, file).toContain('SUCCESS');
      expect(checked.code, file).toBe(0);
    }
    const dir = await mkdtemp(join(tmpdir(), 'amtool-'));
    try {
      const broken = join(dir, 'broken.yml');
      await writeFile(broken, (await readFile(ALERTMANAGER_CONFIG, 'utf8')).replace('alertname = "ModelDataDrift"', 'alertname == ModelDataDrift"'));
      expect((await amtoolCheckConfig(broken)).code).not.toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('has a Compose variant that differs only in the webhook URL, the token file and comments', async () => {
    const settings = async (file: string) =>
      (await readFile(file, 'utf8'))
        .split('\n')
        .filter((line) => !/^\s*#/.test(line))
        .map((line) => line.replace(/url: http:\/\/[^/]+\//, 'url: http://HOST/').replace(/credentials_file: .*/, 'credentials_file: FILE'));
    expect(await settings(ALERTMANAGER_COMPOSE_CONFIG)).toEqual(await settings(ALERTMANAGER_CONFIG));
    expect(await readFile(ALERTMANAGER_COMPOSE_CONFIG, 'utf8')).toContain('url: http://api:8080/v1/alerts/alertmanager');
  });
});

describe.skipIf(!testRedis)('a real Alertmanager and the webhook', () => {
  let fx: RouterFixture | undefined;
  let server: Server | undefined;
  let alertmanager: TestAlertmanager | undefined;
  afterEach(async () => {
    await alertmanager?.stop();
    if (server) await new Promise((r) => server!.close(r));
    await fx?.close();
  });

  it('posts the firing ModelDataDrift alert with the bearer token: one retraining for its episode; the resolution starts nothing', async () => {
    fx = await startRouterFixture(testRedis!.url);
    // Every webhook call, answered: the test waits for these instead of sleeping.
    const calls: { status: number; authorization: string | undefined; alerts: { status: string; fingerprint: string }[] }[] = [];
    const waiters: (() => void)[] = [];
    const app = express();
    app.use((req, res, next) => {
      res.on('finish', () => {
        calls.push({ status: res.statusCode, authorization: req.get('authorization'), alerts: (req.body as { alerts?: [] } | undefined)?.alerts ?? [] });
        waiters.splice(0).forEach((w) => w());
      });
      next();
    });
    app.use(fx.app);
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const nextCall = async (count: number, what: string) => {
      const deadline = Date.now() + 15_000;
      while (calls.length < count) {
        if (Date.now() > deadline) throw new Error(`no webhook call (${what}) within 15 s; Alertmanager's output:\n${alertmanager!.output()}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1000);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return calls[count - 1]!;
    };

    alertmanager = await startAlertmanager(`http://127.0.0.1:${port}/v1/alerts/alertmanager`, TEST_TOKEN);
    const labels = { alertname: 'ModelDataDrift', model: 'wine-quality', version: '1', severity: 'warning' };
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    await alertmanager.pushAlerts([{ labels, annotations: { summary: 'Data drift on wine-quality v1' }, startsAt, generatorURL: 'http://127.0.0.1:9090/graph' }]);

    const firing = await nextCall(1, 'firing');
    expect(firing.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(firing.status).toBe(200);
    const [stored] = await alertmanager.alerts();
    expect(firing.alerts).toEqual([expect.objectContaining({ status: 'firing', fingerprint: stored!.fingerprint })]);
    const jobs = await fx.queue.getJobs(['waiting']);
    expect(jobs.map((j) => j.data.trigger)).toEqual([{ kind: 'alert', alertname: 'ModelDataDrift', fingerprint: stored!.fingerprint, startsAt: new Date(stored!.startsAt).toISOString(), version: '1' }]);

    // Resolve it: Alertmanager sends the resolution (send_resolved), which starts nothing.
    await alertmanager.pushAlerts([{ labels, startsAt, endsAt: new Date().toISOString() }]);
    const resolved = await nextCall(2, 'resolved');
    expect(resolved.status).toBe(200);
    expect(resolved.alerts).toEqual([expect.objectContaining({ status: 'resolved', fingerprint: stored!.fingerprint })]);
    expect(await fx.queue.getJobs(['waiting'])).toHaveLength(1);
  });
});
