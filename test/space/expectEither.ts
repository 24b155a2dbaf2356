import type { GoldNasError } from '../../src/index.js';

type Either<A> = { readonly _tag: 'Left'; readonly left: GoldNasError } | { readonly _tag: 'Right'; readonly right: A };

/** The Right value, or a thrown error showing the Left (test helper). */
export function expectRight<A>(e: Either<A>): A {
  if (e._tag === 'Left') throw new Error(`expected Right, got Left: ${JSON.stringify(e.left)}`);
  return e.right;
}

/** The Left error, or a thrown error showing the Right (test helper). */
export function expectLeft<A>(e: Either<A>): GoldNasError {
  if (e._tag === 'Right') throw new Error(`expected Left, got Right: ${JSON.stringify(e.right)}`);
  return e.left;
}
