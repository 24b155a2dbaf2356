/**
 * The cost values every estimator returns: parameters, multiply-accumulates and FLOPs. Kept apart
 * from the estimators so that each of them can use these types without importing another.
 *
 * @module
 */

/**
 * Parameters and conv+linear multiply-accumulates of a part of a network.
 *
 * @since 0.1.0
 */
export interface ParamsMacs {
  readonly params: number;
  readonly macs: number;
}

/**
 * Parameters, conv+linear MACs and FLOPs (= 2·MACs) of a network or a part of it.
 *
 * @since 0.1.0
 */
export interface Cost extends ParamsMacs {
  /** Always `2·macs`. */
  readonly flops: number;
}
