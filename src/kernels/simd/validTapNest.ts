/**
 * The loop nest the filter-tap kernels share (`convFilterGrad`, `dwFilterGradTaps`,
 * `dwInputGradScatter`): every valid filter tap of every output row of a range of images.
 */
import type { FunctionBuilder } from './wasmAssembler.js';

/** Parameter indices of the arrays and sizes that {@link forEachValidTap} walks. */
export interface TapNestParams {
  readonly x: number; readonly dy: number; readonly table: number;
  /** The first image (a parameter index; absent: image 0) and the end of the range of images. */
  readonly lo?: number; readonly n: number;
  readonly h: number; readonly ho: number;
  readonly fh: number; readonly fw: number; readonly sh: number; readonly dh: number; readonly padTop: number;
  readonly rowX: number; readonly rowDy: number;
}

/** The locals {@link forEachValidTap} gives its body: the tap (`i`, `j`), its valid-column count and the first input and output-gradient pixels. */
export interface ValidTap { readonly i: number; readonly j: number; readonly cnt: number; readonly xs: number; readonly ds: number }

/**
 * The loop nest of every filter-tap kernel: for every batch image, output row and filter tap whose
 * input row lies inside the image and whose column table entry (`table` + 12·j: count, input byte
 * offset, output byte offset) has valid columns, `body` runs with the tap's first input pixel `xs`
 * and output-gradient pixel `ds`.
 */
export function forEachValidTap(f: FunctionBuilder, p: TapNestParams, body: (tap: ValidTap) => void): void {
  const b = f.local('i32'); const oy = f.local('i32'); const i = f.local('i32'); const j = f.local('i32');
  const iy = f.local('i32'); const xRow = f.local('i32'); const dyRow = f.local('i32'); const t = f.local('i32');
  const cnt = f.local('i32'); const xs = f.local('i32'); const ds = f.local('i32');
  f.forRange(b, () => (p.lo === undefined ? f.i32(0) : f.get(p.lo)), p.n, 1, () => {
    f.forRange(oy, () => f.i32(0), p.ho, 1, () => {
      // dyRow = dy + (b·ho + oy)·rowDy
      f.get(b).get(p.ho).mul().get(oy).add().get(p.rowDy).mul().get(p.dy).add().set(dyRow);
      f.forRange(i, () => f.i32(0), p.fh, 1, () => {
        // iy = oy·sh + i·dh − padTop; rows outside the image contribute nothing.
        f.get(oy).get(p.sh).mul().get(i).get(p.dh).mul().add().get(p.padTop).sub().tee(iy).get(p.h).ltU().ifThen(() => {
          f.get(b).get(p.h).mul().get(iy).add().get(p.rowX).mul().get(p.x).add().set(xRow);
          f.forRange(j, () => f.i32(0), p.fw, 1, () => {
            f.get(j).i32(12).mul().get(p.table).add().set(t);
            f.get(t).i32Load(0).tee(cnt).ifThen(() => {
              f.get(xRow).get(t).i32Load(4).add().set(xs);
              f.get(dyRow).get(t).i32Load(8).add().set(ds);
              body({ i, j, cnt, xs, ds });
            });
          });
        });
      });
    });
  });
}
