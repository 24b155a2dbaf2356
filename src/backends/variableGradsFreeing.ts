/**
 * Gradients of a scalar w.r.t. variables, like `tf.variableGrads`, but the backward pass frees what
 * it no longer needs as it goes. tfjs's own backward pass keeps every node's saved tensors, every
 * intermediate gradient and every partial sum of a gradient until the whole pass ends, so its peak
 * memory is the forward pass's saved activations plus a gradient for each of them. Here a node's
 * saved tensors and its outputs' gradients are freed as soon as the node is done, and each partial
 * gradient as soon as it is added in: the peak is about the forward pass's.
 *
 * It drives tfjs's engine the way `ENGINE.gradients` does (the same tape, the same gradient
 * functions), through engine internals of tfjs 4.x; under an enclosing gradient computation (a
 * higher-order gradient) it simply calls `tf.variableGrads`.
 *
 * @module
 */
import type { NamedTensorMap, Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { NamedVariable } from '../namedVariable.js';

/** One node of tfjs's gradient tape. */
interface TapeNode {
  readonly id: number;
  readonly kernelName: string;
  readonly outputs: Tensor[];
  inputs: Record<string, Tensor>;
  readonly saved?: Tensor[];
  readonly gradient?: (dys: (Tensor | null)[]) => Record<string, () => Tensor>;
}

/** The parts of tfjs's `Engine` this uses. */
interface EngineInternals {
  readonly state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
  /** How the engine copies a tensor it saves for the backward pass: an `Identity` kernel and a tape node. */
  clone(x: Tensor): Tensor;
  makeTensorFromTensorInfo(info: { dataId: object; shape: number[]; dtype: string }): Tensor;
  readonly backendName: string;
  readonly backend: { incRef?(dataId: object): void };
}

/** Backends whose own `Identity` shares its input's data (one more reference), as a cheap clone does. */
const SHARING_IDENTITY = new Set(['cpu', 'wasm', 'webgl']);

/**
 * Runs `f` with the engine saving tensors for the backward pass as new references to the same data,
 * without the `Identity` kernel call and the tape node (which only a higher-order gradient would
 * follow) that each of the thousands of saves a super-network step makes would otherwise cost. Only
 * on a backend whose `Identity` shares data anyway (gold-nas's wasm kernels make wasm's do).
 */
function withCheapClones<T>(engine: EngineInternals, f: () => T): T {
  const backend = engine.backend;
  if (!SHARING_IDENTITY.has(engine.backendName) || typeof backend.incRef !== 'function' || Object.prototype.hasOwnProperty.call(engine, 'clone')) return f();
  const incRef = backend.incRef.bind(backend);
  (engine as { clone: (x: Tensor) => Tensor }).clone = (x: Tensor): Tensor => {
    incRef(x.dataId);
    return engine.makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype });
  };
  try {
    return f();
  } finally {
    delete (engine as { clone?: unknown }).clone;
  }
}

function engineOf(tf: TF): EngineInternals | undefined {
  const e = tf.engine() as unknown as Partial<EngineInternals>;
  return typeof e.startTape === 'function' && typeof e.endTape === 'function' && typeof e.clone === 'function'
    && typeof e.makeTensorFromTensorInfo === 'function' && e.state !== undefined && 'gradientDepth' in e.state
    ? (e as EngineInternals) : undefined;
}

/** The most parts of one tensor's gradient that wait to be summed together (see the backward pass). */
const MAX_PARTS = 8;

/** A node on a path from the variables to the loss, with the inputs that are derived from a variable. */
interface PathNode {
  readonly node: TapeNode;
  readonly inputs: readonly (readonly [string, Tensor])[];
}

/**
 * The nodes on a path from `xs` to `y`, with inputs not derived from `xs` pruned (tfjs's
 * `getFilteredNodesXToY`), in tape order. Plain loops: a super-network's tape has thousands of
 * nodes a step, and this runs on every one.
 */
