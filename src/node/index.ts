/**
 * gold-nas/node: the Node-only parts of gold-nas (files, run directories, the CLI, backend loading).
 * The HTML report is `gold-nas/report`, which needs optional peer packages of its own.
 *
 * @packageDocumentation
 */
export { writeFileAtomic, writeJsonAtomic } from './atomicWrite.js';
export type { ProgressOptions, Progress } from './progress.js';
export { createProgress, formatDuration } from './progress.js';
export type { LoadMnistOptions } from './loadMnist.js';
export { loadMnist } from './loadMnist.js';
export type { LoadCifar10Options } from './loadCifar10.js';
export { loadCifar10 } from './loadCifar10.js';
// --- backends ---
export type { TfjsFlavour, LoadTfjsOptions } from './loadTfjs.js';
export { loadTfjs } from './loadTfjs.js';
export type { WasmBackendModule, ThreadedWasm } from './readyThreadedWasm.js';
export { readyThreadedWasm } from './readyThreadedWasm.js';
// --- cli ---
export type { FlagType, FlagValue, FlagSpec, PositionalSpec, ParsedArgs } from '../cli/args.js';
export { parseArgs, formatHelp } from '../cli/args.js';
export type { CliIo, CommandOutput, CommandContext, LeafCommand, GroupCommand, CliCommand } from '../cli/command.js';
export { COMMANDS } from '../cli/commands.js';
export { runCli, cliMain } from '../cli/main.js';
export { loadSearchData } from './searchData.js';
export type { SearchRunOptions, SearchRunResult } from './searchRun.js';
export { RUN_FILES, formatFrontTable, searchInDirectory } from './searchRun.js';
export { loadRegistryModule } from './loadRegistryModule.js';
// --- retrain ---
export type { RetrainDataSource } from './retrainData.js';
export { loadRetrainData } from './retrainData.js';
export type { RetrainArchitectureSource, RetrainCandidatePlan, RetrainPlan, RetrainRunOptions, RetrainCandidateOutcome, RetrainRunResult } from './retrainRun.js';
export { RETRAIN_FILES, planRetrain, retrainInDirectory } from './retrainRun.js';
export type { BenchNetwork, BenchNetworkName, SpaceCosts } from './bench/networks.js';
export { BENCH_NETWORKS, BENCH_NETWORK_NAMES, BENCH_LAMBDA, BENCH_LEARNING_RATE, prunedMask, slotMflops } from './bench/networks.js';
export type { KernelTime, KernelTotals } from './bench/kernelCpuProfiler.js';
export { kernelCpuProfiler } from './bench/kernelCpuProfiler.js';
export type { StepBenchOptions, StepBenchResult } from './bench/benchmarkStep.js';
export { benchmarkStep } from './bench/benchmarkStep.js';
// --- data: Fashion-MNIST, image folders ---
export type { LoadFashionMnistOptions } from './loadFashionMnist.js';
export { loadFashionMnist } from './loadFashionMnist.js';
export type { LoadImageFolderOptions, ImageFolder } from './loadImageFolder.js';
export { loadImageFolder } from './loadImageFolder.js';
// --- export ---
export type { WrittenModel } from './writeModelFiles.js';
export { writeModelFiles } from './writeModelFiles.js';
export type { RunCandidateWeights } from './runCandidateWeights.js';
export { networkWeightsFile, readRunCandidateWeights } from './runCandidateWeights.js';
