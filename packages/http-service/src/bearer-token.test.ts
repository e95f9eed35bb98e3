// The bearer token check of the admin and retraining routes: the exact scheme and token, nothing else.

import { describe, expect, it } from 'vitest';
import { bearerTokenMatches } from './bearer-token';

describe('bearerTokenMatches', () => {
  it('accepts exactly "Bearer <token>" and nothing else', () => {
    expect(bearerTokenMatches('Bearer s3cret', 's3cret')).toBe(true);
    expect(bearerTokenMatches('bearer s3cret', 's3cret')).toBe(true);
    for (const header of [undefined, '', 's3cret', 'Bearer', 'Bearer s3cre', 'Bearer s3cret2', 'Basic s3cret', 'Bearer s3cret extra']) {
      expect(bearerTokenMatches(header, 's3cret'), String(header)).toBe(false);
    }
  });
});
