/**
 * Node-only: a labelled dataset from a folder of PNG and JPEG images, one sub-folder per class.
 *
 * @module
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Dataset } from '../data/dataset.js';
import { rgbaToChannels } from '../data/rgbaToChannels.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { decodeImage } from './decodeImage.js';
import { readBytesFile } from './readFiles.js';

/**
 * Options of {@link loadImageFolder}.
 *
 * @example
 * ```ts
 * import type { LoadImageFolderOptions } from 'gold-nas/node';
 * const grey28: LoadImageFolderOptions = { height: 28, width: 28, channels: 1 };
 * ```
 * @since 0.2.0
 */
export interface LoadImageFolderOptions {
  /** The height every image must have; give it with `width`. Default: the first image's (in the sorted order). */
  readonly height?: number;
  /** The width every image must have; give it with `height`. Default: the first image's. */
  readonly width?: number;
  /** 3 (RGB, the default; grey images are repeated on the three channels) or 1 (grey; colour images become their luma). Alpha is dropped. */
  readonly channels?: 1 | 3;
  /** The dataset's name; default the folder's name. */
  readonly name?: string;
}

/**
 * A dataset read from a folder, with the class names and the file behind every example.
 *
 * @example
 * ```ts
 * import type { ImageFolder } from 'gold-nas/node';
 * const describe = (f: ImageFolder) => `${f.dataset.size} images of ${f.classNames.join(', ')}`;
 * ```
 * @since 0.2.0
 */
export interface ImageFolder {
  /** The images (NHWC float32 in [0, 1]), class after class, files in sorted order within a class. */
  readonly dataset: Dataset;
  /** The sub-folder names, sorted; label `i` is `classNames[i]`. */
  readonly classNames: readonly string[];
  /** The file of every example, relative to the folder (`<class>/<file>`), in example order. */
  readonly files: readonly string[];
  /** Files that were not read because their extension is not .png, .jpg or .jpeg (relative paths); hidden entries (`.name`) are skipped without being listed. */
  readonly ignored: readonly string[];
}

const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;

/** Code-unit order, the same on every machine and locale (unlike `localeCompare`). */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function isDirectory(path: string, entry: Dirent): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The visible entries of `dir`, sorted by name, or an `IoError` at `dir`. */
async function listDir(dir: string): Promise<Either<GoldNasError, Dirent[]>> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return E.right(entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => byName(a.name, b.name)));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return E.left(goldNasError('IoError', dir, code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'is not a folder' : `cannot be listed (${code ?? String(e)})`));
  }
}

/**
 * The image files under `dir` (recursively, sorted at every level) and the others, as paths.
 * `visited` holds the real paths of the folders already walked, so a symbolic link back up the
 * tree is walked once, not forever.
 */
async function listImages(dir: string, images: string[], ignored: string[], visited: Set<string>): Promise<Either<GoldNasError, void>> {
  try {
    const real = await realpath(dir);
    if (visited.has(real)) return E.right(undefined);
    visited.add(real);
  } catch {
    // listDir reports it.
  }
  const entries = await listDir(dir);
  if (E.isLeft(entries)) return entries;
  for (const entry of entries.right) {
    const path = join(dir, entry.name);
    if (await isDirectory(path, entry)) {
      const inner = await listImages(path, images, ignored, visited);
      if (E.isLeft(inner)) return inner;
    } else if (IMAGE_EXTENSION.test(entry.name)) images.push(path);
    else ignored.push(path);
  }
  return E.right(undefined);
}

function checkOptions(options: LoadImageFolderOptions): Either<GoldNasError, void> {
  const { height, width, channels } = options;
  if ((height === undefined) !== (width === undefined)) {
    return E.left(goldNasError('ConfigError', height === undefined ? 'height' : 'width', 'give both height and width, or neither (then the first image sets the size)'));
  }
  for (const [key, v] of [['height', height], ['width', width]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) return E.left(goldNasError('ConfigError', key, `must be a positive integer, got ${v}`));
  }
  if (channels !== undefined && channels !== 1 && channels !== 3) return E.left(goldNasError('ConfigError', 'channels', `must be 1 (grey) or 3 (RGB), got ${String(channels)}`));
  return E.right(undefined);
}

