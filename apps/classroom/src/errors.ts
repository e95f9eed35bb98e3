// The classroom's errors: named classes with a stable `code`; the routes turn them into HTTP answers.

/** Base class: `code` is stable, the message is for people. */
export class ClassroomError extends Error {
  constructor(
    readonly code: 'NAME_TAKEN' | 'CLASS_FULL' | 'CLASS_NOT_OPEN',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ClassroomError';
  }
}

/** Another learner of the class already has this name (compared without case). */
export class NameTakenError extends ClassroomError {
  constructor(name: string) {
    super('NAME_TAKEN', `the name "${name}" is already taken in this class: join with another one (for example your name and an initial)`);
    this.name = 'NameTakenError';
  }
}

/** The class has MAX_LEARNERS learners already. */
export class ClassFullError extends ClassroomError {
  constructor(max: number) {
    super('CLASS_FULL', `the class is full (${max} learners): ask the instructor to raise MAX_LEARNERS or remove old rows`);
    this.name = 'ClassFullError';
  }
}

/** The store was used before `openClass`. */
export class ClassNotOpenError extends ClassroomError {
  constructor() {
    super('CLASS_NOT_OPEN', 'the class is not open yet: call openClass() first');
    this.name = 'ClassNotOpenError';
  }
}
