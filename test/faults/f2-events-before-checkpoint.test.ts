// Issue 16, finding 2: a kill between the writes of a checkpoint never loses a step of the timeline;
// an events.jsonl cut short, or running past the checkpoint, is cut back to the checkpoint with a warning.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gnas, referenceSearch, searchArgs, timeline } from './runHarness.js';

let tmp = '';
let config = '';
let reference = '';
let renames: string[] = [];

beforeAll(async () => {
  ({ tmp, config, reference, renames } = await referenceSearch('f2'));
});

/** The 1-based numbers of the renames of the first checkpoint (its checkpoint.bin and its events.jsonl). */
function firstCheckpointRenames(): number[] {
  const ckpt = renames.indexOf('checkpoint.bin');
  const events = renames.indexOf('events.jsonl');
  return [Math.min(ckpt, events) + 1, Math.max(ckpt, events) + 1];
}

/** Continues a killed run: resumes it from its checkpoint, or starts it again in the same directory when it has none. */
async function recover(dir: string): Promise<{ code: number | null; stderr: string }> {
  return existsSync(join(dir, 'checkpoint.bin'))
    ? gnas(['search', '--resume', dir, '--backend', 'cpu'])
    : gnas(searchArgs(config, dir));
}

/** A run stopped by a kill just after its first checkpoint was complete (checkpoint at step 2). */
async function stoppedAtStep2(name: string): Promise<string> {
  const dir = join(tmp, name);
  const killed = await gnas(searchArgs(config, dir), { killAtRename: firstCheckpointRenames()[1]! + 1 });
  expect(killed.signal).toBe('SIGKILL');
  return dir;
}

describe('a search killed around its first checkpoint', () => {
  it('continues to the timeline of an uninterrupted run, whichever of the checkpoint\'s renames the kill came before', async () => {
    for (const n of firstCheckpointRenames()) {
      const dir = join(tmp, `killed-${n}`);
      const killed = await gnas(searchArgs(config, dir), { killAtRename: n });
      expect(killed.signal, `rename ${n}`).toBe('SIGKILL');
      const again = await recover(dir);
      expect(again.code, `rename ${n}: ${again.stderr}`).toBe(0);
      expect(await timeline(dir), `rename ${n}`).toEqual(await timeline(reference));
      expect(await readFile(join(dir, 'pareto.json'), 'utf8')).toBe(await readFile(join(reference, 'pareto.json'), 'utf8'));
    }
  });
});

describe('events.jsonl out of step with the checkpoint', () => {
  it('cut short in a line: resume warns that the timeline has a gap, and the report keeps warning', async () => {
    const dir = await stoppedAtStep2('truncated');
    const text = await readFile(join(dir, 'events.jsonl'), 'utf8');
    const lastLine = text.slice(0, -1).lastIndexOf('\n');
    await writeFile(join(dir, 'events.jsonl'), text.slice(0, lastLine + 10));
    const resumed = await gnas(['search', '--resume', dir, '--backend', 'cpu']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/warning: .*events\.jsonl/);
    const report = await gnas(['report', dir]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toMatch(/warning: .*events\.jsonl/);
  });

  it('running past the checkpoint: resume drops the later events with a warning saying which, then writes them again', async () => {
    const dir = await stoppedAtStep2('longer');
    const own = await readFile(join(dir, 'events.jsonl'), 'utf8');
    const later = (await readFile(join(reference, 'events.jsonl'), 'utf8')).split('\n').filter((l) => l !== '' && (JSON.parse(l) as { step: number }).step > 2);
    expect(later.length).toBeGreaterThan(0);
    await writeFile(join(dir, 'events.jsonl'), own + later.join('\n') + '\n');
    const resumed = await gnas(['search', '--resume', dir, '--backend', 'cpu']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`warning: .*events\\.jsonl.*${later.length} event`));
    expect(await timeline(dir)).toEqual(await timeline(reference));
  });
});
