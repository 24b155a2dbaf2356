import { describe, expect, it } from 'vitest';
import { cifarLayout, imagenetLayout, networkPlan, reductionCells } from '../../src/index.js';

describe('networkPlan', () => {
  it('places DARTS CIFAR reductions at floor(L/3) and floor(2L/3) and doubles channels there', () => {
    const plan = networkPlan(cifarLayout({ channels: 36, cells: 20 }), { affine: true });
    expect(reductionCells(20)).toEqual([6, 13]);
    expect(plan.cells.map((c) => c.channels)).toEqual([...Array(6).fill(36), ...Array(7).fill(72), ...Array(7).fill(144)]);
    expect(plan.cells[19]!.outputShape).toEqual([8, 8, 576]);
    expect(plan.head).toEqual([{ kind: 'globalPool' }, { kind: 'linear', inF: 576, outF: 10 }]);
  });
  it('gives the ImageNet network a stride-8 stem and a 7x7 final map', () => {
    const plan = networkPlan(imagenetLayout(), { affine: true });
    expect(plan.cells[0]!.inputShapes).toEqual([[56, 56, 48], [28, 28, 48]]);
    expect(plan.cells[13]!.outputShape).toEqual([7, 7, 768]);
    expect(typeof plan.auxiliaryHead).not.toBe('string');
  });
  it('says why the auxiliary head does not fit a small MNIST map', () => {
    const plan = networkPlan(cifarLayout({ channels: 8, cells: 5, inputSize: 28, inputChannels: 1 }), { affine: false });
    expect(plan.cells.map((c) => c.nodeShape[0])).toEqual([28, 14, 14, 7, 7]);
    expect(plan.auxiliaryHead).toMatch(/auxiliary head needs/);
  });
});
