// `npm run classroom`: opens (or resumes) the class, prints the join command and the room link, serves until Ctrl-C.

import { parseArgs } from 'node:util';
import { createLogger, serveWithGracefulShutdown } from '@mlops/http-service';
import { findRepoRoot } from '@mlops/lab-kit/runtime';
import { banner } from './banner';
import { buildClassroom } from './build-classroom';
import { readClassroomConfig, type ClassroomConfig } from './config';

const usage = `usage: npm run classroom [-- --new-class]
  --new-class   forget the class kept in Redis and start a new one (new code, new room link, no learners)
settings (environment): PORT HOST CLASSROOM_URL STUCK_MINUTES MAX_LEARNERS CLASS_TTL_HOURS CLASS_CODE
  INSTRUCTOR_TOKEN REDIS_URL CLASSROOM_PREFIX LOG_LEVEL; see apps/classroom/README.md`;

let config: ClassroomConfig;
let fresh: boolean;
try {
  const { values } = parseArgs({ options: { 'new-class': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  fresh = values['new-class'] ?? false;
  config = readClassroomConfig();
} catch (error) {
  // No logger yet: its level is part of what just failed.
  console.error(`classroom did not start: ${(error as Error).message}\n${usage}`);
  process.exit(1);
}

const logger = createLogger({ name: 'classroom', level: config.logLevel });
try {
  const classroom = await buildClassroom(config, logger, { fresh, root: findRepoRoot(process.cwd()) });
  // Open room streams never finish by themselves: end them as soon as a shutdown starts, before the drain.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => classroom.endStreams());
  const { port } = await serveWithGracefulShutdown(classroom.app, {
    port: config.port,
    host: config.host,
    logger,
    drainTimeoutMs: config.shutdownTimeoutMs,
    onClose: () => classroom.close(),
  });
  classroom.listeningOn(port);
  const local = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
  console.log(
    banner({
      code: classroom.info.code,
      instructorToken: classroom.info.instructorToken,
      joinUrls: classroom.joinUrls,
      localUrl: local,
      resumed: classroom.info.resumed,
      learners: await classroom.store.learnerCount(),
      stuckMinutes: config.stuckMinutes,
    }),
  );
  logger.info({ port, host: config.host }, `classroom listening on ${local}`);
} catch (error) {
  logger.fatal(`classroom did not start: ${(error as Error).message}`);
  process.exit(1);
}
