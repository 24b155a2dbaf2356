import { describe, expect, it } from 'vitest';
import { groupDigits, mflops, percent, shortNumber, textTable } from '../../src/node/format.js';

describe('text formatting', () => {
  it('groups digits by thousands, rounding and keeping the sign', () => {
    expect(groupDigits(528359040)).toBe('528,359,040');
    expect(groupDigits(3349342)).toBe('3,349,342');
    expect(groupDigits(-1234.6)).toBe('-1,235');
    expect(groupDigits(999)).toBe('999');
  });
  it('shortens numbers to three significant digits with an engineering unit', () => {
    expect(shortNumber(1056718080)).toBe('1.06G');
    expect(shortNumber(3349342)).toBe('3.35M');
    expect(shortNumber(512)).toBe('512');
  });
  it('prints fractions as percentages, and a dash for no value', () => {
    expect(percent(0.5)).toBe('50.00%');
    expect(percent(0.98765)).toBe('98.77%');
    expect(percent(null)).toBe('–');
    expect(percent(undefined)).toBe('–');
  });
  it('prints FLOPs as MFLOPs with two decimals', () => {
    expect(mflops(1056718080)).toBe('1056.72');
    expect(mflops(21034496)).toBe('21.03');
  });
  it('aligns a text table: text left, numbers right and grouped', () => {
    expect(textTable(['cell', 'params'], [['a', 18612], ['bb', 1_018_612]])).toBe('cell     params\na        18,612\nbb    1,018,612\n');
  });
});
