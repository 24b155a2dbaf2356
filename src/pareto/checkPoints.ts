/**
 * The argument check of the Pareto functions that take points from a caller: the points, the
 * objectives, and a value per objective for every point.
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { checkArguments } from '../arguments.js';
import { describeValue } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null;

/**
 * Checks that `points` is a list of points (each with a `values` object holding a number, possibly
 * NaN, for every objective) and `objectives` a list of `{ name, direction: 'min' | 'max' }`.
 *
 * @param fn - the public function's name, for messages.
 * @param points - the points as given.
 * @param objectives - the objectives as given.
 * @returns nothing, or a `ConfigError` at `objectives.<i>` or `points.<i>.values.<name>`.
 * @internal
 */
export function checkPoints(fn: string, points: unknown, objectives: unknown): Either<GoldNasError, void> {
  const args = checkArguments(fn, { points: [points, 'array', 'the points'], objectives: [objectives, 'array', 'the objectives and their directions'] });
  if (E.isLeft(args)) return args;
  const names: string[] = [];
  for (const [i, o] of (objectives as unknown[]).entries()) {
    if (!isObject(o) || typeof o.name !== 'string' || (o.direction !== 'min' && o.direction !== 'max')) {
      return E.left(goldNasError('ConfigError', `objectives.${i}`, `must be { name, direction: 'min' | 'max' }, got ${describeValue(o)}`));
    }
    names.push(o.name);
  }
  for (const [i, p] of (points as unknown[]).entries()) {
    if (!isObject(p) || !isObject(p.values)) return E.left(goldNasError('ConfigError', `points.${i}.values`, `every point needs an object of values, got ${describeValue(p)}`));
    for (const name of names) {
      if (typeof p.values[name] !== 'number') {
        return E.left(goldNasError('ConfigError', `points.${i}.values.${name}`,
          `point ${describeValue(p.id)} has no value for objective '${name}' (got ${describeValue(p.values[name])}); give a number, or NaN for a point that cannot be compared`));
      }
    }
  }
  return E.right(undefined);
}
