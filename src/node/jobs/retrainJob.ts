/**
 * The `retrain` job kind: re-training one candidate of a search run (or one architecture) in its
 * run directory, exactly as `gold-nas retrain` does in one process: the same files
 * (`architectures/<hash>.retrain.json`, `.retrain.ckpt`), the same resume from the checkpoint.
 *
 * @module
 */
import { isAbsolute } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../decode.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';
import { decodeSearchConfigShape } from '../../search/searchConfig.js';
import { ArchitectureCodec } from '../../space/architectureCodec.js';
import { architectureHash, fnv1a64 } from '../../space/architectureHash.js';
import { isArchitectureHash } from '../../space/architectureHashCodec.js';
import type { RetrainConfig } from '../../train/retrainConfig.js';
import { RETRAIN_DEFAULTS, decodeRetrainConfig } from '../../train/retrainConfig.js';
import type { RetrainEvent } from '../../train/retrainEvents.js';
import type { RetrainArchitectureSource } from '../retrainRun.js';
import { retrainInDirectory } from '../retrainRun.js';
import type { JobKind, JobProgress, JobSpecBase } from './jobKind.js';

/**
 * A re-training job: one candidate of the run in `dir`, with one configuration.
 *
 * @since 0.2.0
 */
export interface RetrainJobSpec extends JobSpecBase {
  readonly kind: 'retrain';
  /** The candidate's architecture hash (16 hex digits). */
  readonly candidate: string;
  readonly config: RetrainConfig;
  /** Instead of a search run's candidate: this architecture, trained on what its search configuration names (`gold-nas retrain --genotype`). */
  readonly architecture?: RetrainArchitectureSource;
  /** Re-train the run's candidate on another layout than the search's (`gold-nas retrain --channels/--cells`); its files carry the layout's tag. */
  readonly layout?: { readonly channels?: number; readonly cells?: number };
}


const SpecShape = t.intersection([
  t.type({ kind: t.literal('retrain'), dir: t.string, candidate: t.string, config: t.unknown }),
  t.partial({
    architecture: t.type({ architecture: ArchitectureCodec, searchConfig: t.unknown }),
    layout: t.partial({ channels: t.number, cells: t.number }),
    hints: t.partial({ backend: t.union([t.literal('cpu'), t.literal('wasm'), t.literal('tensorflow')]) }),
  }),
]);

function at<A>(path: string, r: Either<GoldNasError, A>): Either<GoldNasError, A> {
  return E.mapLeft((e: GoldNasError) => ({ ...e, path: e.path === '' ? path : `${path}.${e.path}` }))(r);
}

function decodeRetrainSpec(json: unknown): Either<GoldNasError, RetrainJobSpec> {
  const shape = at('spec', decodeWith(SpecShape, json));
  if (E.isLeft(shape)) return shape;
  const s = shape.right;
  if (!isAbsolute(s.dir)) return E.left(goldNasError('ConfigError', 'spec.dir', `must be an absolute path, got '${s.dir}'`));
  if (!isArchitectureHash(s.candidate)) return E.left(goldNasError('ConfigError', 'spec.candidate', `must be an architecture hash (16 hex digits), got '${s.candidate}'`));
  const config = at('spec.config', decodeRetrainConfig(s.config, RETRAIN_DEFAULTS));
  if (E.isLeft(config)) return config;
  let architecture: RetrainArchitectureSource | undefined;
  if (s.architecture !== undefined) {
    const searchConfig = at('spec.architecture.searchConfig', decodeSearchConfigShape(s.architecture.searchConfig));
    if (E.isLeft(searchConfig)) return searchConfig;
    architecture = { architecture: s.architecture.architecture, searchConfig: searchConfig.right };
    if (architectureHash(architecture.architecture) !== s.candidate) {
      return E.left(goldNasError('ConfigError', 'spec.candidate', `is not the hash of spec.architecture.architecture (${architectureHash(architecture.architecture)})`));
    }
  }
  return E.right({
    kind: 'retrain', dir: s.dir, candidate: s.candidate, config: config.right,
    ...(architecture !== undefined ? { architecture } : {}), ...(s.layout !== undefined ? { layout: s.layout } : {}),
    ...(s.hints !== undefined ? { hints: s.hints } : {}),
  });
}

