import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

/** The ```ts blocks of the README that import 'gold-nas'. */
function librarySnippets(): string[] {
  const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((code) => /from 'gold-nas'/.test(code));
}

describe("the README's library snippet", () => {
  it('readies its backend with readyBackend (gold-nas training kernels), not tf.setBackend (stock cpu kernels, several times slower)', () => {
    const snippets = librarySnippets();
    expect(snippets.length).toBeGreaterThan(0);
    for (const code of snippets) {
      expect(code).not.toMatch(/tf\.setBackend\(/);
      if (/runSearch\(/.test(code)) expect(code).toMatch(/await readyBackend\(tf, '(cpu|wasm)'\)/);
    }
  });
});
