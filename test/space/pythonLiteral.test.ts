import { describe, expect, it } from 'vitest';
import { parseLiteral, pythonString } from '../../src/space/pythonLiteral.js';
import { expectLeft, expectRight } from './expectEither.js';

describe('parseLiteral', () => {
  it.each([
    ['an int', '42', 42],
    ['a negative float with exponent', '-1.5e3', -1500],
    ['single and double quoted strings', `["a'b", 'c"d']`, ["a'b", 'c"d']],
    ['escapes', String.raw`['\n\t\\\'\u00e9\x41']`, ["\n\t\\'éA"]],
    ['Python and JSON constants', '[True, False, None, true, false, null]', [true, false, null, true, false, null]],
    ['tuples, the empty tuple and a parenthesised value', '[(1, 2), (), (3,), (4)]', [[1, 2], [], [3], 4]],
    ['trailing commas', '[1, 2,]', [1, 2]],
    ['a dict', `{'a': [1], "b": {"c": 2}}`, { a: [1], b: { c: 2 } }],
    ['range with one, two and three arguments', '[range(3), range(2, 6), range(6, 0, -2), range(3, 1)]', [[0, 1, 2], [2, 3, 4, 5], [6, 4, 2], []]],
    ['list() and tuple() of a range', '[list(range(2)), tuple([1])]', [[0, 1], [1]]],
    ['comments and newlines', '[1,  # one\n 2  # two\n]', [1, 2]],
    ['an assignment', 'X = [1]', [1]],
    ['bare keyword arguments', 'a=1, b=[2]', { a: 1, b: [2] }],
    ['a byte-order mark', '\ufeff[1]', [1]],
  ])('reads %s', (_, text, value) => {
    expect(expectRight(parseLiteral(text))).toEqual(value);
  });

  it('maps named tuples to objects, by keyword or position, through dotted names', () => {
    const options = { namedTuples: { P: ['x', 'y'] } };
    expect(expectRight(parseLiteral('P(1, y=2)', options))).toEqual({ x: 1, y: 2 });
    expect(expectRight(parseLiteral('mod.P(y=2)', options))).toEqual({ y: 2 });
  });

  it.each([
    ['an unknown escape', String.raw`'\q'`, '1:2', /unknown escape/],
    ['a string across lines', "'a\nb'", '1:1', /unterminated/],
    ['a missing colon', '{"a" 1}', '1:6', /expected ':'/],
    ['a bare key', '{a: 1}', '1:2', /quoted key/],
    ['a repeated key', '{"a": 1, "a": 2}', '1:10', /appears twice/],
    ['range step zero', 'range(1, 2, 0)', '1:1', /step must not be zero/],
    ['a huge range', 'range(10000000)', '1:1', /too long/],
    ['too many named tuple fields', 'P(1, 2, 3)', '1:9', /at most 2 arguments/],
    ['deep nesting', '['.repeat(300), /:/, /deeper than 200/],
    ['a stray character', '[1] ]', '1:5', /expected ',' or the end/],
    ['an error on a later line', '[\n  1,\n  @\n]', '3:3', /expected a value, found '@'/],
  ])('reports %s with line:column', (_, text, path, message) => {
    const e = expectLeft(parseLiteral(text, { namedTuples: { P: ['x', 'y'] } }));
    expect(e._tag).toBe('DecodeError');
    if (typeof path === 'string') expect(e.path).toBe(path);
    else expect(e.path).toMatch(path);
    expect(e.message).toMatch(message);
  });
});

describe('pythonString', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", `"it's"`],
    [`a'b"c`, `'a\\'b"c'`],
    ['back\\slash', "'back\\\\slash'"],
  ])('quotes %j as Python repr does', (s, repr) => {
    expect(pythonString(s)).toBe(repr);
    expect(expectRight(parseLiteral(repr))).toBe(s);
  });
});
