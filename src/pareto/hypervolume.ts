/**
 * The hypervolume indicator: the volume of objective space that a set of points dominates,
 * up to a reference point.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { checkArguments } from '../arguments.js';
import { describeValue } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { checkPoints } from './checkPoints.js';
import type { Objective, ParetoPoint } from './objective.js';

/** Hypervolume of boxes [p, ref] for minimisation vectors all strictly below `ref`, by slicing the last axis. */
function hvMin(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const d = ref.length;
  if (points.length === 0 || d === 0) return 0;
  if (d === 1) return ref[0]! - Math.min(...points.map((p) => p[0]!));
  if (d === 2) {
    const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    let area = 0;
    let best = ref[1]!;
    for (const p of sorted) {
      if (p[1]! < best) {
        area += (ref[0]! - p[0]!) * (best - p[1]!);
        best = p[1]!;
      }
    }
    return area;
  }
  const last = d - 1;
  const sorted = [...points].sort((a, b) => a[last]! - b[last]!);
  const subRef = ref.slice(0, last);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const z = sorted[i]![last]!;
    const zNext = i + 1 < sorted.length ? sorted[i + 1]![last]! : ref[last]!;
    if (zNext === z) continue; // the slice is empty; the next point of equal height closes it
    volume += hvMin(sorted.slice(0, i + 1).map((p) => p.slice(0, last)), subRef) * (zNext - z);
  }
  return volume;
}

/**
 * The exact hypervolume of a set of points with respect to a reference point: the volume of the
 * union of the boxes between each point and the reference, in objective units. `max` objectives
 * count upwards from the reference (the reference accuracy is a floor), `min` objectives downwards
 * (the reference cost is a ceiling). Points that are not strictly better than the reference in every
 * objective, or have a NaN value, add nothing. Dominated points and duplicates are allowed and add
 * nothing either. Exact in any dimension by slicing along the last objective (O(n^(d−1)·log n)),
 * which is quick for the fronts of one search.
 *
 * @param points - the points (usually a front).
 * @param objectives - the objectives and their directions (their order only affects rounding).
 * @param reference - the reference point: one finite value per objective.
 * @returns the hypervolume (0 for no points), or a `ConfigError` naming the argument, objective,
 *   point value or reference value that is missing or malformed.
 *
 * @example
 * ```ts
 * import { hypervolume } from 'gold-nas';
 * const objectives = [{ name: 'flops', direction: 'min' }, { name: 'accuracy', direction: 'max' }] as const;
 * const hv = hypervolume(
 *   [{ id: 'a', values: { flops: 1, accuracy: 0.5 } }, { id: 'b', values: { flops: 2, accuracy: 0.8 } }],
 *   objectives,
 *   { flops: 3, accuracy: 0 },
 * );
 * if (hv._tag === 'Right') console.log(hv.right); // 2·0.5 + 1·0.3 = 1.3
 * ```
 * @since 0.1.0
 */
export function hypervolume<K extends string, T extends Pick<ParetoPoint<K>, 'values'>>(
  points: readonly T[],
  objectives: readonly Objective<K>[],
  reference: Readonly<Record<K, number>>,
): Either<GoldNasError, number> {
  const checked = checkPoints('hypervolume', points, objectives);
  if (E.isLeft(checked)) return checked;
  const args = checkArguments('hypervolume', { reference: [reference, 'object', 'one value per objective'] });
  if (E.isLeft(args)) return args;
  for (const o of objectives) {
    const r: unknown = reference[o.name];
    if (typeof r !== 'number' || !Number.isFinite(r)) {
      return E.left(goldNasError('ConfigError', `reference.${o.name}`, `the reference point needs a finite number for objective '${o.name}', got ${describeValue(r)}`));
    }
  }
  return E.right(volumeOf(points, objectives, reference));
}

/**
 * {@link hypervolume} of well-formed points and reference (a search's own front).
 *
 * @internal
 */
export function volumeOf<K extends string, T extends Pick<ParetoPoint<K>, 'values'>>(
  points: readonly T[],
  objectives: readonly Objective<K>[],
  reference: Readonly<Record<K, number>>,
): number {
  const sign = objectives.map((o) => (o.direction === 'min' ? 1 : -1));
  const ref = objectives.map((o, i) => sign[i]! * reference[o.name]);
  const inside = points
    .map((p) => objectives.map((o, i) => sign[i]! * p.values[o.name]))
    .filter((v) => v.every((x, i) => x < ref[i]!));
  return hvMin(inside, ref);
}
