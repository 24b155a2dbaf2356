import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { OPERATORS, cifarLayout, exportModel } from '../../src/index.js';
import type { Architecture, NetworkWeights, OperatorTable } from '../../src/index.js';

const weights = (architecture: Architecture, layout: NetworkWeights['layout']): NetworkWeights => ({ architecture, layout, arrays: [] });

describe('exportModel refuses, as values', () => {
  it('a custom pooling whose padding Keras cannot express, naming the layer, before any missing array', () => {
    const table: OperatorTable = {
      ...OPERATORS,
      wide_pool: { name: 'wide_pool', description: '3x3 max pooling padded by 2, then 3x3 unpadded', layers: () => [{ kind: 'pool', pool: 'max', size: 3, stride: 1, pad: 2 }, { kind: 'pool', pool: 'max', size: 3, stride: 1, pad: 0 }] },
    };
    const layout = cifarLayout({ channels: 4, cells: 3, nodes: 1, inputSize: 8, classes: 3 });
    const skip = { reduction: true, edges: [{ op: 'skip_connect', from: 1, to: 2 }] };
    const arch = (op: string): Architecture => ({ nodes: 1, cells: [{ reduction: false, edges: [{ op, from: 1, to: 2 }] }, skip, skip] });
    const wide = exportModel(weights(arch('wide_pool'), layout), { table });
    expect(E.isLeft(wide) && wide.left).toMatchObject({ _tag: 'ConfigError', path: 'cells.0.edges.1.wide_pool.0' }); // edge 1: state 1 -> node 2
    expect(E.isLeft(wide) && wide.left.message).toMatch(/no standard Keras form/);
    const missing = exportModel(weights(arch('max_pool_3x3'), layout));
    expect(E.isLeft(missing) && missing.left).toMatchObject({ _tag: 'CheckpointError', path: 'stem0.0.weight' });
  });

  it('an architecture that does not fit the layout', () => {
    const r = exportModel(weights({ nodes: 2, cells: [] }, cifarLayout({ cells: 1, nodes: 1 })));
    expect(E.isLeft(r) && r.left._tag).toBe('ArchitectureError');
  });

  it('a normalisation of the wrong channel count', () => {
    const layout = cifarLayout({ channels: 4, cells: 1, nodes: 1, inputSize: 8, classes: 3 });
    const arch: Architecture = { nodes: 1, cells: [{ reduction: true, edges: [{ op: 'skip_connect', from: 0, to: 2 }] }] };
    const r = exportModel({ ...weights(arch, layout), normalise: { mean: [0], std: [1] } });
    expect(E.isLeft(r) && r.left.path).toBe('normalise');
  });
});
