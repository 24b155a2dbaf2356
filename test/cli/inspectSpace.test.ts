import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness.js';

describe('gold-nas inspect space', () => {
  it('counts the GOLD space of 14 cells: about 10^117.5 (METHOD.md §2)', async () => {
    const r = await cli('inspect', 'space', '--mode', 'gold', '--cells', '14', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { log10: number; exact: string };
    expect(out.log10).toBeCloseTo(117.49, 2);
    expect(out.exact).toBe((246_517_425n ** 14n).toString());
  });

  it('counts one cell exactly: 246,517,425', async () => {
    const r = await cli('inspect', 'space', '--cells', '1', '--ops', 'skip_connect,sep_conv_3x3', '--nodes', '4', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ exact: '246517425', cells: 1, nodes: 4, operators: ['skip_connect', 'sep_conv_3x3'] });
  });

  it('counts 20 cells: about 10^167.8', async () => {
    const r = await cli('inspect', 'space', '--cells', '20', '--json');
    expect((JSON.parse(r.stdout) as { log10: number }).log10).toBeCloseTo(167.84, 1);
  });

  it('prints a readable summary without --json', async () => {
    const r = await cli('inspect', 'space', '--cells', '14');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('architectures: about 10^117.49');
  });

  it('rejects an unknown operator', async () => {
    const r = await cli('inspect', 'space', '--ops', 'skip_connect,conv_9x9');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gold-nas: --ops: 'conv_9x9' is not one of/);
  });
});
