/**
 * What `inspect arch` and `retrain --genotype` share: the `--genotype` and layout flags, and reading
 * an architecture (a published genotype or a file) onto the layout they describe.
 *
 * @module
 */
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { readTextFile } from '../node/readFiles.js';
import type { Architecture } from '../space/architecture.js';
import { GENOTYPE_FIELDS } from '../space/genotype.js';
import type { CellBatchNorm, LayoutOptions, MacroLayout } from '../space/layout.js';
import { cifarLayout, imagenetLayout } from '../space/layout.js';
import { parseArchitectureText } from '../space/parseArchitectureText.js';
import type { SkipConnectKind } from '../space/operators.js';
import { publishedArchitecture, publishedGenotypeShape } from '../space/publishedArchitecture.js';
import { PUBLISHED_GENOTYPES } from '../space/publishedGenotypes.js';
import { parseLiteral } from '../space/pythonLiteral.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliIo } from './command.js';

/** `--genotype <name|file>`. */
export function genotypeFlag(required: boolean): FlagSpec {
  return {
    name: 'genotype', type: 'string', value: '<name|file>', ...(required ? { required: true } : {}),
    description: `a published genotype (${Object.keys(PUBLISHED_GENOTYPES).join(', ')}) or a file: Architecture JSON, DARTS genotype text/JSON, or per-cell triples`,
  };
}

/** The macro-layout flags: `--layout`, `--channels`, `--cells`, `--classes`, `--input-size`, `--input-channels`. */
export const LAYOUT_FLAGS: readonly FlagSpec[] = [
  { name: 'layout', type: 'string', choices: ['cifar', 'imagenet'], description: 'macro layout', default: 'cifar' },
  { name: 'channels', type: 'int', min: 1, value: '<C>', description: 'initial channels (default: 36 for cifar, 48 for imagenet)' },
  { name: 'cells', type: 'int', min: 1, value: '<L>', description: 'number of cells (default: as many as the file or per-cell genotype lists, e.g. 14 for s1, else 20 for cifar, 14 for imagenet)' },
  { name: 'classes', type: 'int', min: 1, value: '<N>', description: 'classifier outputs (default: 10 for cifar, 1000 for imagenet)' },
  { name: 'input-size', type: 'int', min: 1, value: '<N>', description: 'input height and width (default: 32 for cifar, 224 for imagenet, 28 for MNIST data)' },
  { name: 'input-channels', type: 'int', min: 1, value: '<N>', description: 'input channels (default: 3, 1 for MNIST data)' },
];

/** `--cell-bn` and `--skip-connect`: how the cells are built where DARTS and [R] differ. */
export const CELL_FLAGS: readonly FlagSpec[] = [
  { name: 'cell-bn', type: 'string', choices: ['affine', 'none'], value: '<affine|none>', description: "the cells' batch norms: affine (DARTS, default) or none ([R]'s evaluation network)" },
  { name: 'skip-connect', type: 'string', choices: ['identity', 'batch-norm'], value: '<identity|batch-norm>', description: "what skip_connect computes at stride 1: identity (DARTS, default) or a non-affine batch norm of x ([R])" },
];

/** The cell options `--cell-bn` and `--skip-connect` give (left out when not given). */
export function cellOptionsFromFlags(flags: ParsedArgs['flags']): { readonly cellBatchNorm?: CellBatchNorm; readonly skipConnect?: SkipConnectKind } {
  return {
    ...(flags['cell-bn'] === undefined ? {} : { cellBatchNorm: flags['cell-bn'] as CellBatchNorm }),
    ...(flags['skip-connect'] === undefined ? {} : { skipConnect: flags['skip-connect'] as SkipConnectKind }),
  };
}

/** The DARTS evaluation networks: CIFAR C=36, 20 cells; ImageNet (mobile) C=48, 14 cells. */
const EVAL_DEFAULTS = { cifar: { channels: 36, cells: 20 }, imagenet: { channels: 48, cells: 14 } } as const;

/** Cells and nodes an architecture file states itself (an Architecture JSON or per-cell triples), if any. */
function shapeOfText(text: string): { cells?: number; nodes?: number } {
  const value = parseLiteral(text, { namedTuples: { Genotype: GENOTYPE_FIELDS } });
  if (E.isLeft(value)) return {};
  const v = value.right;
  if (Array.isArray(v)) {
    const tos = v.flatMap((cell: unknown) => (Array.isArray(cell) ? cell.map((t: unknown) => (Array.isArray(t) ? Number(t[2]) : NaN)) : []));
    const top = Math.max(...tos.filter(Number.isInteger));
    return { cells: v.length, ...(Number.isFinite(top) && top >= 2 ? { nodes: top - 1 } : {}) };
  }
  if (typeof v === 'object' && v !== null) {
    const outer = v as Record<string, unknown>;
    // A search's candidate file holds the architecture under `architecture`.
    const o = (!Array.isArray(outer.cells) && typeof outer.architecture === 'object' && outer.architecture !== null
      ? outer.architecture : outer) as Record<string, unknown>;
    if (Array.isArray(o.cells)) return { cells: o.cells.length, ...(typeof o.nodes === 'number' ? { nodes: o.nodes } : {}) };
    if (Array.isArray(o.normal) && o.normal.length % 2 === 0 && o.normal.length > 0) return { nodes: o.normal.length / 2 };
  }
  return {};
}

