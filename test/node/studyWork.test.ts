import { describe, expect, it } from 'vitest';
import { jobShare } from '../../src/node/study/studyWork.js';

describe('jobShare', () => {
  const spec = { kind: 'search', dir: '/x' };
  it('moves on through a DARTS-PT selection after the steps instead of falling back to 0', () => {
    const job = { spec, work: 100, selectionWork: 40, label: 'darts-pt seed 1' };
    const shares = [
      jobShare(job, { done: 0, total: 50, unit: 'step', text: '' }),
      jobShare(job, { done: 50, total: 50, unit: 'step', text: '' }),
      jobShare(job, { done: 1, total: 20, unit: 'decision', text: '' }),
      jobShare(job, { done: 20, total: 20, unit: 'decision', text: '' }),
    ];
    expect(shares).toEqual([0, 0.6, 0.62, 1]);
  });

  it('is the steps alone for a job without a selection', () => {
    expect(jobShare({ spec, work: 10, label: 'gold-nas seed 1' }, { done: 25, total: 100, unit: 'step', text: '' })).toBe(0.25);
  });
});
