import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness.js';

describe('gold-nas bench', () => {
  it('times the quick start network on wasm and reports flat tensor counts and a kernel profile', async () => {
    const r = await cli('bench', '--net', 'mnist-quick', '--steps', '2', '--warmup', '1', '--backend', 'wasm', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { backend: string; imagesPerSecond: number; numTensors: { before: number; after: number }; profile: { top: unknown[] } };
    expect(out.backend).toBe('wasm');
    expect(out.imagesPerSecond).toBeGreaterThan(0);
    expect(out.numTensors.after).toBe(out.numTensors.before);
    expect(out.profile.top).toHaveLength(10);
  });

  it('rejects an unknown network with exit code 2', async () => {
    const r = await cli('bench', '--net', 'resnet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--net: expected one of gold-tiny, gold-small, mnist-quick/);
  });
});
