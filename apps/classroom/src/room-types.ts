// What the room page receives: labs, learners and their latest result per lab (public/room-model.js mirrors it).

/** A lab column of the room. */
export interface LabInfo {
  /** Two digits, e.g. `01`. */
  readonly id: string;
  readonly title: string;
  /** Number of steps (from the starter's `TODO step N` markers); 0 when unknown. */
  readonly steps: number;
}

/** A learner's latest verify of one lab. All times are the classroom's clock, in ms since the epoch. */
export interface LabRecord {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly total: number;
  /** Step of the first failure; null when the lab passed or the failure names no step. */
  readonly step: number | null;
  /** First failure's message (at most 300 characters), null when none. */
  readonly message: string | null;
  /** Recorded by `lab solve` (caught up), not by the learner's own verify. */
  readonly solved: boolean;
  /** When this report arrived. */
  readonly at: number;
  /** Since when the learner has been on this step of this lab: what "stuck" is measured from. */
  readonly stepSince: number;
}

/** A row of the room. */
export interface LearnerView {
  /** Public random id (not a credential). */
  readonly id: string;
  readonly name: string;
  readonly joinedAt: number;
  /** Last report, null before the first. */
  readonly lastSeenAt: number | null;
  /** Lab of the last report. */
  readonly currentLab: string | null;
  /** Grows with every change of this learner: the page ignores an older copy arriving late. */
  readonly version: number;
  readonly labs: Readonly<Record<string, LabRecord>>;
}

/** Everything the room page shows, sent when it connects (and on every reconnect). */
export interface RoomSnapshot {
  /** The classroom's clock when sent: the page measures "stuck" and "ago" against it, not its own clock. */
  readonly now: number;
  readonly stuckMinutes: number;
  readonly labs: readonly LabInfo[];
  readonly learners: readonly LearnerView[];
  /** What the page shows learners so they can join: the URLs to use and the class code. */
  readonly join: { readonly urls: readonly string[]; readonly code: string };
}

/** Events of the room stream (`GET /api/events`, Server-Sent Events), by event name. */
export interface RoomEvents {
  snapshot: RoomSnapshot;
  /** A learner joined or reported: their whole row. */
  learner: { readonly now: number; readonly learner: LearnerView };
  /** A learner left or was removed. */
  left: { readonly now: number; readonly id: string };
  /** Heartbeat: keeps proxies from closing the stream and tells the page it is still live. */
  tick: { readonly now: number };
}
