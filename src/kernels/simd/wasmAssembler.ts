/**
 * A very small WebAssembly assembler: enough to write a few SIMD loops by hand and instantiate them
 * on tfjs-wasm's own memory, so that they read and write tensors where they live. It knows the
 * i32, f32 and 128-bit SIMD instructions those loops use, structured `block`/`loop`/`if`, and the
 * module sections of a module that imports one memory and exports functions.
 *
 * Internal to gold-nas's wasm kernels.
 *
 * @module
 * @internal
 */

/** A value type of a local or a parameter. */
export type ValType = 'i32' | 'f32' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function utf8(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

const simd = (op: number): number[] => [0xfd, ...uleb(op)];

/** Whether builders made now emit relaxed-SIMD fused multiply-adds (see `withFusedMultiplyAdd`). */
let fusedMultiplyAdd = false;

/**
 * Runs `build` with every `FunctionBuilder` it makes emitting `mulAdd` as one relaxed-SIMD
 * `f32x4.relaxed_madd` (`fma`) or as `f32x4.mul` then `f32x4.add` (not `fma`).
 *
 * @param fma - whether to fuse.
 * @param build - makes the builders (synchronously).
 * @returns what `build` returns.
 */
export function withFusedMultiplyAdd<T>(fma: boolean, build: () => T): T {
  const before = fusedMultiplyAdd;
  fusedMultiplyAdd = fma;
  try {
    return build();
  } finally {
    fusedMultiplyAdd = before;
  }
}

/** A module whose one function computes `f32x4.relaxed_madd`: valid where relaxed SIMD is. */
const RELAXED_SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0,
  10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 0xfd, 0x85, 0x02, 11]);

/**
 * Whether this engine compiles relaxed SIMD (Chrome 114+, Node 22+, or Node 20 after
 * `--experimental-wasm-relaxed-simd`). Asked each time: a flag set at run time counts.
 *
 * @returns true when `f32x4.relaxed_madd` validates.
 */
export function hasRelaxedSimd(): boolean {
  return typeof WebAssembly !== 'undefined' && WebAssembly.validate(RELAXED_SIMD_PROBE);
}

/**
 * Builds one function body, instruction by instruction (each method appends and returns the
 * builder). Locals are numbered after the parameters.
 */
export class FunctionBuilder {
  readonly code: number[] = [];
  readonly locals: ValType[] = [];
  /** Whether `mulAdd` fuses (fixed when the builder is made, by `withFusedMultiplyAdd`). */
  readonly fma = fusedMultiplyAdd;

  constructor(
    readonly name: string,
    readonly params: readonly ValType[],
  ) {}

  /** A new local of type `t`; returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  get(i: number): this { return this.op(0x20, ...uleb(i)); }
  set(i: number): this { return this.op(0x21, ...uleb(i)); }
  tee(i: number): this { return this.op(0x22, ...uleb(i)); }
  i32(v: number): this { return this.op(0x41, ...sleb(v)); }
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  shl(): this { return this.op(0x74); }
  shrU(): this { return this.op(0x76); }
  and(): this { return this.op(0x71); }
  or(): this { return this.op(0x72); }
  divU(): this { return this.op(0x6e); }
  remU(): this { return this.op(0x70); }
  eqz(): this { return this.op(0x45); }
  eq(): this { return this.op(0x46); }
  ltS(): this { return this.op(0x48); }
  ltU(): this { return this.op(0x49); }
  gtS(): this { return this.op(0x4a); }
  geS(): this { return this.op(0x4e); }
  geU(): this { return this.op(0x4f); }
  select(): this { return this.op(0x1b); }
  i32Load(offset = 0): this { return this.op(0x28, 2, ...uleb(offset)); }
  f32Load(offset = 0): this { return this.op(0x2a, 2, ...uleb(offset)); }
  f32Store(offset = 0): this { return this.op(0x38, 2, ...uleb(offset)); }
  f32Add(): this { return this.op(0x92); }
  f32Mul(): this { return this.op(0x94); }
  v128Load(offset = 0): this { return this.op(...simd(0x00), 4, ...uleb(offset)); }
  /** `v128.load32_splat`: one float loaded into all four lanes. */
  v128Load32Splat(offset = 0): this { return this.op(...simd(0x09), 2, ...uleb(offset)); }
  v128Store(offset = 0): this { return this.op(...simd(0x0b), 4, ...uleb(offset)); }
  v128Zero(): this { return this.op(...simd(0x0c), ...new Array<number>(16).fill(0)); }
  f32x4Splat(): this { return this.op(...simd(0x13)); }
  f32x4Add(): this { return this.op(...simd(0xe4)); }
  f32x4Sub(): this { return this.op(...simd(0xe5)); }
  f32x4Mul(): this { return this.op(...simd(0xe6)); }
  /** `a·b + c` of the stack's `a b c`, rounded once or twice (relaxed SIMD; x86's `vfmadd` with FMA3). */
  f32x4RelaxedMadd(): this { return this.op(...simd(0x105)); }

