import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { SEARCH_PRESETS } from '../../src/index.js';
import { accuracyOn } from '../../src/search/accuracyOn.js';
import { loadSearchData } from '../../src/node/searchData.js';
import { loadRetrainData } from '../../src/node/retrainData.js';

describe('loadSearchData with data.heldOut 0 (search on every training example, as [R])', () => {
  const config = { ...SEARCH_PRESETS['synthetic-tiny'], data: { ...SEARCH_PRESETS['synthetic-tiny'].data, heldOut: 0 } };

  it('trains on every example and scores candidates on training examples, and says so', () => {
    const split = loadSearchData(config);
    expect(E.isRight(split) && split.right.train.size).toBe(256);
    expect(E.isRight(split) && split.right.heldOut).toBe(E.isRight(split) && split.right.train);
    expect(accuracyOn(config.data)).toBe('training');
    expect(accuracyOn(SEARCH_PRESETS['synthetic-tiny'].data)).toBe('held-out');
  });

  it('leaves no test split for re-training a search run on data without a test set', () => {
    const r = loadRetrainData(config);
    expect(E.isLeft(r) && `${r.left.path}: ${r.left.message}`).toMatch(/data.heldOut: the search trained on every synthetic example/);
  });
});
