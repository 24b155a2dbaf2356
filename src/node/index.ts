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
export { enableRelaxedSimd } from './relaxedSimd.js';
// --- search and re-training in a run directory ---
export { loadSearchData } from './searchData.js';
export type { SearchRunOptions, SearchRunResult } from './searchRun.js';
export { RUN_FILES, formatFrontTable, searchInDirectory } from './searchRun.js';
export type { RetrainDataSource } from './retrainData.js';
export { loadRetrainData } from './retrainData.js';
export type { RetrainArchitectureSource, RetrainCandidatePlan, RetrainPlan, RetrainRunOptions, RetrainCandidateOutcome, RetrainRunResult } from './retrainRun.js';
export { RETRAIN_FILES, planRetrain, retrainInDirectory } from './retrainRun.js';
export type { LockHolder, RunLock } from './runLock.js';
export { RUN_LOCK_FILE, lockFile } from './runLock.js';
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
// --- jobs: one abstraction, run here or on queue workers ---
export type { AnyJobKind, JobContext, JobHints, JobKind, JobOutcome, JobProgress, JobSpecBase, JsonValue } from './jobs/jobKind.js';
export { retryableJobError } from './jobs/jobKind.js';
export type { RetrainJobSpec } from './jobs/retrainJob.js';
export { RETRAIN_JOB } from './jobs/retrainJob.js';
export type { SearchJobOptions, SearchJobSpec } from './jobs/searchJob.js';
export { searchJobKind } from './jobs/searchJob.js';
export { jobKinds } from './jobs/jobKinds.js';
export type { InProcessJob, InProcessOptions, InProcessRun } from './jobs/runJobsInProcess.js';
export { runJobsInProcess } from './jobs/runJobsInProcess.js';
export type { SweepConfig, SweepRun, SweepValue } from './jobs/sweepConfig.js';
export { SWEEP_DEFAULTS, decodeSweepConfig, sweepRuns } from './jobs/sweepConfig.js';
export type { ParseQueueOptions, QueueAddress, QueueTls } from './queue/queueAddress.js';
export { parseQueueAddress, redactSecrets } from './queue/queueAddress.js';
export type { ConnectionMode } from './queue/redisConnection.js';
export type { Enqueued, JobProgressReport, JobQueue, JobQueueOptions, JobToQueue, QueuedJob, QueuedJobState } from './queue/jobQueue.js';
export { DEFAULT_QUEUE_NAME, openJobQueue } from './queue/jobQueue.js';
export type { FollowOptions, FollowResult } from './queue/followJobs.js';
export { followJobs } from './queue/followJobs.js';
export type { QueueWorkerOptions, QueueWorkerResult } from './queue/runQueueWorker.js';
export { runQueueWorker } from './queue/runQueueWorker.js';
// --- study: every method over seeds, re-trained with one recipe ---
export type { StudyChoice, StudyProgress, StudyRunOptions, StudyRunResult } from './study/runStudy.js';
export { STUDY_FILES, runStudy } from './study/runStudy.js';
