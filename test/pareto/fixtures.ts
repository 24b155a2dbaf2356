import type { Objective, ParetoPoint } from '../../src/index.js';

export type K2 = 'flops' | 'accuracy';
export const two: readonly Objective<K2>[] = [
  { name: 'flops', direction: 'min' },
  { name: 'accuracy', direction: 'max' },
];
export const p2 = (id: string, flops: number, accuracy: number): ParetoPoint<K2> => ({ id, values: { flops, accuracy } });
export const p3 = (id: string, flops: number, params: number, accuracy: number) => ({ id, values: { flops, params, accuracy } });
