/**
 * A seeded, disjoint, optionally stratified train / held-out split.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { createRng } from '../random.js';
import type { Rng } from '../random.js';
import type { Dataset } from './dataset.js';
import { classCounts, gatherExamples } from './dataset.js';
import { SEED_TAG, deriveSeed } from './seeds.js';

/**
 * How to split a dataset.
 *
 * @example
 * ```ts
 * import type { SplitOptions } from 'gold-nas';
 * const tenPercent: SplitOptions = { heldOut: 0.1, seed: 7 };
 * const fixed: SplitOptions = { heldOut: 1000, seed: 7, stratified: false };
 * ```
 * @since 0.1.0
 */
export interface SplitOptions {
  /** A fraction in (0, 1) of the examples, or a whole number of examples in [0, size). */
  readonly heldOut: number;
  /** The seed; the same seed always gives the same split. */
  readonly seed: number;
  /** Keep each class's share equal in both parts (largest-remainder rounding). Default `true`. */
  readonly stratified?: boolean;
}

/**
 * The two disjoint parts of a split, and the source indices of each (ascending).
 *
 * @example
 * ```ts
 * import type { DatasetSplit } from 'gold-nas';
 * const sizes = (s: DatasetSplit) => [s.train.size, s.heldOut.size];
 * ```
 * @since 0.1.0
 */
export interface DatasetSplit {
  /** The examples not held out, in their original order. */
  readonly train: Dataset;
  /** The held-out examples, in their original order. */
  readonly heldOut: Dataset;
  /** Source indices of `train`, ascending. */
  readonly trainIndices: Int32Array;
  /** Source indices of `heldOut`, ascending. */
  readonly heldOutIndices: Int32Array;
}

function heldOutCount(size: number, heldOut: number): Either<GoldNasError, number> {
  if (heldOut > 0 && heldOut < 1) {
    const count = Math.round(heldOut * size);
    return count < size ? E.right(count) : E.left(goldNasError('ConfigError', 'heldOut', `a fraction of ${heldOut} holds out all ${size} examples; use a smaller fraction`));
  }
  if (Number.isInteger(heldOut) && heldOut >= 0 && heldOut < size) return E.right(heldOut);
  return E.left(goldNasError('ConfigError', 'heldOut',
    `must be a fraction in (0, 1) or a whole number of examples in [0, ${size}), got ${heldOut}`));
}

/** Largest-remainder allocation of `count` over classes in proportion to their sizes (exact integer arithmetic; ties go to the lower class). */
function stratifiedQuotas(counts: readonly number[], size: number, count: number): number[] {
  const quotas = counts.map((c) => Math.floor((count * c) / size));
  const remainders = counts.map((c) => (count * c) % size);
  let rest = count - quotas.reduce((a, b) => a + b, 0);
  const order = counts.map((_, c) => c).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  for (const c of order) {
    if (rest === 0) break;
    if (quotas[c]! < counts[c]!) {
      quotas[c]!++;
      rest--;
    }
  }
  return quotas;
}

/**
 * A seeded stratified sample: for each class `c` in turn, shuffles the indices `i` with
 * `labels[i] === c` (ascending before the shuffle) with `rng` and marks the first `quotas[c]`.
 * Internal: callers guarantee every label is in [0, quotas.length) and every quota is at most its class's size.
 *
 * @internal
 */
export function stratifiedSampleMask(labels: ArrayLike<number>, quotas: readonly number[], rng: Rng): Uint8Array {
  const byClass: number[][] = quotas.map(() => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]!]!.push(i);
  const mask = new Uint8Array(labels.length);
  byClass.forEach((members, c) => {
    rng.shuffle(members);
    for (let k = 0; k < quotas[c]!; k++) mask[members[k]!] = 1;
  });
  return mask;
}

/**
 * Splits a dataset into a training part and a held-out part, disjoint and deterministic in the seed.
 * Stratified by default: each class contributes in proportion to its size, so both parts keep
 * the class balance. Both parts are copies; the source may be dropped afterwards.
 *
 * @param ds - the dataset to split.
 * @param options - the held-out fraction or count, the seed, and whether to stratify.
 * @returns the two parts, or a `ConfigError` if `heldOut` is out of range.
 *
 * @example
 * ```ts
 * import { splitDataset, syntheticDataset } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { pipe } from 'fp-ts/lib/function.js';
 * const split = pipe(syntheticDataset({ size: 1000, seed: 1 }), E.flatMap((ds) => splitDataset(ds, { heldOut: 0.1, seed: 2 })));
 * if (E.isRight(split)) console.log(split.right.train.size, split.right.heldOut.size); // 900 100
 * ```
 * @since 0.1.0
 */
export function splitDataset(ds: Dataset, options: SplitOptions): Either<GoldNasError, DatasetSplit> {
  const args = checkArguments('splitDataset', { ds: [ds, 'object', 'a dataset'], options: [options, 'object', '{ heldOut, seed }'] });
  if (E.isLeft(args)) return args;
  const countE = heldOutCount(ds.size, options.heldOut);
  if (E.isLeft(countE)) return countE;
  const count = countE.right;
  const rng = createRng(deriveSeed(options.seed, SEED_TAG.split));
  let isHeldOut: Uint8Array;
  if (options.stratified ?? true) {
    const counts = classCounts(ds);
    isHeldOut = stratifiedSampleMask(ds.y, stratifiedQuotas(counts, ds.size, count), rng);
  } else {
    isHeldOut = new Uint8Array(ds.size);
    const all = Array.from({ length: ds.size }, (_, i) => i);
    rng.shuffle(all);
    for (let k = 0; k < count; k++) isHeldOut[all[k]!] = 1;
  }
  const heldOutIndices = new Int32Array(count);
  const trainIndices = new Int32Array(ds.size - count);
  let h = 0;
  let t = 0;
  for (let i = 0; i < ds.size; i++) {
    if (isHeldOut[i]) heldOutIndices[h++] = i;
    else trainIndices[t++] = i;
  }
  const part = (indices: Int32Array, name: string): Dataset => ({ name, shape: ds.shape, size: indices.length, ...gatherExamples(ds, indices) });
  return E.right({
    train: part(trainIndices, `${ds.name}-train`),
    heldOut: part(heldOutIndices, `${ds.name}-heldout`),
    trainIndices,
    heldOutIndices,
  });
}
