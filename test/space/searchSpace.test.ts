import { describe, expect, it } from 'vitest';
import type { Layer, OperatorTable } from '../../src/index.js';
import {
  DARTS_PRIMITIVES, GOLD_PRIMITIVES, LayoutCodec, OPERATORS, SpaceConfigCodec, cifarLayout, decodeLayout, decodeWith, imagenetLayout,
  layerOutputShape, searchSpace, spaceConfigCodec,
} from '../../src/index.js';
import { expectLeft, expectRight } from './expectEither.js';

describe('LayoutCodec / decodeLayout', () => {
  it.each([
    ['an empty object', {}, cifarLayout()],
    ['CIFAR fields', { cells: 14, channels: 36 }, cifarLayout({ cells: 14, channels: 36 })],
    ['an ImageNet kind', { kind: 'imagenet', cells: 12 }, imagenetLayout({ cells: 12 })],
    ['an MNIST-like layout', { channels: 8, cells: 5, inputSize: 28, inputChannels: 1 }, cifarLayout({ channels: 8, cells: 5, inputSize: 28, inputChannels: 1 })],
    ['a full layout (decodes to itself)', cifarLayout({ nodes: 3 }), cifarLayout({ nodes: 3 })],
  ])('decodes %s, filling defaults by kind', (_, value, layout) => {
    expect(expectRight(decodeLayout(value))).toEqual(layout);
  });

  it.each([
    ['odd channels', { channels: 15 }, 'layout.channels', /must be an even integer >= 2, got 15 \(FactorizedReduce/],
    ['zero channels', { channels: 0 }, 'layout.channels', /even integer >= 2, got 0/],
    ['zero cells', { cells: 0 }, 'layout.cells', /integer >= 1, got 0/],
    ['fractional nodes', { nodes: 2.5 }, 'layout.nodes', /integer in 1\.\.64, got 2\.5/],
    ['one class', { classes: 1 }, 'layout.classes', /at least two classes/],
    ['a zero input size', { inputSize: 0 }, 'layout.inputSize', /integer >= 1, got 0/],
    ['an unknown kind', { kind: 'mnist' }, 'layout.kind', /expected 'cifar' \| 'imagenet', got "mnist"/],
    ['a misspelt field', { chanels: 36 }, 'layout.chanels', /unknown field 'chanels'; known fields: kind, channels, cells/],
    ['a string number', { cells: '14' }, 'layout.cells', /got "14"/],
    ['not an object', [1], 'layout', /expected an object/],
  ])('rejects %s', (_, value, path, message) => {
    const e = expectLeft(decodeLayout(value));
    expect(e._tag).toBe('DecodeError');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it('encodes a layout to plain JSON that decodes back', () => {
    const layout = imagenetLayout({ channels: 32 });
    expect(expectRight(decodeWith(LayoutCodec, JSON.parse(JSON.stringify(LayoutCodec.encode(layout)))))).toEqual(layout);
    expect(LayoutCodec.is(layout)).toBe(true);
    expect(LayoutCodec.is({ cells: 3 })).toBe(false);
  });
});

describe('SpaceConfigCodec', () => {
  it.each([
    ['nothing', {}, { mode: 'gold', layout: cifarLayout(), operators: GOLD_PRIMITIVES }],
    ['darts mode', { mode: 'darts' }, { mode: 'darts', layout: cifarLayout(), operators: DARTS_PRIMITIVES }],
    ['explicit operators', { operators: ['sep_conv_5x5'], layout: { cells: 3 } }, { mode: 'gold', layout: cifarLayout({ cells: 3 }), operators: ['sep_conv_5x5'] }],
  ])('decodes %s with defaults', (_, value, config) => {
    expect(expectRight(decodeWith(SpaceConfigCodec, value))).toEqual(config);
  });

  it.each([
    ['an unknown mode', { mode: 'nas' }, 'space.mode', /'gold' \| 'darts'/],
    ['an unknown operator', { operators: ['skip_connect', 'conv_9x9'] }, 'space.operators.1', /unknown operator 'conv_9x9'; the operator table has: none, skip_connect/],
    ['a repeated operator', { operators: ['skip_connect', 'skip_connect'] }, 'space.operators.1', /listed twice/],
    ['no operators', { operators: [] }, 'space.operators', /at least one operator/],
    ['a non-string operator', { operators: [3] }, 'space.operators.0', /operator name, got 3/],
    ['a bad layout field', { layout: { channels: 3 } }, 'space.layout.channels', /even/],
    ['an unknown field', { mdoe: 'gold' }, 'space.mdoe', /unknown field/],
  ])('rejects %s', (_, value, path, message) => {
    const e = expectLeft(decodeWith(SpaceConfigCodec, value, 'space'));
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it('checks names against a custom table', () => {
    const table: OperatorTable = { my_op: { ...OPERATORS.skip_connect!, name: 'my_op' } };
    expect(expectRight(decodeWith(spaceConfigCodec(table), { operators: ['my_op'] })).operators).toEqual(['my_op']);
    expect(expectLeft(decodeWith(spaceConfigCodec(table), { operators: ['skip_connect'] })).message).toMatch(/table has: my_op$/);
  });
});

describe('searchSpace', () => {
  it('builds the default GOLD space', () => {
    expect(expectRight(searchSpace())).toEqual({ mode: 'gold', layout: cifarLayout(), operators: GOLD_PRIMITIVES, table: OPERATORS });
  });
  it.each([
    ['the GOLD-NAS search space', { mode: 'gold', layout: { cells: 14, channels: 36 } }],
    ['the DARTS space with all 8 operators', { mode: 'darts', layout: cifarLayout() }],
    ['every table operator on MNIST', { layout: { channels: 8, cells: 5, inputSize: 28, inputChannels: 1 }, operators: Object.keys(OPERATORS) }],
    ['a 1x1 input (maps stay 1x1)', { layout: { inputSize: 1, cells: 8 }, operators: Object.keys(OPERATORS) }],
    ['the ImageNet layout', { layout: imagenetLayout(), operators: DARTS_PRIMITIVES }],
    ['one node, one cell', { layout: { nodes: 1, cells: 1 } }],
  ] as const)('accepts %s', (_, options) => {
    const space = expectRight(searchSpace(options));
    expect(space.table).toBe(OPERATORS);
  });

  // A 3x3 convolution without padding: shrinks the map by 2 and empties a 1x1 map.
  const valid: OperatorTable = {
    ...OPERATORS,
    conv_valid: {
      name: 'conv_valid',
      description: '3x3 conv without padding',
      layers: ({ channels: c, stride }) => [
        { kind: 'conv', inC: c, outC: c, kernel: [3, 3], stride: [stride, stride], pad: [0, 0], dilation: 1, depthwise: false },
      ],
    },
    misnamed: { ...OPERATORS.skip_connect!, name: 'skip' },
    // A user's operator whose layer kind the IR does not have (a typo, or a layer of another library).
    squeeze: {
      name: 'squeeze',
      description: 'a layer kind the IR does not know',
      layers: () => [{ kind: 'relu' }, { kind: 'squeezeExcite', ratio: 4 } as unknown as Layer],
    },
    throwing: { name: 'throwing', description: 'layers() throws', layers: () => { throw new Error('no channels for you'); } },
    notAList: { name: 'notAList', description: 'layers() returns an object', layers: () => ({ kind: 'relu' }) as unknown as readonly Layer[] },
  };
  it.each([
    ['bad layout channels', { layout: { channels: 7 } }, 'layout.channels', /even integer/],
    ['bad mode', { mode: 'enas' as 'gold' }, 'mode', /'gold' \| 'darts'/],
    ['an unknown operator', { operators: ['sep_conv_3x3', 'sep_conv_9x9'] }, 'operators.1', /unknown operator 'sep_conv_9x9'/],
    ['an operator that shrinks the map', { operators: ['skip_connect', 'conv_valid'], table: valid }, 'operators.1', /turns the 32x32x16 input .* into 30x30x16; cell operators must give the node shape 32x32x16/],
    ['an operator that empties a small map', { layout: { inputSize: 2 }, operators: ['conv_valid'], table: valid }, 'operators.0', /does not fit .*empty.*larger layout\.inputSize/],
    ['a table entry named differently from its key', { operators: ['misnamed'], table: valid }, 'table.misnamed', /named 'skip'/],
    ['a custom operator with a layer of unknown kind (was: a TypeError)', { operators: ['skip_connect', 'squeeze'], table: valid }, 'table.squeeze.layers.1.kind',
      /operator 'squeeze' has a layer of unknown kind "squeezeExcite"; known kinds: relu, conv, bn/],
    ['a custom operator whose layers function throws', { operators: ['throwing'], table: valid }, 'table.throwing', /threw: no channels for you/],
    ['a custom operator whose layers function returns no list', { operators: ['notAList'], table: valid }, 'table.notAList', /must return a list of layers/],
  ] as const)('rejects %s with a ConfigError at its path', (_, options, path, message) => {
    const e = expectLeft(searchSpace(options));
    expect(e._tag).toBe('ConfigError');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});

describe('layerOutputShape', () => {
  it('names an unknown layer kind instead of returning nothing', () => {
    expect(layerOutputShape({ kind: 'squeezeExcite' } as unknown as Layer, [4, 4, 8])).toMatch(/^unknown layer kind 'squeezeExcite'; known kinds: relu, conv/);
  });
});
