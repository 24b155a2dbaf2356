// Issue 16, finding 1: resuming a finished run keeps its stop reason and appends nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gnas, names, needDist, searchArgs, tempDir, tinyConfig, tree } from './runHarness.js';

describe('search --resume of a finished run', () => {
  it('keeps its stop reason and leaves every file byte for byte as it was (no events appended), however often', async () => {
    needDist();
    const tmp = await tempDir('f1');
    const run = join(tmp, 'run');
    const first = await gnas([...searchArgs(await tinyConfig(tmp), run), '--json']);
    expect(first.code, first.stderr).toBe(0);
    const before = await tree(run);
    expect(JSON.parse(before.get('summary.json')!.toString()).stopReason).toBe('budget');
    for (let i = 0; i < 2; i++) {
      const again = await gnas(['search', '--resume', run, '--backend', 'cpu', '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout) as { stopReason: string }).stopReason).toBe('budget');
    }
    const after = await tree(run);
    expect(names(after)).toEqual(names(before));
    for (const [name, bytes] of before) expect(after.get(name)!.toString(), name).toBe(bytes.toString());
  });
});
