import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { loadTfjs } from '../../src/node/loadTfjs.js';

const notFound = (specifier: string): Error =>
  Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), { code: 'ERR_MODULE_NOT_FOUND' });

describe('loadTfjs (Node)', () => {
  it('loads tfjs on cpu', async () => {
    const r = await loadTfjs('cpu');
    expect(E.isRight(r) && r.right.getBackend()).toBe('cpu');
  });

  it('loads tfjs on wasm with the training kernels', async () => {
    const r = await loadTfjs('wasm');
    expect(E.isRight(r) && r.right.getBackend()).toBe('wasm');
    if (E.isRight(r)) expect(r.right.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    if (E.isRight(r)) await r.right.setBackend('cpu');
  });

  it('says exactly what to install when neither tfjs-node-gpu nor tfjs-node is present', async () => {
    const r = await loadTfjs('tensorflow');
    expect(E.isLeft(r)).toBe(true);
    if (E.isRight(r)) return;
    expect(r.left._tag).toBe('DependencyError');
    expect(r.left.message).toContain('npm install @tensorflow/tfjs-node-gpu@4.22.0');
    expect(r.left.message).toContain('CUDA 11.2 and cuDNN 8.1');
    expect(r.left.message).toContain('npm install @tensorflow/tfjs-node@4.22.0');
  });

  it('tries tfjs-node-gpu first, then tfjs-node', async () => {
    const tried: string[] = [];
    const r = await loadTfjs('tensorflow', { importModule: async (s) => { tried.push(s); throw notFound(s); } });
    expect(tried).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(E.isLeft(r)).toBe(true);
  });

  it('reports an installed package whose native addon is missing, without crashing', async () => {
    const r = await loadTfjs('tensorflow', {
      importModule: async (s) => {
        if (s === '@tensorflow/tfjs-node-gpu') throw notFound(s);
        throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: .../tfjs_binding.node');
      },
    });
    expect(E.isLeft(r) && r.left._tag).toBe('BackendError');
    expect(E.isLeft(r) && r.left.path).toBe('@tensorflow/tfjs-node');
    expect(E.isLeft(r) && r.left.message).toMatch(/installed but failed to load: .*tfjs_binding\.node.*npm rebuild @tensorflow\/tfjs-node/);
  });

  it('does not mistake a missing dependency of tfjs-node-gpu for tfjs-node-gpu itself', async () => {
    const r = await loadTfjs('tensorflow', { importModule: async () => { throw notFound('@mapbox/node-pre-gyp'); } });
    expect(E.isLeft(r) && r.left.path).toBe('@tensorflow/tfjs-node-gpu');
  });

  it('says to install the wasm backend when it is missing', async () => {
    const r = await loadTfjs('wasm', { importModule: async (s) => { if (s === '@tensorflow/tfjs-backend-wasm') throw notFound(s); return import('@tensorflow/tfjs'); } });
    expect(E.isLeft(r) && r.left._tag).toBe('DependencyError');
    expect(E.isLeft(r) && r.left.message).toBe('@tensorflow/tfjs-backend-wasm is not installed: run `npm install @tensorflow/tfjs-backend-wasm@4.22.0`');
  });

  it('asks for a wasm module with setThreadsCount before threading', async () => {
    const r = await loadTfjs('wasm', { threads: 2, importModule: async (s) => (s === '@tensorflow/tfjs-backend-wasm' ? {} : import('@tensorflow/tfjs')) });
    expect(E.isLeft(r) && r.left.message).toBe('@tensorflow/tfjs-backend-wasm does not export setThreadsCount');
  });
});