  /**
   * Pushes `acc + x·y` (three v128: locals, or code that pushes one), fused when the builder is.
   *
   * @param acc - the addend.
   * @param x - a factor.
   * @param y - the other factor.
   */
  mulAdd(acc: number | (() => void), x: number | (() => void), y: number | (() => void)): this {
    const push = (v: number | (() => void)): void => { if (typeof v === 'number') this.get(v); else v(); };
    if (this.fma) {
      push(x); push(y); push(acc);
      return this.f32x4RelaxedMadd();
    }
    push(acc); push(x); push(y);
    return this.f32x4Mul().f32x4Add();
  }
  f32x4Max(): this { return this.op(...simd(0xe9)); }
  /**
   * `f32x4.pmax`, `a < b ? b : a` per lane: one `maxps` on x86, where `f32x4.max` (which propagates
   * NaN and orders −0 below +0) is a sequence of several instructions. With `b` zero it is the ReLU
   * `x < 0 ? 0 : x`, as tfjs computes it.
   */
  f32x4Pmax(): this { return this.op(...simd(0xeb)); }
  f32x4Gt(): this { return this.op(...simd(0x44)); }
  /** Lane `lane` of an f32x4. */
  f32x4ExtractLane(lane: number): this { return this.op(...simd(0x1f), lane); }
  v128And(): this { return this.op(...simd(0x4e)); }
  /** `local[i] += delta` for an i32 local. */
  inc(i: number, delta: number | (() => void)): this {
    this.get(i);
    if (typeof delta === 'number') this.i32(delta);
    else delta();
    return this.add().set(i);
  }

  /** `block ... end`; inside, `brIf(0)` leaves it. */
  block(body: () => void): this {
    this.op(0x02, 0x40);
    body();
    return this.op(0x0b);
  }

  /** `if ... end` on the i32 on the stack. */
  ifThen(body: () => void): this {
    this.op(0x04, 0x40);
    body();
    return this.op(0x0b);
  }

  /** `if ... else ... end` on the i32 on the stack. */
  ifElse(then: () => void, otherwise: () => void): this {
    this.op(0x04, 0x40);
    then();
    this.op(0x05);
    otherwise();
    return this.op(0x0b);
  }

  brIf(depth: number): this { return this.op(0x0d, ...uleb(depth)); }

  /** Returns from the function when the i32 on the stack is not 0. */
  brIfReturn(): this { return this.ifThen(() => { this.op(0x0f); }); }

  /**
   * `for (i = start; i < end; i += step) body` (`end` is a local). The compare is unsigned, so that
   * a loop over addresses works above 2 GiB; `start` and `end` must not be negative. The body may
   * not branch out of the loop.
   */
  forRange(i: number, start: () => void, end: number, step: number | (() => void), body: () => void): this {
    start();
    this.set(i);
    return this.block(() => {
      this.get(i).get(end).geU().brIf(0);
      this.op(0x03, 0x40);
      body();
      this.inc(i, step);
      this.get(i).get(end).ltU().brIf(0);
      this.op(0x0b);
    });
  }

  /** `do { body } while (--count != 0)` for a count ≥ 1 held in local `count` (it ends at 0). */
  repeat(count: number, body: () => void): this {
    this.op(0x03, 0x40);
    body();
    this.get(count).i32(1).sub().tee(count).brIf(0);
    return this.op(0x0b);
  }
}

/**
 * Assembles a module that imports `env.memory` (shared when the memory is, as in tfjs-wasm's
 * threaded build) and exports every function under its name. All functions return nothing.
 *
 * @param funcs - the function bodies.
 * @param shared - whether the imported memory is a shared one.
 * @returns the module's bytes.
 */
export function assembleModule(funcs: readonly FunctionBuilder[], shared: boolean): Uint8Array<ArrayBuffer> {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((p) => [VALTYPE[p]])), 0]);
  // Shared memories must declare a maximum; tfjs-wasm's is 4 GiB (65536 pages).
  const limits = shared ? [0x03, ...uleb(0), ...uleb(65536)] : [0x00, ...uleb(0)];
  const imports = vec([[...utf8('env'), ...utf8('memory'), 0x02, ...limits]]);
  const functions = vec(funcs.map((_, i) => uleb(i)));
  const exports = vec(funcs.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]));
  const bodies = funcs.map((f) => {
    const groups: number[][] = [];
    for (const t of f.locals) groups.push([...uleb(1), VALTYPE[t]]);
    const body = [...vec(groups), ...f.code, 0x0b];
    return [...uleb(body.length), ...body];
  });
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, vec(bodies)),
  ];
  return new Uint8Array(bytes);
}
