import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/duration.js';
import { createProgress } from '../../src/node/progress.js';

function sink(isTTY: boolean): { out: string[]; stream: NodeJS.WritableStream & { isTTY: boolean; columns: number } } {
  const out: string[] = [];
  const stream = { isTTY, columns: 200, write: (s: string) => { out.push(s); return true; } } as unknown as NodeJS.WritableStream & { isTTY: boolean; columns: number };
  return { out, stream };
}

describe('createProgress', () => {
  it('prints plain lines at an interval when the stream is not a TTY', () => {
    const { out, stream } = sink(false);
    let t = 0;
    const p = createProgress({ stream, unit: 'step', total: 100, plainEvery: 25, now: () => t });
    for (let i = 1; i <= 100; i++) { t += 1000; p.update(i, { loss: '0.5' }); }
    p.log('pruned 2 operators');
    p.done();
    const lines = out.join('').trim().split('\n');
    expect(lines.map((l) => l.split(" ")[1])).toEqual(["1/100", "26/100", "51/100", "76/100", "100/100", "2"]);
    expect(lines[0]).toMatch(/^step 1\/100 .*loss 0\.5$/);
    expect(lines.every((l) => !l.includes('\r'))).toBe(true);
    expect(lines[5]).toBe('pruned 2 operators');
  });

  it('redraws one bar with an ETA on a TTY and keeps logged lines above it', () => {
    const { out, stream } = sink(true);
    let t = 0;
    const p = createProgress({ stream, unit: 'step', total: 10, totalIsBound: true, now: () => t });
    p.update(0);
    t = 2000;
    p.update(5, { λ: '1e-4' });
    expect(out.join('')).toContain('[##########..........] step 5/10 2s ETA ≤2s | λ 1e-4');
    p.log('candidate 3f2a');
    expect(out.join('')).toContain('\r\x1b[2Kcandidate 3f2a\n');
    p.done();
  });

  it('leaves re-used work out of the ETA (a resumed study jumps to 60% in no time)', () => {
    const { out, stream } = sink(false);
    let t = 0;
    const p = createProgress({ stream, unit: '%', total: 100, plainEvery: 1, now: () => t });
    p.update(0);
    t = 1000;
    p.update(60, {}, true);
    t = 11_000;
    p.update(70);
    // 10 points of real work in 11 s: 30 points left take 33 s (counting the jump would give about 5 s).
    expect(out.join('').trim().split('\n').at(-1)).toBe('% 70/100 11s ETA 33s');
  });

  it.each([[5, '5s'], [245, '4m05s'], [3725, '1h02m'], [NaN, '?']])('formats %s seconds as %s', (s, f) => {
    expect(formatDuration(s)).toBe(f);
  });
});