function filteredNodes(tape: readonly TapeNode[], xs: readonly Tensor[], y: Tensor): PathNode[] {
  const fromX = new Set<number>();
  for (const x of xs) fromX.add(x.id);
  const isFromX: boolean[] = new Array<boolean>(tape.length).fill(false);
  for (let i = 0; i < tape.length; i++) {
    const node = tape[i]!;
    let reached = false;
    for (const name in node.inputs) if (fromX.has(node.inputs[name]!.id)) { reached = true; break; }
    if (!reached) continue;
    isFromX[i] = true;
    for (const o of node.outputs) fromX.add(o.id);
  }
  const leadToY = new Set<number>([y.id]);
  const isToY: boolean[] = new Array<boolean>(tape.length).fill(false);
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    let reaches = false;
    for (const o of node.outputs) if (leadToY.has(o.id)) { reaches = true; break; }
    if (!reaches) continue;
    isToY[i] = true;
    for (const name in node.inputs) leadToY.add(node.inputs[name]!.id);
  }
  const out: PathNode[] = [];
  for (let i = 0; i < tape.length; i++) {
    if (!isFromX[i] || !isToY[i]) continue;
    const node = tape[i]!;
    const inputs: (readonly [string, Tensor])[] = [];
    for (const name in node.inputs) {
      const t = node.inputs[name]!;
      if (fromX.has(t.id)) inputs.push([name, t]);
    }
    out.push({ node, inputs });
  }
  return out;
}

/**
 * Computes `f()` and its gradients w.r.t. `vars` in one backward pass that frees each node's saved
 * tensors and intermediate gradients as soon as they are used. Same contract as
 * `tf.variableGrads(f, vars)`: `f` returns a scalar; gradients are keyed by variable name (variables
 * that do not reach the result get none); the caller disposes the value and the gradients.
 *
 * @param tf - the injected tfjs namespace.
 * @param f - the loss.
 * @param vars - the trainable variables.
 * @returns the loss value and the gradients.
 * @throws Error, as `tf.variableGrads` does, when `f` does not return a scalar, a kernel on the path
 *   from the variables to the loss has no gradient, or no variable reaches the loss (and whatever `f`
 *   throws). These are mistakes in `f`, not conditions to handle: nothing is left allocated.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { variableGradsFreeing } from 'gold-nas';
 * const w = tf.variable(tf.ones([3]));
 * const { value, grads } = variableGradsFreeing(tf, () => tf.sum(tf.square(w)), [w]);
 * tf.dispose([value, grads]);
 * ```
 * @since 0.1.0
 */
