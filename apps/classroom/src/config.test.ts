// Unit tests of the classroom configuration: defaults, and messages naming the bad variable.

import { describe, expect, it } from 'vitest';
import { readClassroomConfig } from './config';

describe('readClassroomConfig', () => {
  it('listens on every interface on port 8088, with a 10-minute stuck threshold, by default', () => {
    expect(readClassroomConfig({})).toMatchObject({
      port: 8088,
      host: '0.0.0.0',
      publicUrl: undefined,
      redisUrl: 'redis://127.0.0.1:6379',
      prefix: 'classroom:',
      stuckMinutes: 10,
      maxLearners: 200,
      ttlSeconds: 72 * 3600,
      classCode: undefined,
      instructorToken: undefined,
    });
  });

  it('reads numbers and URLs from strings, and upper-cases a fixed class code', () => {
    const config = readClassroomConfig({ PORT: '9000', STUCK_MINUTES: '7.5', CLASSROOM_URL: 'https://class.example.org/', CLASS_CODE: 'abc234' });
    expect(config).toMatchObject({ port: 9000, stuckMinutes: 7.5, publicUrl: 'https://class.example.org', classCode: 'ABC234' });
  });

  it('names each bad variable', () => {
    expect(() => readClassroomConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readClassroomConfig({ STUCK_MINUTES: '0' })).toThrow(/STUCK_MINUTES/);
    expect(() => readClassroomConfig({ CLASSROOM_URL: 'ftp://x' })).toThrow(/CLASSROOM_URL: must be an http/);
    expect(() => readClassroomConfig({ INSTRUCTOR_TOKEN: 'short' })).toThrow(/INSTRUCTOR_TOKEN: must be 24 to 128/);
    expect(() => readClassroomConfig({ CLASS_CODE: 'ab' })).toThrow(/CLASS_CODE/);
  });

  it('treats an empty variable as unset', () => {
    expect(readClassroomConfig({ PORT: '', CLASS_CODE: '' })).toMatchObject({ port: 8088, classCode: undefined });
  });
});
