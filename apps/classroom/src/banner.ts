// What `npm run classroom` prints for the instructor: the join command to share and the room link to keep.

/** The facts the banner shows. */
export interface BannerFacts {
  readonly code: string;
  readonly instructorToken: string;
  readonly joinUrls: readonly string[];
  /** Where the instructor's own browser reaches the classroom. */
  readonly localUrl: string;
  readonly resumed: boolean;
  readonly learners: number;
  readonly stuckMinutes: number;
}

/** The start-up text: plain lines a person copies from (no log decoration around the commands). */
export function banner(facts: BannerFacts): string {
  const [first, ...others] = facts.joinUrls;
  const join = (url: string) => `npm run lab -- join ${url} --code ${facts.code} --name "<your name>"`;
  const lines = [
    '',
    facts.resumed
      ? `Classroom open again: class ${facts.code} with ${facts.learners} learner(s), kept in Redis (a new class: npm run classroom -- --new-class)`
      : `Classroom open: class ${facts.code}`,
    '',
    'Learners join with (also shown on the room page):',
    `  ${join(first!)}`,
    ...others.map((url) => `  or, if that address does not answer: ${join(url)}`),
    '',
    'Room page, for you only (the link carries your instructor token; the page hides it once open):',
    `  ${facts.localUrl}/#token=${facts.instructorToken}`,
    ...(first && !first.startsWith(facts.localUrl) ? [`  from another machine: ${first}/#token=${facts.instructorToken}`] : []),
    '',
    `Learners on one step for more than ${facts.stuckMinutes} min are shown as stuck (STUCK_MINUTES; the page can change it).`,
    'Ctrl-C stops the classroom; the class stays in Redis and resumes on the next start.',
    '',
  ];
  return lines.join('\n');
}
