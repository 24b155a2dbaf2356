import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { RETRAIN_FILES, discardRetrainings } from '../../src/node/retrainRun.js';
import type { RetrainPlan } from '../../src/node/retrainRun.js';
import { lockFile } from '../../src/node/runLock.js';

const IDS = ['0123456789abcdef', 'fedcba9876543210'];

/** A run directory with finished re-training files for two candidates, and a plan of both. */
async function finished(): Promise<RetrainPlan> {
  const dir = await mkdtemp(join(tmpdir(), 'gnas-discard-'));
  await mkdir(join(dir, 'architectures'));
  for (const id of IDS) {
    for (const file of [RETRAIN_FILES.result(id), RETRAIN_FILES.checkpoint(id), RETRAIN_FILES.weights(id)]) await writeFile(join(dir, file), 'x');
  }
  return { dir, transferred: false, layout: { channels: 4, cells: 3 }, candidates: IDS.map((id) => ({ id })) } as unknown as RetrainPlan;
}

describe('discardRetrainings (retrain --restart)', () => {
  it('deletes nothing while another process re-trains one of the candidates, and names it', async () => {
    const plan = await finished();
    const held = await lockFile(join(plan.dir, RETRAIN_FILES.lock(IDS[1]!)), `retrain ${IDS[1]}`);
    expect(E.isRight(held)).toBe(true);
    const before = (await readdir(join(plan.dir, 'architectures'))).sort();
    const refused = await discardRetrainings(plan);
    expect(E.isLeft(refused) && refused.left.message).toContain(`pid ${process.pid}`);
    // The first candidate's lock was taken and given back; every file is still there.
    expect((await readdir(join(plan.dir, 'architectures'))).sort()).toEqual(before);
    if (E.isRight(held)) await held.right.release();
  });

  it('deletes every candidate\'s result, checkpoint and weights, and leaves no lock', async () => {
    const plan = await finished();
    expect(E.isRight(await discardRetrainings(plan))).toBe(true);
    expect(await readdir(join(plan.dir, 'architectures'))).toEqual([]);
  });
});
