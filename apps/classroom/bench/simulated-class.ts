// A simulated class: names, and the verify results a room of learners posts an hour and a half into the day.

import type { ReportBody } from '../test/support/room-client';

/** Forty first names (with an initial where two would clash), as learners pick them. */
export const LEARNER_NAMES = [
  'Amara O.', 'Ben', 'Chen Wei', 'Dalia', 'Emeka', 'Fatima Z.', 'Gabriel', 'Hana', 'Ines', 'Jonas',
  'Kofi', 'Lena', 'Mateo', 'Nadia', 'Olu', 'Priya', 'Quentin', 'Rosa', 'Sami', 'Tomás',
  'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoë', 'Aiko', 'Bruno', 'Carmen', 'Dmitri',
  'Elif', 'Farid', 'Greta', 'Hiro', 'Isabel', 'Jamal', 'Kasia', 'Luca', 'Maya', 'Noor',
];

/** Labs and their test counts (the real labs' sizes). */
const TESTS: Record<string, number> = { '00': 3, '01': 28, '02': 14, '03': 17, '04': 15 };

const todo = (lab: string, step: number, file: string, what: string) =>
  `step ${step} is not done yet: open labs/${lab}/src/${file} and replace the TODO (${what}); hint: npm run lab -- hint`;

/** First failures learners really meet, by lab and step. */
const FAILURES = {
  stepTwoValidation:
    'wines[1].alcohol is missing: answer 400 with every problem, not only the first: expected [ { path: \'wines[0].pH\', …(1) } ] to have a length of 2 but got 1',
  stepOneHigh: 'alcohol >= 11.5 and sulphates >= 0.65 should give "high" (11.5 and 0.65 included): expected \'medium\' to be \'high\'',
  stepThreeJson: 'malformed JSON reaches your error handler: 400: expected 500 to be 400 // Object.is equality',
  stepFourOrder: 'mount requestContext(deps.logger) first, before every route: expected undefined to be defined',
  standardiser: 'population standard deviation (divide by n, not n - 1): expected 0.8320502943378437 to be close to 0.7637626158259734',
  setupBand: 'formatWine shows quality 6 as (medium): expected \'alcohol 9.4 % vol, pH 3.51 …\' to contain \'quality 6 (medium)\'',
};

/** What one simulated learner has posted, oldest first, and how long ago (minutes) they reached their step. */
export interface SimulatedLearner {
  readonly name: string;
  readonly reports: readonly ReportBody[];
  /** Minutes on their current step: more than the threshold shows them as stuck. */
  readonly minutesOnStep: number;
}

const passed = (lab: string, solved = false): ReportBody => ({ lab, passed: TESTS[lab]!, failed: 0, skipped: 0, total: TESTS[lab]!, solved });
const failing = (lab: string, step: number, passedTests: number, message: string): ReportBody => ({
  lab,
  step,
  passed: passedTests,
  failed: TESTS[lab]! - passedTests,
  skipped: 0,
  total: TESTS[lab]!,
  message,
});

/**
 * A room of `count` learners (at most 40) about 90 minutes into the one-day agenda: nearly everyone passed lab
 * 00, most are in lab 01 (a third share the step 2 validation failure), a few are on to lab 02 (one left lab 01
 * unfinished), a few are stuck, one caught up with `lab solve`, two have joined but not verified.
 */
export function simulatedClass(count = 30): SimulatedLearner[] {
  const plans: ((name: string) => SimulatedLearner)[] = [
    (name) => ({ name, minutesOnStep: 4, reports: [passed('00'), failing('01', 2, 11, FAILURES.stepTwoValidation)] }),
    (name) => ({ name, minutesOnStep: 6, reports: [passed('00'), failing('01', 2, 13, FAILURES.stepTwoValidation)] }),
    (name) => ({ name, minutesOnStep: 2, reports: [passed('00'), failing('01', 3, 19, FAILURES.stepThreeJson)] }),
    (name) => ({ name, minutesOnStep: 1, reports: [passed('00'), passed('01'), failing('02', 1, 3, FAILURES.standardiser)] }),
    (name) => ({ name, minutesOnStep: 3, reports: [passed('00'), failing('01', 1, 4, FAILURES.stepOneHigh)] }),
    (name) => ({ name, minutesOnStep: 5, reports: [passed('00'), failing('01', 4, 24, FAILURES.stepFourOrder)] }),
    (name) => ({ name, minutesOnStep: 17, reports: [passed('00'), failing('01', 2, 10, FAILURES.stepTwoValidation)] }),
    (name) => ({ name, minutesOnStep: 1, reports: [passed('00'), passed('01')] }),
    (name) => ({ name, minutesOnStep: 2, reports: [passed('00'), failing('01', 2, 12, todo('01-api-foundations', 2, 'validate-prediction.ts', 'validate the body and collect every problem, then convert wines to rows'))] }),
    (name) => ({ name, minutesOnStep: 8, reports: [passed('00'), failing('01', 3, 17, FAILURES.stepThreeJson)] }),
  ];
  const special: Record<number, (name: string) => SimulatedLearner> = {
    3: (name) => ({ name, minutesOnStep: 23, reports: [failing('00', 2, 1, FAILURES.setupBand)] }),
    11: (name) => ({ name, minutesOnStep: 0, reports: [] }),
    19: (name) => ({ name, minutesOnStep: 1, reports: [passed('00', true), failing('01', 1, 0, todo('01-api-foundations', 1, 'baseline-model.ts', "return 'high', 'medium' or 'low' from alcohol and sulphates"))] }),
    22: (name) => ({ name, minutesOnStep: 2, reports: [passed('00'), failing('01', 4, 24, FAILURES.stepFourOrder), failing('02', 1, 5, FAILURES.standardiser)] }),
    24: (name) => ({ name, minutesOnStep: 0, reports: [] }),
    27: (name) => ({ name, minutesOnStep: 12, reports: [passed('00'), failing('01', 2, 11, FAILURES.stepTwoValidation)] }),
  };
  return LEARNER_NAMES.slice(0, Math.min(count, LEARNER_NAMES.length)).map((name, i) => (special[i] ?? plans[i % plans.length]!)(name));
}
