import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { closedType, decodeWith, integerCodec, numberCodec, strictTuple } from '../src/index.js';

const Config = closedType(
  'Config',
  { layout: closedType('Layout', { channels: integerCodec({ min: 2, even: true }) }), lr: numberCodec({ min: 0, exclusiveMin: true }) },
  { tags: t.array(t.string), mode: t.union([t.literal('a'), t.literal('b')]), pair: strictTuple([t.string, t.number], '[name, value]') },
);

describe('decodeWith', () => {
  it('returns the decoded value', () => {
    expect(decodeWith(Config, { layout: { channels: 16 }, lr: 0.1 })).toEqual({ _tag: 'Right', right: { layout: { channels: 16 }, lr: 0.1 } });
  });

  it.each([
    ['a nested bad field', { layout: { channels: 15 }, lr: 0.1 }, '', 'layout.channels', /^must be an even integer >= 2, got 15$/],
    ['a root path prefix', { layout: { channels: 15 }, lr: 0.1 }, 'run', 'run.layout.channels', /even integer/],
    ['a missing field', { layout: {}, lr: 0.1 }, 'cfg', 'cfg.layout.channels', /got nothing \(the field is missing\)/],
    ['an array index', { layout: { channels: 4 }, lr: 1, tags: ['x', 3] }, '', 'tags.1', /^expected string, got 3$/],
    ['a union without member indices in the path', { layout: { channels: 4 }, lr: 1, mode: 'c' }, '', 'mode', /expected "a"/],
    ['an unknown field', { layout: { channels: 4, chanels: 4 }, lr: 1 }, '', 'layout.chanels', /unknown field 'chanels'; known fields: channels/],
    ['a tuple element', { layout: { channels: 4 }, lr: 1, pair: ['x', 'y'] }, '', 'pair.1', /expected number, got "y"/],
    ['a tuple length', { layout: { channels: 4 }, lr: 1, pair: ['x'] }, '', 'pair', /\[name, value\] \(2 elements\), got 1 element/],
    ['not an object', 'hello', '', '', /expected an object \(Config\), got "hello"/],
    ['a non-finite number', { layout: { channels: 4 }, lr: Number.POSITIVE_INFINITY }, '', 'lr', /finite number > 0/],
  ])('reports %s with a dotted path', (_, value, root, path, message) => {
    const r = decodeWith(Config, value, root);
    if (r._tag === 'Right') throw new Error('expected Left');
    expect(r.left._tag).toBe('DecodeError');
    expect(r.left.path).toBe(path);
    expect(r.left.message).toMatch(message);
  });

  it('lists further failures after the first, up to three, then a count', () => {
    const r = decodeWith(t.array(t.number), ['a', 'b', 'c', 'd', 'e', 'f']);
    if (r._tag === 'Right') throw new Error('expected Left');
    expect(r.left.path).toBe('0');
    expect(r.left.message).toBe('expected number, got "a" (also: 1: expected number, got "b"; 2: expected number, got "c"; 3: expected number, got "d"; and 2 more)');
  });

  it('shortens long values in messages', () => {
    const r = decodeWith(t.number, { long: 'x'.repeat(100) });
    if (r._tag === 'Right') throw new Error('expected Left');
    expect(r.left.message.length).toBeLessThan(100);
    expect(r.left.message).toMatch(/\.\.\.$/);
  });
});

describe('codec builders', () => {
  it.each([
    [integerCodec({ min: 1, max: 3 }), 2, true],
    [integerCodec({ min: 1, max: 3 }), 4, false],
    [integerCodec({ min: 1 }), 1.5, false],
    [integerCodec({ even: true }), -4, true],
    [integerCodec(), '1', false],
    [numberCodec({ min: 0 }), 0, true],
    [numberCodec({ min: 0, exclusiveMin: true }), 0, false],
    [numberCodec({ max: 1, exclusiveMax: true }), 1, false],
    [numberCodec(), Number.NaN, false],
  ] as const)('%s accepts %s: %s', (codec, value, ok) => {
    expect(codec.is(value)).toBe(ok);
    expect(decodeWith(codec, value)._tag).toBe(ok ? 'Right' : 'Left');
  });

  it('closedType drops optional fields given as undefined and encodes back', () => {
    const C = closedType('C', { a: t.number }, { b: t.string });
    const r = decodeWith(C, { a: 1, b: undefined });
    expect(r).toEqual({ _tag: 'Right', right: { a: 1 } });
    expect(C.encode({ a: 1, b: 'x' })).toEqual({ a: 1, b: 'x' });
    expect(C.is({ a: 1, c: 2 })).toBe(false);
  });
});
