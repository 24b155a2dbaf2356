/**
 * Learning-rate schedules as pure functions of the step.
 *
 * @module
 */

/**
 * A learning-rate schedule: `constant`, `cosine` annealing from `lr` to `minLr` over `totalSteps`
 * (PyTorch's `CosineAnnealingLR`, as DARTS uses), or `step` decay by `gamma` every `every` steps.
 * An optional linear warm-up over the first `warmupSteps` steps applies to all three.
 *
 * @since 0.1.0
 */
export type LearningRateSchedule =
  | { readonly kind: 'constant'; readonly lr: number; readonly warmupSteps?: number }
  | { readonly kind: 'cosine'; readonly lr: number; readonly minLr: number; readonly totalSteps: number; readonly warmupSteps?: number }
  | { readonly kind: 'step'; readonly lr: number; readonly gamma: number; readonly every: number; readonly warmupSteps?: number };

/**
 * The learning rate at a step (from 0).
 *
 * @param schedule - the schedule.
 * @param step - the step, from 0.
 * @returns the learning rate.
 *
 * @example
 * ```ts
 * import { learningRateAt } from 'gold-nas';
 * learningRateAt({ kind: 'cosine', lr: 0.025, minLr: 0, totalSteps: 100 }, 50); // 0.0125
 * ```
 * @since 0.1.0
 */
export function learningRateAt(schedule: LearningRateSchedule, step: number): number {
  const warm = schedule.warmupSteps ?? 0;
  const factor = warm > 0 && step < warm ? (step + 1) / warm : 1;
  switch (schedule.kind) {
    case 'constant':
      return schedule.lr * factor;
    case 'cosine': {
      const t = Math.min(step, schedule.totalSteps) / Math.max(1, schedule.totalSteps);
      return factor * (schedule.minLr + 0.5 * (schedule.lr - schedule.minLr) * (1 + Math.cos(Math.PI * t)));
    }
    case 'step':
      return factor * schedule.lr * Math.pow(schedule.gamma, Math.floor(step / schedule.every));
  }
}
