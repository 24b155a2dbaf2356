/**
 * gold-nas/node: the Node-only parts of gold-nas (files, run directories, the CLI, backend loading).
 * The HTML report is `gold-nas/report`, which needs packages of its own (`vega`, `vega-lite`, `@viz-js/viz`).
 *
 * @packageDocumentation
 */
export type { LoadMnistOptions } from './loadMnist.js';
export { loadMnist } from './loadMnist.js';
export type { LoadCifar10Options } from './loadCifar10.js';
export { loadCifar10 } from './loadCifar10.js';
// --- backends ---
export type { TfjsFlavour, LoadTfjsOptions } from './loadTfjs.js';
export { loadTfjs } from './loadTfjs.js';
export type { WasmBackendModule, ThreadedWasm } from './readyThreadedWasm.js';
export { readyThreadedWasm } from './readyThreadedWasm.js';
// --- search and re-training in a run directory ---
export { loadSearchData } from './searchData.js';
export type { SearchRunOptions, SearchRunResult } from './searchRun.js';
export { RUN_FILES, formatFrontTable, searchInDirectory } from './searchRun.js';
export type { RetrainDataSource } from './retrainData.js';
export { loadRetrainData } from './retrainData.js';
export type { RetrainArchitectureSource, RetrainCandidatePlan, RetrainPlan, RetrainRunOptions, RetrainCandidateOutcome, RetrainRunResult } from './retrainRun.js';
export { RETRAIN_FILES, planRetrain, retrainInDirectory } from './retrainRun.js';
// --- data: Fashion-MNIST, image folders ---
export type { LoadFashionMnistOptions } from './loadFashionMnist.js';
export { loadFashionMnist } from './loadFashionMnist.js';
export type { LoadImageFolderOptions, ImageFolder } from './loadImageFolder.js';
export { loadImageFolder } from './loadImageFolder.js';
// --- export ---
export type { WrittenModel } from './writeModelFiles.js';
export { writeModelFiles } from './writeModelFiles.js';
export type { RunCandidateWeights } from './runCandidateWeights.js';
export { readRunCandidateWeights } from './runCandidateWeights.js';
