/**
 * What a re-training reports while it runs. The same values go to the callback, the progress
 * printer and the result file's history.
 *
 * @module
 */

/**
 * Why a re-training ended: all epochs done, or stopped early by `shouldStop` (after a checkpoint).
 *
 * @since 0.1.0
 */
export type RetrainStopReason = 'done' | 'interrupted';

/**
 * The figures of one finished epoch; the history of a re-training is a list of these.
 *
 * @since 0.1.0
 */
export interface RetrainEpochRecord {
  /** The epoch, from 0. */
  readonly epoch: number;
  /** Training steps taken so far (all epochs). */
  readonly step: number;
  /** The mean training loss over the epoch's batches (cross-entropy with label smoothing, plus the auxiliary term). */
  readonly loss: number;
  /** Top-1 accuracy on the epoch's augmented training batches, in training mode (drop-path on). */
  readonly trainAccuracy: number;
  /** The epoch's learning rate. */
  readonly lr: number;
  /** The epoch's drop-path probability. */
  readonly dropPath: number;
  /** Test top-1 accuracy in inference mode (batch-norm running averages), or null when this epoch was not evaluated. */
  readonly testTop1: number | null;
  /** Test top-5 accuracy (top-k with k = min(5, classes)), or null when not evaluated. */
  readonly testTop5: number | null;
  /** Training throughput over the epoch (the part run in this process when it was resumed mid-epoch). */
  readonly imagesPerSecond: number;
  /** Wall time of the whole re-training so far, in seconds, across resumes. */
  readonly seconds: number;
}

/**
 * One event of a re-training.
 * - `start`: the re-training (or a resumed one) begins.
 * - `step`: a periodic training report (every `logEvery` steps).
 * - `epoch`: an epoch ended (and was evaluated when due).
 * - `checkpoint`: a checkpoint was handed to the caller.
 * - `stop`: the re-training ended.
 *
 * @since 0.1.0
 */
export type RetrainEvent =
  | {
      readonly type: 'start';
      readonly step: number;
      readonly epoch: number;
      readonly resumed: boolean;
      readonly epochs: number;
      readonly stepsPerEpoch: number;
      /** Trainable parameters of the evaluation network (without the auxiliary head). */
      readonly params: number;
      readonly auxiliary: boolean;
      readonly trainExamples: number;
      readonly testExamples: number;
    }
  | {
      readonly type: 'step';
      readonly step: number;
      readonly epoch: number;
      readonly loss: number;
      readonly lr: number;
      readonly dropPath: number;
      /** Training throughput over the steps since the previous step event. */
      readonly imagesPerSecond: number;
    }
  | ({ readonly type: 'epoch' } & RetrainEpochRecord)
  | { readonly type: 'checkpoint'; readonly step: number; readonly epoch: number }
  | { readonly type: 'stop'; readonly step: number; readonly epoch: number; readonly reason: RetrainStopReason };