export function variableGradsFreeing(tf: TF, f: () => Scalar, vars: readonly Variable[]): { value: Scalar; grads: NamedTensorMap } {
  const engine = engineOf(tf);
  const trainable = vars.filter((v) => v.trainable);
  if (engine === undefined || engine.state.gradientDepth > 0 || trainable.length === 0) {
    return tf.variableGrads(f, [...vars]) as { value: Scalar; grads: NamedTensorMap };
  }
  engine.startTape();
  let y: Scalar;
  try {
    y = withCheapClones(engine, () => tf.tidy(f));
  } finally {
    engine.endTape();
  }
  const tape = engine.state.activeTape ?? [];
  let ok = false;
  try {
    if (y.rank !== 0) throw new Error(`variableGradsFreeing: f must return a scalar, got a rank-${y.rank} tensor`);
    const nodes = filteredNodes(tape, trainable, y);
    const grads = tf.tidy(() => {
      // tensor id -> the parts of its gradient; a part may belong to several ids (counted in `refs`).
      const parts = new Map<number, Tensor[]>();
      const refs = new Map<Tensor, number>();
      const ref = (g: Tensor): void => { refs.set(g, (refs.get(g) ?? 0) + 1); };
      const unref = (g: Tensor): void => {
        const n = refs.get(g)! - 1;
        if (n > 0) refs.set(g, n);
        else { refs.delete(g); g.dispose(); }
      };
      /**
       * The gradient of tensor `id` so far: its parts summed by one `addN` (pairwise `add`s would pass
       * over the running sum once per part), or undefined.
       */
      const gradOf = (id: number): Tensor | undefined => {
        const ps = parts.get(id);
        if (ps === undefined) return undefined;
        if (ps.length > 1) {
          const sum = tf.addN(ps);
          ref(sum);
          for (const t of ps.splice(0, ps.length, sum)) unref(t);
        }
        return ps[0];
      };
      const addPart = (id: number, g: Tensor): void => {
        ref(g);
        const ps = parts.get(id);
        if (ps === undefined) parts.set(id, [g]);
        else if (ps.push(g) >= MAX_PARTS) gradOf(id);
      };
      const release = (id: number): void => {
        for (const t of parts.get(id) ?? []) unref(t);
        parts.delete(id);
      };
      addPart(y.id, tf.onesLike(y));
      for (let i = nodes.length - 1; i >= 0; i--) {
        const { node, inputs } = nodes[i]!;
        const gradient = node.gradient;
        if (gradient === undefined) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
        const dys = node.outputs.map((o) => gradOf(o.id) ?? null);
        // One scope for the node's whole gradient (not one per input): what its gradient functions
        // make and do not return is freed when it closes.
        const dxs = tf.tidy(() => {
          const inputGradients = gradient(dys);
          return inputs.map(([name]) => {
            const thunk = inputGradients[name];
            if (thunk === undefined) throw new Error(`Cannot backprop through input ${name} of ${node.kernelName}.`);
            return thunk();
          });
        });
        for (let j = 0; j < inputs.length; j++) {
          const [name, x] = inputs[j]!;
          const dx = dxs[j]!;
          if (dx.dtype !== 'float32') throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of input ${name} has dtype ${dx.dtype}, not float32`);
          if (dx.shape.length !== x.shape.length || dx.shape.some((d, k) => d !== x.shape[k])) {
            throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of input ${name} has shape [${dx.shape.join(', ')}], the input [${x.shape.join(', ')}]`);
          }
          addPart(x.id, dx);
        }
        // This node's outputs are done with: their gradients and the node's saved tensors go.
        for (const o of node.outputs) release(o.id);
        for (const t of node.saved ?? []) if (!refs.has(t)) t.dispose();
      }
      const named: NamedTensorMap = {};
      for (const v of trainable) {
        const g = gradOf(v.id);
        if (g !== undefined) named[v.name] = g;
      }
      return named;
    });
    if (Object.keys(grads).length === 0) throw new Error('Cannot find a connection between any variable and the result of the loss function y=f(x).');
    ok = true;
    return { value: y, grads };
  } finally {
    if (!ok) y.dispose();
    for (const node of tape) for (const t of node.saved ?? []) t.dispose();
    engine.state.activeTape = null;
  }
}

/**
 * {@link variableGradsFreeing} over named variables: the gradients come back keyed by each
 * variable's stable name (`NamedVariable.name`) instead of its tfjs name, ready for `createSgd`.
 *
 * @param tf - the injected tfjs namespace.
 * @param f - the loss.
 * @param named - the trainable variables with their stable names.
 * @returns the loss value and the gradients by stable name.
 * @throws Error in the cases {@link variableGradsFreeing} lists.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { namedVariableGrads } from 'gold-nas';
 * const w = { name: 'w', variable: tf.variable(tf.ones([3])) };
 * const { value, grads } = namedVariableGrads(tf, () => tf.sum(tf.square(w.variable)), [w]);
 * console.log(Object.keys(grads)); // ['w']
 * tf.dispose([value, grads]);
 * ```
 * @since 0.1.0
 */
export function namedVariableGrads(tf: TF, f: () => Scalar, named: readonly NamedVariable[]): { value: Scalar; grads: NamedTensorMap } {
  const byId = new Map(named.map((v) => [v.variable.name, v.name]));
  const { value, grads } = variableGradsFreeing(tf, f, named.map((v) => v.variable));
  const out: NamedTensorMap = {};
  for (const [id, g] of Object.entries(grads)) out[byId.get(id) ?? id] = g;
  return { value, grads: out };
}
