import { expect, test } from 'vitest';
import { trainOnWebgl } from '../../examples/browser/main.js';

// examples/browser/main.ts imports 'gold-nas', which resolves to the built package (dist/), as it
// would in a user's bundle: this checks the browser guide's page end to end on webgl.
test('the browser example trains a super-network on webgl without leaking tensors', async () => {
  const lines: string[] = [];
  const run = await trainOnWebgl((line) => lines.push(line), 3);
  expect(run.backend).toBe('webgl');
  expect(run.floatPrecision).toBe(32);
  expect(run.losses).toHaveLength(3);
  expect(run.losses.every(Number.isFinite)).toBe(true);
  expect(run.tensors[1]).toBe(run.tensors[0]);
  expect(lines[0]).toBe('backend webgl, float32');
});
