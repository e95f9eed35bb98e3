// Unit tests of what learners may send: names and reports, validated and size-limited.

import { describe, expect, it } from 'vitest';
import { HttpError } from '@mlops/http-service';
import { joinSchema, nameSchema, parseBody, reportSchema } from './wire-schemas';

const report = { lab: '01', step: 2, passed: 11, failed: 17, skipped: 0, total: 28, message: 'expected 500 to be 400', solved: false };

describe('nameSchema', () => {
  it('keeps a hostile-looking name as plain text: the page renders it as text', () => {
    expect(nameSchema.parse('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('trims, collapses spaces (line breaks included) and normalises to NFC', () => {
    expect(nameSchema.parse('  Zoe\u0308   K.  ')).toBe('Zoë K.');
    expect(nameSchema.parse('Ana\n\u2028Lu')).toBe('Ana Lu');
  });

  it('counts characters, not UTF-16 units: 40 emoji fit, 41 letters do not', () => {
    expect(nameSchema.safeParse('😀'.repeat(40)).success).toBe(true);
    expect(nameSchema.safeParse('a'.repeat(41)).error?.issues[0]?.message).toBe('name must be at most 40 characters');
  });

  it('refuses empty names, control characters, bidi overrides and zero-width characters', () => {
    for (const bad of ['   ', 'Ana\u0000', 'Ana\u001b[31m', 'evil\u202Etxt.exe', 'A\u200bna', 'Ana\u00ad']) {
      expect(nameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('reportSchema', () => {
  it('accepts a verify report', () => {
    expect(reportSchema.parse(report)).toEqual(report);
  });

  it('refuses counts that do not add up, and unknown fields (nothing else may be sent)', () => {
    expect(reportSchema.safeParse({ ...report, total: 27 }).success).toBe(false);
    expect(reportSchema.safeParse({ ...report, source: 'export function ...' }).success).toBe(false);
    expect(reportSchema.safeParse({ ...report, lab: '../../etc' }).success).toBe(false);
    expect(reportSchema.safeParse({ ...report, passed: -1, failed: 29 }).success).toBe(false);
  });

  it('refuses a message over 300 characters and drops control characters from one', () => {
    expect(reportSchema.safeParse({ ...report, message: 'x'.repeat(301) }).success).toBe(false);
    expect(reportSchema.parse({ ...report, message: '\u001b[31mred\u001b[39m\nnext \u202Eline' }).message).toBe('[31mred[39m\nnext line');
  });

  it('turns an empty message into none', () => {
    expect(reportSchema.parse({ ...report, message: '  ' }).message).toBeNull();
  });
});

describe('parseBody', () => {
  it('answers 400 naming every problem', () => {
    try {
      parseBody(joinSchema, { name: '' }, 'join request');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
      expect((error as HttpError).message).toMatch(/invalid join request: code: code is required; name: name must not be empty/);
    }
  });

  it('answers 400 for a body that is not a JSON object', () => {
    expect(() => parseBody(joinSchema, undefined, 'join request')).toThrow(/must be a JSON object/);
    expect(() => parseBody(joinSchema, [1], 'join request')).toThrow(/must be a JSON object/);
  });
});
