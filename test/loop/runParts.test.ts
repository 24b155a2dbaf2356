import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { checkRunData } from '../../src/loop/runParts.js';
import { cifarLayout } from '../../src/space/layout.js';
import type { Dataset } from '../../src/data/dataset.js';

/** A hand-made dataset of 1x1x1 images (the Dataset interface, not `datasetFromArrays`, which checks labels itself). */
const handMade = (y: number[]): Dataset => ({ name: 'hand-made', shape: { height: 1, width: 1, channels: 1, classes: 3 }, size: y.length, x: new Float32Array(y.length), y: Int32Array.from(y) });

describe('checkRunData', () => {
  const layout = cifarLayout({ inputSize: 1, inputChannels: 1, classes: 3 });

  it('accepts data whose labels are classes of the layout', () => {
    expect(checkRunData([['train', handMade([0, 1, 2, 1])], ['test', handMade([2, 0])]], layout, 2, 'data')).toEqual(E.right(undefined));
  });

  it('refuses a label outside the layout\'s classes before any training, naming the dataset and the example', () => {
    const r = checkRunData([['train', handMade([0, 1, 2, 1])], ['test', handMade([2, 3])]], layout, 2, 'data');
    expect(E.isLeft(r) && r.left._tag).toBe('DataError');
    expect(E.isLeft(r) && `${r.left.path}: ${r.left.message}`).toMatch(/^data\.test\.y\.1: label 3 is not an integer in \[0, 3\)/);
  });
});
