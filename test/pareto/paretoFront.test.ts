import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { paretoFront as paretoFrontE, SEARCH_OBJECTIVES } from '../../src/index.js';
import { p2, p3, two } from './fixtures.js';

/** The front of well-formed points (a Left fails the test). */
function paretoFront<K extends string>(...args: Parameters<typeof paretoFrontE<K, unknown>>): ReturnType<typeof paretoFrontE<K, unknown>> extends E.Either<unknown, infer A> ? A : never {
  const r = paretoFrontE(...args);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
}

describe('paretoFront', () => {
  it('keeps the non-dominated points in input order, with mixed directions', () => {
    const pts = [p2('big', 500, 0.97), p2('worse', 400, 0.9), p2('mid', 400, 0.95), p2('small', 300, 0.93), p2('tiny-bad', 300, 0.5)];
    expect(paretoFront(pts, two).map((p) => p.id)).toEqual(['big', 'mid', 'small']);
  });
  it('keeps every point of a tie, and duplicates of one point', () => {
    const pts = [p2('a', 1, 0.5), p2('b', 1, 0.5), p2('a', 1, 0.5), p2('c', 2, 0.4)];
    expect(paretoFront(pts, two).map((p) => p.id)).toEqual(['a', 'b', 'a']);
  });
  it('leaves out points with a NaN value and handles the empty set', () => {
    expect(paretoFront([p2('nan', Number.NaN, 1), p2('ok', 5, 0.1)], two).map((p) => p.id)).toEqual(['ok']);
    expect(paretoFront([], two)).toEqual([]);
  });
  it('works on the search triple', () => {
    const pts = [p3('a', 10, 5, 0.9), p3('b', 10, 4, 0.9), p3('c', 5, 6, 0.8), p3('d', 5, 6, 0.7)];
    expect(paretoFront(pts, SEARCH_OBJECTIVES).map((p) => p.id)).toEqual(['b', 'c']);
  });
});
