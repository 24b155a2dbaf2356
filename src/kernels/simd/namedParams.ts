/**
 * A function builder whose i32 parameters are named, for loops with many arguments.
 *
 * @module
 * @internal
 */
import { FunctionBuilder } from './wasmAssembler.js';

/**
 * A new function of i32 parameters, and each parameter's index by name.
 *
 * @param name - the export name.
 * @param names - the parameters, in order.
 * @returns the builder and the indices.
 */
export function withNamedParams<const P extends readonly string[]>(name: string, names: P): { f: FunctionBuilder; p: Record<P[number], number> } {
  const f = new FunctionBuilder(name, Array<'i32'>(names.length).fill('i32'));
  const p = Object.fromEntries(names.map((n, i) => [n, i])) as Record<P[number], number>;
  return { f, p };
}

/** The arguments every pooled loop takes last: the chunk's index and its range of work units. */
export const CHUNK_PARAMS = ['chunk', 'lo', 'hi'] as const;
