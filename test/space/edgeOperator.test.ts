import { describe, expect, it } from 'vitest';
import { OPERATORS, cifarLayout, networkPlan } from '../../src/index.js';
import { edgeInputShape, edgeOperatorLayers, edgeStride } from '../../src/space/edgeOperator.js';

describe('edgeOperator', () => {
  const plan = networkPlan(cifarLayout({ cells: 3 }), { affine: false });

  it('gives stride 2 to a reduction cell\'s edges from its inputs, 1 to the others', () => {
    expect(plan.cells[1]!.reduction).toBe(true);
    expect(edgeStride(plan.cells[1]!, 0)).toBe(2);
    expect(edgeStride(plan.cells[1]!, 1)).toBe(2);
    expect(edgeStride(plan.cells[1]!, 2)).toBe(1);
    expect(edgeStride(plan.cells[0]!, 0)).toBe(1);
  });

  it('reads the inputs\' size on a strided edge and the node size elsewhere', () => {
    expect(edgeInputShape(plan.cells[1]!, 0)).toEqual([32, 32, 32]);
    expect(edgeInputShape(plan.cells[1]!, 2)).toEqual([16, 16, 32]);
  });

  it('builds the operator with the edge\'s stride and the network\'s batch-norm flags', () => {
    const layers = edgeOperatorLayers(OPERATORS.max_pool_3x3!, plan.cells[1]!, 0, { affine: false, search: true });
    expect(layers[0]).toMatchObject({ kind: 'pool', stride: 2 });
    expect(layers[layers.length - 1]).toMatchObject({ kind: 'bn', affine: false });
  });
});