function progressReader(spec: RetrainJobSpec): (e: RetrainEvent) => JobProgress | null {
  let total = 0;
  let text = 'starting';
  const epochs = spec.config.epochs;
  return (e) => {
    switch (e.type) {
      case 'start':
        total = e.epochs * e.stepsPerEpoch;
        text = `epoch ${Math.min(e.epoch + 1, epochs)}/${epochs}`;
        return { done: e.step, total, unit: 'step', text };
      case 'step':
        text = `epoch ${e.epoch + 1}/${epochs}, loss ${e.loss.toFixed(3)}`;
        return { done: e.step, total, unit: 'step', text };
      case 'epoch':
        text = `epoch ${e.epoch + 1}/${epochs} done, loss ${e.loss.toFixed(3)}${e.testTop1 === null ? '' : `, test top-1 ${(100 * e.testTop1).toFixed(2)}%`}`;
        return { done: e.step, total, unit: 'step', text };
      case 'stop':
        return { done: e.step, total, unit: 'step', text: e.reason === 'done' ? `done (${e.epoch} epochs)` : `stopped at epoch ${e.epoch + 1}` };
      default:
        return null;
    }
  };
}

/**
 * The `retrain` job kind. Its summary: `candidate`, `status` (`trained`, `skipped` when it was
 * already finished, `interrupted`), `epochs`, `top1`, `top5`, `seconds`, `backend`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { RETRAIN_PRESETS } from 'gold-nas';
 * import { RETRAIN_JOB } from 'gold-nas/node';
 * await tf.setBackend('cpu');
 * const spec = { kind: 'retrain', dir: '/runs/a', candidate: '0123456789abcdef', config: RETRAIN_PRESETS['synthetic-tiny'] } as const;
 * const outcome = await RETRAIN_JOB.run(spec, { tf, shouldStop: () => false });
 * ```
 *
 * @since 0.2.0
 */
export const RETRAIN_JOB: JobKind<RetrainJobSpec, RetrainEvent> = {
  kind: 'retrain',
  decode: decodeRetrainSpec,
  // A spec without a layout keeps the id it had before layouts were named.
  id: (spec) => `retrain-${spec.candidate}-${fnv1a64(JSON.stringify([spec.dir, spec.config, spec.architecture ?? null, ...(spec.layout !== undefined ? [spec.layout] : [])]))}`,
  label: (spec) => spec.candidate,
  progress: progressReader,
  run: async (spec, context) => {
    const run = await retrainInDirectory({
      tf: context.tf,
      dir: spec.dir,
      config: spec.config,
      ...(spec.architecture !== undefined ? { architecture: spec.architecture } : { only: [spec.candidate] }),
      ...(spec.layout !== undefined ? { layout: spec.layout } : {}),
      shouldStop: context.shouldStop,
      onEvent: (_id, e) => context.onEvent?.(e),
    });
    if (E.isLeft(run)) return run;
    const c = run.right.candidates[0];
    if (c === undefined || c.id !== spec.candidate) {
      return E.left(goldNasError('ConfigError', 'spec.candidate', `${spec.candidate} is not a candidate of ${spec.dir}`));
    }
    const r = c.result;
    return E.right({
      status: c.status === 'trained' || c.status === 'skipped' ? 'done' : 'interrupted',
      summary: {
        candidate: c.id, status: c.status, epochs: r?.epochs ?? 0, top1: r?.top1 ?? null, top5: r?.top5 ?? null,
        seconds: r?.seconds ?? 0, backend: context.tf.getBackend(),
      },
    });
  },
};
