/**
 * The checks a re-training can make before it loads any data or builds any tensor.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Architecture } from '../space/architecture.js';
import { checkArchitecture } from '../space/decodeArchitecture.js';
import type { MacroLayout } from '../space/layout.js';
import { networkPlanChecked } from '../space/layout.js';
import type { OperatorTable } from '../space/operators.js';
import { OPERATORS } from '../space/operators.js';
import { openSpace } from '../space/searchSpace.js';
import type { RetrainConfig } from './retrainConfig.js';

/**
 * Checks that an architecture can be re-trained on a layout with a configuration: the
 * architecture fits the layout and the operator table, the layout gives a valid network, and the
 * auxiliary head (when `auxiliaryWeight > 0`) fits the layout's maps. Pure: no tensors, no data.
 *
 * @param config - the re-training configuration.
 * @param architecture - the architecture.
 * @param layout - the macro layout.
 * @param table - the operator table (default `OPERATORS`).
 * @returns `Right(undefined)`, or an `ArchitectureError`, or a `ConfigError` at `auxiliaryWeight`
 *   that says why the head does not fit and to set `auxiliaryWeight` to 0.
 */
export function checkRetrainSetup(
  config: RetrainConfig,
  architecture: Architecture,
  layout: MacroLayout,
  table: OperatorTable = OPERATORS,
): Either<GoldNasError, void> {
  const checked = checkArchitecture(architecture, openSpace(layout, table));
  if (E.isLeft(checked)) return checked;
  const plan = networkPlanChecked(layout, { affine: true });
  if (E.isLeft(plan)) return plan;
  const head = plan.right.auxiliaryHead;
  if (config.auxiliaryWeight > 0 && typeof head === 'string') {
    return E.left(goldNasError('ConfigError', 'auxiliaryWeight',
      `is ${config.auxiliaryWeight}, but this layout has no room for the auxiliary head (${head}); set "auxiliaryWeight": 0 to re-train without it`));
  }
  return E.right(undefined);
}
