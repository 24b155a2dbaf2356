import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import type { Architecture, LiveMask, SearchSpace } from '../../src/index.js';
import {
  cifarLayout, DARTS_PRIMITIVES, fixedCost, fullLiveMask, GOLD_PRIMITIVES, liveCost, networkCost, operatorSlots, OPERATORS, slotCosts,
} from '../../src/index.js';
import { dartsV2 } from './dartsV2.js';

const search = { affine: false, search: true } as const;

/** The architecture that keeps every operator of the space on every edge (the full super-network). */
function everyOperator(space: SearchSpace): Architecture {
  const cells: { reduction: boolean; edges: { op: string; from: number; to: number }[] }[] = [];
  for (const s of operatorSlots(space)) {
    cells[s.cell] ??= { reduction: s.strided || false, edges: [] };
    if (s.strided) cells[s.cell]!.reduction = true;
    cells[s.cell]!.edges.push({ op: s.op, from: s.from, to: s.to });
  }
  return { nodes: space.layout.nodes, cells };
}

/** The live mask that keeps exactly an architecture's operators. */
function maskOf(space: SearchSpace, arch: Architecture): LiveMask {
  const slots = operatorSlots(space);
  const mask = new Uint8Array(slots.length);
  for (const [cell, c] of arch.cells.entries()) {
    for (const e of c.edges) {
      const slot = slots.find((s) => s.cell === cell && s.from === e.from && s.to === e.to && s.op === e.op);
      if (slot === undefined) throw new Error(`no slot for ${e.op} ${e.from}->${e.to} in cell ${cell}`);
      mask[slot.index] = 1;
    }
  }
  return mask;
}

function costOf(arch: Architecture, space: SearchSpace) {
  const cost = networkCost(arch, space.layout, { ...search, table: space.table });
  if (E.isLeft(cost)) throw new Error(cost.left.message);
  return cost.right;
}

const spaces: { name: string; space: SearchSpace }[] = [
  { name: 'GOLD on CIFAR, C=16, 14 cells', space: { mode: 'gold', layout: cifarLayout({ channels: 16, cells: 14 }), operators: GOLD_PRIMITIVES, table: OPERATORS } },
  { name: 'DARTS primitives on CIFAR, C=16, 8 cells', space: { mode: 'darts', layout: cifarLayout({ channels: 16, cells: 8 }), operators: DARTS_PRIMITIVES, table: OPERATORS } },
  { name: 'GOLD on MNIST-sized input with odd maps', space: { mode: 'gold', layout: cifarLayout({ channels: 8, cells: 5, inputSize: 28, inputChannels: 1 }), operators: GOLD_PRIMITIVES, table: OPERATORS } },
];

describe('slotCosts and liveCost', () => {
  it.each(spaces)('liveCost of a full mask equals networkCost with every operator on every edge: $name', ({ space }) => {
    const full = liveCost(space, fullLiveMask(operatorSlots(space)));
    const reference = costOf(everyOperator(space), space);
    expect(full).toEqual({ params: reference.params, macs: reference.macs, flops: reference.flops });
  });

  it.each(spaces)('fixedCost is the fixed part of networkCost: $name', ({ space }) => {
    const reference = costOf(everyOperator(space), space);
    expect(fixedCost(space)).toEqual({ ...reference.fixed, flops: reference.fixed.macs });
    expect(slotCosts(space).fixed).toEqual(reference.fixed);
  });

  it('liveCost of the DARTS_V2 mask equals networkCost of DARTS_V2 in the search network', () => {
    const space: SearchSpace = { mode: 'gold', layout: cifarLayout({ channels: 36, cells: 20 }), operators: DARTS_PRIMITIVES, table: OPERATORS };
    const arch = dartsV2(20);
    const costs = slotCosts(space);
    expect(liveCost(space, maskOf(space, arch), costs)).toEqual((({ params, macs, flops }) => ({ params, macs, flops }))(costOf(arch, space)));
  });

  it('prices each slot at its own edge: strided edges cost a quarter of the MACs of the same op at full size', () => {
    const space = spaces[0]!.space;
    const slots = operatorSlots(space);
    const costs = slotCosts(space);
    expect(costs.params.length).toBe(slots.length);
    // Cell 4 is the first reduction (C=32): edge 0->2 is strided, edge 2->3 reads a node at the output size.
    const sepStrided = slots.find((s) => s.cell === 4 && s.from === 0 && s.to === 2 && s.op === 'sep_conv_3x3')!;
    const sepNode = slots.find((s) => s.cell === 4 && s.from === 2 && s.to === 3 && s.op === 'sep_conv_3x3')!;
    expect(sepStrided.strided).toBe(true);
    expect(costs.macs[sepStrided.index]).toBe(costs.macs[sepNode.index]);
    expect(costs.params[sepStrided.index]).toBe(2 * (9 * 32 + 32 * 32));
    const skipStrided = slots.find((s) => s.cell === 4 && s.from === 0 && s.to === 2 && s.op === 'skip_connect')!;
    const skipNode = slots.find((s) => s.cell === 4 && s.from === 2 && s.to === 3 && s.op === 'skip_connect')!;
    expect(costs.params[skipStrided.index]).toBe(32 * 32); // FactorizedReduce, non-affine BN
    expect(costs.macs[skipStrided.index]).toBe(16 * 16 * 32 * 32);
    expect(costs.params[skipNode.index]).toBe(0);
  });

  it('prices the fixed part of the [R] search network (C=36, 14 cells) at 163.6M MACs, the "166 MFLOPs" of METHOD.md §4', () => {
    // [R] calls conv+linear multiply-accumulates "FLOPs": its FLOPs_min of 240M is in MACs.
    const space: SearchSpace = { mode: 'gold', layout: cifarLayout({ channels: 36, cells: 14 }), operators: GOLD_PRIMITIVES, table: OPERATORS };
    expect(fixedCost(space).macs).toBe(163_571_328);
  });

  it('liveCost of an empty mask is the fixed cost', () => {
    const space = spaces[0]!.space;
    expect(liveCost(space, new Uint8Array(operatorSlots(space).length))).toEqual(fixedCost(space));
  });

  it('rejects a mask of the wrong length', () => {
    const space = spaces[0]!.space;
    expect(() => liveCost(space, new Uint8Array(3))).toThrow(/3 entries/);
  });
});
