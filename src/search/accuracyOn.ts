/**
 * What a search's candidate accuracy was measured on: the held-out split (never trained on), or,
 * when the search kept none back (`data.heldOut` 0, as [R] searches), training examples the
 * super-network trained on. Every output names which.
 *
 * @module
 */

/**
 * `held-out`: examples neither ω nor α trained on; `training`: examples the search trained on.
 *
 * @since 0.2.0
 */
export type AccuracyOn = 'held-out' | 'training';

/**
 * What a configuration's candidates are scored on.
 *
 * @param data - the configuration's data settings.
 * @returns `training` when nothing is held out (`heldOut` 0), else `held-out`.
 */
export function accuracyOn(data: { readonly heldOut: number }): AccuracyOn {
  return data.heldOut === 0 ? 'training' : 'held-out';
}

/**
 * The short name of a candidate's accuracy in tables and lines: `shared-weight held-out acc (est.)`
 * or `shared-weight training acc (est.)`.
 *
 * @param on - what it was measured on.
 * @returns the label.
 */
export function accuracyLabel(on: AccuracyOn): string {
  return on === 'training' ? 'shared-weight training acc (est.)' : 'shared-weight held-out acc (est.)';
}