interface Source {
  /** What the user named: a published genotype's name or the file's path as given. */
  readonly name: string;
  readonly text?: string;
  readonly file?: string;
}

async function readSource(genotype: string, io: CliIo): Promise<Either<GoldNasError, Source>> {
  if (Object.hasOwn(PUBLISHED_GENOTYPES, genotype)) return E.right({ name: genotype });
  const file = resolve(io.cwd, genotype);
  const text = await readTextFile(file, genotype);
  if (E.isRight(text) && text.right !== null) return E.right({ name: genotype, file, text: text.right });
  const reason = E.isLeft(text) ? text.left.message : 'no such file';
  const names = Object.keys(PUBLISHED_GENOTYPES).join(', ');
  return E.left(goldNasError('IoError', genotype, `${reason}; --genotype takes a published genotype (${names}) or a JSON, DARTS-genotype or triples file`));
}

function layoutFrom(flags: ParsedArgs['flags'], stated: { cells?: number; nodes?: number }, defaults: Partial<LayoutOptions>): MacroLayout {
  const kind = flags.layout as 'cifar' | 'imagenet';
  const options: LayoutOptions = {
    ...defaults,
    channels: (flags.channels as number | undefined) ?? EVAL_DEFAULTS[kind].channels,
    cells: (flags.cells as number | undefined) ?? stated.cells ?? EVAL_DEFAULTS[kind].cells,
    ...(stated.nodes === undefined ? {} : { nodes: stated.nodes }),
    ...(flags.classes === undefined ? {} : { classes: flags.classes as number }),
    ...(flags['input-size'] === undefined ? {} : { inputSize: flags['input-size'] as number }),
    ...(flags['input-channels'] === undefined ? {} : { inputChannels: flags['input-channels'] as number }),
  };
  return kind === 'imagenet' ? imagenetLayout(options) : cifarLayout(options);
}

function architectureOf(source: Source, layout: MacroLayout): Either<GoldNasError, Architecture> {
  if (source.text === undefined) {
    const arch = publishedArchitecture(PUBLISHED_GENOTYPES[source.name]!, layout);
    return E.isLeft(arch) ? E.left(goldNasError(arch.left._tag, `--genotype ${source.name}`, arch.left.message)) : arch;
  }
  const arch = parseArchitectureText(source.text, layout);
  if (E.isRight(arch)) return arch;
  const { path, message } = arch.left;
  if (/^\d+:\d+$/.test(path)) return E.left(goldNasError(arch.left._tag, `${source.name}:${path}`, message));
  return E.left(goldNasError(arch.left._tag, source.name, path === '' ? message : `${path}: ${message}`));
}

/** An architecture read from `--genotype`, on the layout the flags describe. */
export interface LoadedArchitecture {
  /** What the user named: a published genotype's name or the file's path as given. */
  readonly name: string;
  readonly architecture: Architecture;
  readonly layout: MacroLayout;
}

/**
 * Reads `--genotype` (a published genotype or a file) and places it on the layout of the layout
 * flags; cells and nodes default to what the file states.
 *
 * @param flags - parsed flags with `--genotype` and {@link LAYOUT_FLAGS}.
 * @param io - the command's working directory.
 * @param defaults - layout fields the flags fall back to (for example MNIST's input size).
 * @returns the architecture and its layout, or an error at `--genotype` or in the file.
 */
export async function loadArchitecture(flags: ParsedArgs['flags'], io: CliIo, defaults: Partial<LayoutOptions> = {}): Promise<Either<GoldNasError, LoadedArchitecture>> {
  const source = await readSource(flags.genotype as string, io);
  if (E.isLeft(source)) return source;
  const text = source.right.text;
  const layout = layoutFrom(flags, text === undefined ? publishedGenotypeShape(PUBLISHED_GENOTYPES[source.right.name]!) : shapeOfText(text), defaults);
  const architecture = architectureOf(source.right, layout);
  if (E.isLeft(architecture)) return architecture;
  return E.right({ name: source.right.name, architecture: architecture.right, layout });
}
