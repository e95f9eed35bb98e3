// A client of the classroom for tests and the bench: join, report, leave, and read the room stream as the page does.

import type { LearnerView, RoomEvents } from '../../src/room-types';

/** A learner who joined: what the CLI keeps in .labs-state/classroom.json. */
export interface JoinedLearner {
  readonly id: string;
  readonly name: string;
  readonly token: string;
}

/** A report as the CLI posts it (missing fields take these defaults: lab 01, nothing passed). */
export interface ReportBody {
  lab: string;
  step?: number | null;
  passed: number;
  failed: number;
  skipped: number;
  total: number;
  message?: string | null;
  solved?: boolean;
}

/** Joins `name`; throws with the classroom's answer on anything but 201. */
export async function joinLearner(url: string, code: string, name: string): Promise<JoinedLearner> {
  const res = await fetch(`${url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  if (res.status !== 201) throw new Error(`join ${name}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as JoinedLearner;
}

/** Posts a report; returns the HTTP status (204 when recorded). */
export async function postReport(url: string, code: string, learner: { token: string }, body: ReportBody): Promise<number> {
  const res = await fetch(`${url}/api/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${learner.token}`, 'x-class-code': code },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** One event of the room stream. */
export type RoomEvent = { [K in keyof RoomEvents]: { event: K; data: RoomEvents[K] } }[keyof RoomEvents];

/** A room stream being read; `events` grows as they arrive. */
export interface RoomStreamReader {
  readonly events: RoomEvent[];
  /** Resolves with the first event (already received or to come) that `match` accepts; rejects after `timeoutMs`. */
  waitFor<E extends RoomEvent>(match: (e: RoomEvent) => e is E, timeoutMs?: number): Promise<E>;
  waitFor(match: (e: RoomEvent) => boolean, timeoutMs?: number): Promise<RoomEvent>;
  close(): void;
}

/**
 * Opens `GET /api/events` with the instructor token (as a bearer header) and parses Server-Sent Events.
 * @param onEvent called for each event as it arrives (the bench counts with it).
 */
export async function readRoomStream(url: string, instructorToken: string, onEvent?: (e: RoomEvent) => void): Promise<RoomStreamReader> {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/events`, { headers: { authorization: `Bearer ${instructorToken}` }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`room stream: HTTP ${res.status} ${await res.text()}`);
  const events: RoomEvent[] = [];
  const waiters = new Set<() => void>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (!event || data === undefined) continue;
          const parsed = { event, data: JSON.parse(data) } as RoomEvent;
          events.push(parsed);
          onEvent?.(parsed);
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // Aborted by close(), or the classroom went away.
    }
  })();
  const waitFor = (match: (e: RoomEvent) => boolean, timeoutMs = 5000): Promise<RoomEvent> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = events.find(match);
        if (!found) return false;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`no matching room event within ${timeoutMs} ms; got: ${events.map((e) => e.event).join(', ')}`));
      }, timeoutMs);
      if (!check()) waiters.add(wake);
    });
  return { events, waitFor: waitFor as RoomStreamReader['waitFor'], close: () => abort.abort() };
}

/** A matcher for `waitFor`: a `learner` event about learner `id` whose row passes `check`. */
export const learnerEvent =
  (id: string, check: (learner: LearnerView) => boolean = () => true) =>
  (e: RoomEvent): e is Extract<RoomEvent, { event: 'learner' }> =>
    e.event === 'learner' && e.data.learner.id === id && check(e.data.learner);
