import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(new URL('../../dist/cli/main.js', import.meta.url));
const run = promisify(execFile);

describe('bin/gold-nas.js', () => {
  // `npm test` builds first (and `npm ci` through `prepare`).
  it('runs the built command line as a child process', async () => {
    expect(built, 'dist/ is missing: run npm run build').toBe(true);
    const { stdout } = await run(process.execPath, ['bin/gold-nas.js', 'inspect', 'space', '--cells', '14', '--json'], { cwd: root });
    expect((JSON.parse(stdout) as { log10: number }).log10).toBeCloseTo(117.49, 2);
    const failed = await run(process.execPath, ['bin/gold-nas.js', 'inspect', 'space', '--cells', 'x'], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/^gold-nas: --cells: expected an integer/) });
  });
});