/**
 * Reads a labelled image dataset from a folder with one sub-folder per class (the layout of
 * torchvision's `ImageFolder`):
 *
 * ```text
 * dir/cat/0001.png   dir/cat/more/0002.jpg   dir/dog/a.jpeg   …
 * ```
 *
 * - Classes are the sub-folders, sorted by name in code-unit order (`B` before `a`, the same on
 *   every machine); label `i` is `classNames[i]`. Sub-folders of a class folder belong to it.
 * - PNG and JPEG files (`.png`, `.jpg`, `.jpeg`, any case; told apart by their content) are read
 *   in sorted order and decoded by pure-JS decoders, `pngjs` and `jpeg-js`. Other files are listed
 *   in `ignored`; hidden entries (`.DS_Store`, `.git`) are skipped.
 * - Every image must have the same size: the given `height` × `width`, or else the first image's.
 *   An image of another size is refused with its file named (nothing is resized: resize the images
 *   beforehand, e.g. with ImageMagick's `mogrify -resize 32x32! *.png`).
 * - Values are float32 in [0, 1]; `channels` 3 (default) or 1, see `rgbaToChannels`.
 *
 * Nothing is half-loaded: the first bad file (unreadable, neither PNG nor JPEG, corrupt or
 * truncated, of another size), an empty class folder or a folder without class folders is an
 * error naming it, and no dataset is returned. Files are decoded one at a time into one array.
 *
 * @param dir - the folder holding one sub-folder per class.
 * @param options - the expected size and channels, and a name.
 * @returns the dataset with its class names, files and ignored files; or a `DataError` naming the
 *   bad file or folder, an `IoError` for a folder that cannot be listed or a file that cannot be
 *   read, a `ConfigError` for bad options.
 *
 * @example
 * ```ts
 * import { loadImageFolder } from 'gold-nas/node';
 * import { formatError, splitDataset } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * const folder = await loadImageFolder('./data/flowers', { height: 32, width: 32 });
 * if (E.isLeft(folder)) console.error(formatError(folder.left));
 * else {
 *   console.log(folder.right.classNames, folder.right.dataset.size);
 *   const split = splitDataset(folder.right.dataset, { heldOut: 0.1, seed: 0 });
 * }
 * ```
 * @since 0.2.0
 */
export async function loadImageFolder(dir: string, options: LoadImageFolderOptions = {}): Promise<Either<GoldNasError, ImageFolder>> {
  const ok = checkOptions(options);
  if (E.isLeft(ok)) return ok;
  const channels = options.channels ?? 3;
  const root = resolve(dir);
  const top = await listDir(root);
  if (E.isLeft(top)) return top;
  const classNames: string[] = [];
  const images: string[] = [];
  const labels: number[] = [];
  const ignored: string[] = [];
  for (const entry of top.right) {
    const path = join(root, entry.name);
    if (!(await isDirectory(path, entry))) {
      ignored.push(path);
      continue;
    }
    const before = images.length;
    const listed = await listImages(path, images, ignored, new Set());
    if (E.isLeft(listed)) return listed;
    if (images.length === before) {
      return E.left(goldNasError('DataError', path, 'holds no PNG or JPEG image; every sub-folder is a class and needs at least one: add images or remove the folder'));
    }
    for (let i = before; i < images.length; i++) labels.push(classNames.length);
    classNames.push(entry.name);
  }
  if (classNames.length === 0) {
    return E.left(goldNasError('DataError', root, 'has no class sub-folders; put each class\'s images in a sub-folder named after the class (dir/<class>/<image>.png)'));
  }

  let size: { height: number; width: number; from: string } | undefined =
    options.height !== undefined && options.width !== undefined ? { height: options.height, width: options.width, from: 'the height and width options' } : undefined;
  let x: Float32Array | undefined;
  for (let i = 0; i < images.length; i++) {
    const file = images[i]!;
    const bytes = await readBytesFile(file);
    if (E.isLeft(bytes)) return bytes;
    if (bytes.right === null) return E.left(goldNasError('IoError', file, 'disappeared while the folder was read'));
    const image = decodeImage(bytes.right, file);
    if (E.isLeft(image)) return image;
    const { width, height, rgba } = image.right;
    if (rgba.length !== width * height * 4) return E.left(goldNasError('DataError', file, `decoded to ${rgba.length} bytes, not ${width}×${height} RGBA pixels; the file is damaged`));
    if (size === undefined) size = { height, width, from: `the first image, ${relative(root, file)}` };
    if (height !== size.height || width !== size.width) {
      return E.left(goldNasError('DataError', file,
        `is ${width}×${height} (width×height) but every image must be ${size.width}×${size.height} (${size.from}); resize the images to one size beforehand`));
    }
    const per = height * width * channels;
    if (x === undefined) {
      try {
        x = new Float32Array(images.length * per);
      } catch {
        return E.left(goldNasError('DataError', root, `${images.length} images of ${width}×${height}×${channels} do not fit in one float32 array; use fewer or smaller images`));
      }
    }
    rgbaToChannels(rgba, height * width, channels, x, i * per);
  }
  const shape = { height: size!.height, width: size!.width, channels, classes: classNames.length };
  return E.right({
    dataset: { name: options.name ?? basename(root), shape, size: images.length, x: x!, y: Int32Array.from(labels) },
    classNames,
    files: images.map((f) => relative(root, f)),
    ignored: ignored.map((f) => relative(root, f)),
  });
}
