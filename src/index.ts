/**
 * gold-nas: GOLD-NAS and the DARTS family for TensorFlow.js, with an injected backend.
 * This entry point is browser-safe: nothing here touches the file system or loads a backend.
 * Node-only parts (files, the CLI, tfjs-node) live in `gold-nas/node`.
 *
 * @packageDocumentation
 */

// --- errors ---
export type { GoldNasError, GoldNasErrorTag } from './errors.js';
export { goldNasError, formatError, GoldNasException } from './errors.js';

// --- random ---
export type { Rng, RngState } from './random.js';
export { createRng } from './random.js';

// --- space ---
export type {
  Layer, ReluLayer, ConvLayer, BatchNormLayer, PoolLayer, FactorizedReduceLayer, IdentityLayer, ZeroLayer,
  GlobalPoolLayer, LinearLayer, FeatureShape,
} from './space/layers.js';
export { windowOutputSize, layerOutputShape, chainOutputShape } from './space/layers.js';
export type { OperatorContext, OperatorDef, OperatorTable, SkipConnectKind } from './space/operators.js';
export { OPERATORS, DARTS_PRIMITIVES, GOLD_PRIMITIVES, SKIP_CONNECT_BATCH_NORM, withSkipConnect } from './space/operators.js';
export type { MacroLayout, LayoutOptions, CellEdge, CellPlan, NetworkPlan, CellBatchNorm } from './space/layout.js';
export { cifarLayout, imagenetLayout, reductionCells, cellEdges, networkPlan, networkPlanChecked } from './space/layout.js';
export type { ArchEdge, CellArchitecture, Architecture } from './space/architecture.js';
export type { ConstraintMode, SearchSpace, OperatorSlot } from './space/searchSpace.js';
export { operatorSlots, alphaCount, openSpace } from './space/searchSpace.js';
export type { LiveMask, GateSnapshot } from './space/liveSet.js';
export { fullLiveMask, nodeKey, nodeNormalisedWeights, liveInputsPerNode } from './space/liveSet.js';
export { decodeWith } from './decode.js';
export type { IntegerConstraints, NumberConstraints, ClosedTypeOf, ClosedOutputOf } from './codecs.js';
export { integerCodec, numberCodec, closedType, strictTuple } from './codecs.js';
export type { CountOptions, ArchitectureCount } from './space/countArchitectures.js';
export { countArchitectures } from './space/countArchitectures.js';
export { canonicalArchitecture } from './space/canonicalArchitecture.js';
export { architectureHash } from './space/architectureHash.js';
export { ArchitectureHashCodec, isArchitectureHash } from './space/architectureHashCodec.js';
export { ArchitectureCodec } from './space/architectureCodec.js';
export { checkArchitecture, decodeArchitecture } from './space/decodeArchitecture.js';
export type { Genotype, GenotypeEdge } from './space/genotype.js';
export { GenotypeCodec, parseGenotype, formatGenotype } from './space/genotype.js';
export { genotypeToArchitecture, architectureToGenotype } from './space/genotypeArchitecture.js';
export { transferArchitecture } from './space/transferArchitecture.js';
export type { PublishedGenotype } from './space/publishedGenotypes.js';
export { DARTS_V1, DARTS_V2, GOLD_NAS_S1, PUBLISHED_GENOTYPES } from './space/publishedGenotypes.js';
export { publishedArchitecture } from './space/publishedArchitecture.js';
export type { ArchTriple, ArchitectureTriples } from './space/triples.js';
export { TriplesCodec, parseTriples, formatTriples, architectureToTriples, triplesToArchitecture } from './space/triples.js';
export { parseArchitectureText } from './space/parseArchitectureText.js';
export { LayoutCodec, decodeLayout } from './space/layoutCodec.js';
export type { SpaceConfig } from './space/spaceConfig.js';
export { SpaceConfigCodec, spaceConfigCodec } from './space/spaceConfig.js';
export type { SearchSpaceOptions } from './space/buildSearchSpace.js';
export { searchSpace } from './space/buildSearchSpace.js';
export { architectureFromMask, maskFromArchitecture } from './space/architectureMask.js';

// --- resources ---
export type { LayerCost, ShapedLayerCost } from './resources/layerCost.js';
export { layerCost, layerParams } from './resources/layerCost.js';
export { chainCost } from './resources/chainCost.js';
export type { ParamsMacs, Cost } from './resources/cost.js';
export type { NetworkCostOptions, CellCost, OperatorCost, NetworkCost } from './resources/networkCost.js';
export { networkCost } from './resources/networkCost.js';
export type { SlotCostOptions, SlotCosts } from './resources/slotCosts.js';
export { slotCosts } from './resources/slotCosts.js';
export type { SearchMemoryEstimate } from './search/searchMemory.js';
export { MAX_ARRAY_ELEMENTS, checkSearchMemory, estimateSearchMemory } from './search/searchMemory.js';
export { fixedCost } from './resources/fixedCost.js';
export { liveCost } from './resources/liveCost.js';
export type { GatePenalty, LiveConstants } from './resources/penalty.js';
export { liveConstants } from './resources/penalty.js';
export type { PenaltyCosts, CostSpec } from './resources/penaltyLinear.js';
export { linearPenalty } from './resources/penaltyLinear.js';
export type { LogPenaltyOptions } from './resources/penaltyLog.js';
export { logPenalty } from './resources/penaltyLog.js';

// --- backends ---
export type { TF } from './tf.js';
export type { BackendName, ReadyBackendOptions, ReadiedBackend } from './backends/readyBackend.js';
export { readyBackend } from './backends/readyBackend.js';
export { namedVariableGrads, variableGradsFreeing } from './backends/variableGradsFreeing.js';
// The kernel layer is `gold-nas/kernels`; the types readyBackend's options and result use are also here.
export type { KernelSelection } from './kernels/kernelTable.js';
export type { KernelInstallation } from './kernels/installKernels.js';
export type { CpuTrainingKernelOptions } from './kernels/cpuKernelTable.js';
export type { WasmTrainingKernelOptions } from './kernels/wasmKernelTable.js';

// --- blocks (the tfjs interpreter of the layer IR, shared by supernet and network) ---
export { checkInputBatch, checkLabels } from './blocks/checkInput.js';
export type { MacroOutput } from './blocks/macroNetwork.js';

// --- latency (measured on a backend: builds the operators' blocks, so it sits above blocks) ---
export type { LatencyOptions, LatencyTable } from './latency/measureSlotLatency.js';
export { measureSlotLatency } from './latency/measureSlotLatency.js';

// --- supernet ---
export type {
  SupernetOptions, SupernetForwardOptions, SupernetOutput, PruneResult, SupernetState,
} from './supernet/buildSupernet.js';
export { buildSupernet } from './supernet/buildSupernet.js';
export { gateValues } from './supernet/gates.js';
export type { SupernetLossOptions, LossAndGrads } from './supernet/lossAndGrads.js';
export { supernetLoss, supernetLossAndGrads } from './supernet/lossAndGrads.js';
export type { UnrolledAlphaGradOptions } from './supernet/unrolledAlphaGrad.js';
export { unrolledAlphaGrad } from './supernet/unrolledAlphaGrad.js';

// --- network ---
export type { NetworkOptions, NetworkForwardOptions, NetworkOutput, NetworkState } from './network/buildNetwork.js';
export { buildNetwork } from './network/buildNetwork.js';

// --- pruning ---
export type {
  PruneReason, LambdaReason, StopReason, RecordReason, PruneEvent, PruningInput, PruningOutput, PruningScheduler,
} from './pruning/scheduler.js';
export type { RecordPolicy, GoldPruningConfig } from './pruning/goldConfig.js';
export { GOLD_PRUNING_DEFAULTS, decodeGoldPruningConfig } from './pruning/goldConfig.js';
export type { GoldPruneResult } from './pruning/goldPrune.js';
export { goldPrune } from './pruning/goldPrune.js';
export type { LambdaState } from './pruning/updateLambda.js';
export { updateLambda } from './pruning/updateLambda.js';
export type { GoldPruningState } from './pruning/goldScheduler.js';
export { goldScheduler, goldPruningStep, initGoldPruningState } from './pruning/goldScheduler.js';
export type { FixedThresholdConfig, FixedThresholdState } from './pruning/fixedThresholdScheduler.js';
export { fixedThresholdScheduler } from './pruning/fixedThresholdScheduler.js';
export type { DartsArgmaxOptions } from './pruning/dartsArgmaxMask.js';
export { dartsArgmaxMask } from './pruning/dartsArgmaxMask.js';
export type { DartsArgmaxConfig, DartsArgmaxState } from './pruning/dartsArgmaxScheduler.js';
export { dartsArgmaxScheduler } from './pruning/dartsArgmaxScheduler.js';

// --- pareto ---
export type { Objective, ParetoPoint, SearchObjectiveName } from './pareto/objective.js';
export { SEARCH_OBJECTIVES } from './pareto/objective.js';
export { dominates } from './pareto/dominates.js';
export { paretoFront } from './pareto/paretoFront.js';
export type { ParetoTracker } from './pareto/paretoTracker.js';
export { paretoTracker, addCandidate, trackerFront } from './pareto/paretoTracker.js';
export { hypervolume } from './pareto/hypervolume.js';
export { compareByCost } from './pareto/compareByCost.js';

// --- data ---
export type { DataShape, Dataset, BatchShape, Batch, DatasetArrays } from './data/dataset.js';
export { exampleLength, datasetFromArrays, subsetDataset, classCounts } from './data/dataset.js';
export type { SplitOptions, DatasetSplit } from './data/split.js';
export { splitDataset } from './data/split.js';
export type { ChannelStats } from './data/normalise.js';
export { CIFAR10_CHANNEL_STATS, channelStats, normaliseBatch } from './data/normalise.js';
export { randomCrop } from './data/crop.js';
export { randomFlip } from './data/flip.js';
export { cutout } from './data/cutout.js';
export type { AugmentOptions } from './data/augment.js';
export type { AutoAugmentOp, AutoAugmentStep, AutoAugmentSubPolicy } from './data/autoAugment.js';
export type { AccuracyOn } from './search/accuracyOn.js';
export { AUTO_AUGMENT_CIFAR10 } from './data/autoAugment.js';
export { augmentBatch } from './data/augment.js';
export type { BatchCursor, BatchIteratorOptions, BatchIterator } from './data/batches.js';
export { batchIterator } from './data/batches.js';
export type { SyntheticOptions } from './data/synthetic.js';
export { syntheticDataset } from './data/synthetic.js';
export { mnistFromDigits } from './data/mnist.js';
export type { Cifar10File, Cifar10Options } from './data/cifar10.js';
export { CIFAR10_CLASSES, CIFAR10_FILES, CIFAR10_SOURCE, cifar10FromBinary } from './data/cifar10.js';

// --- optim ---
export type { SgdConfig, NamedVariable, SgdOptimizer } from './optim/sgd.js';
export { createSgd } from './optim/sgd.js';
export type { AdamConfig, AdamOptimizer } from './optim/adam.js';
export { ADAM_DEFAULTS, createAdam } from './optim/adam.js';
export type { LearningRateSchedule } from './optim/schedule.js';
export { learningRateAt } from './optim/schedule.js';

// --- checkpoint ---
export type { CheckpointContents } from './checkpoint/format.js';
export { encodeCheckpoint, decodeCheckpoint } from './checkpoint/format.js';

// --- eval ---
export type { Accuracy } from './eval/accuracy.js';
export { evaluateAccuracy, topOneHits } from './eval/accuracy.js';
export { checkLabelRange } from './eval/checkLabels.js';
export type { KendallTau } from './eval/kendallTau.js';
export { kendallTau } from './eval/kendallTau.js';
export type { EstimatePair } from './eval/estimateAgreement.js';
export { MIN_TAU_CANDIDATES, estimateAgreement } from './eval/estimateAgreement.js';

// --- loop (the driver the search and the re-training run on) ---
export type { LoopClock } from './loop/clock.js';
export { SYSTEM_CLOCK } from './loop/clock.js';
export type { YieldPolicy } from './loop/yieldPolicy.js';
export { yieldEveryStep, yieldEveryMs, NEVER_YIELD } from './loop/yieldPolicy.js';
export type { LoopEvent, EventCallbacks } from './loop/callbacks.js';
export type { LoopBody, DriveOptions } from './loop/driveLoop.js';
export { driveLoop } from './loop/driveLoop.js';
export type { TrainingOptimizer } from './loop/trainingOptimizer.js';
export { BatchCursorCodec, JsonNumberCodec, decodeCheckpointState } from './loop/stateCodecs.js';

// --- search ---
export type {
  DataConfig, WeightOptimConfig, AlphaOptimConfig, PenaltyConfig, PruningConfig, SearchConfig,
} from './search/searchConfig.js';
export { SEARCH_DEFAULTS } from './search/searchConfig.js';
export type { DecodeSearchConfigOptions } from './search/decodeSearchConfig.js';
export { decodeSearchConfig } from './search/decodeSearchConfig.js';
export type { SearchStopReason, SearchEvent } from './search/events.js';
export type {
  AnyScheduler, SchedulerPart, PenaltyContext, PenaltyPart, CandidateMeasurement, ObjectiveMeasure, ObjectiveContext, ObjectivePart,
  EvaluationContext, CandidateEvaluator, OptimizerPart, UpdateContext, UpdateInput, UpdateStep, UpdateRule, SearchStrategy,
  PruningRoundContext, SelectionContext, SelectionOutcome, SelectionPart,
} from './search/strategy.js';
export { schedulerPart } from './search/strategy.js';
export type { PartConfig, PartEntry } from './search/partEntry.js';
export { partEntry, fixedPartEntry } from './search/partEntry.js';
export type { SearchRegistry, SearchRegistryExtension } from './search/registry.js';
export { DEFAULT_SEARCH_REGISTRY, extendRegistry } from './search/registry.js';
export { strategyFromConfig } from './search/strategyFromConfig.js';
export type { LogPenaltyConfig, LinearPenaltyConfig } from './search/penaltyParts.js';
export { PENALTY_DEFAULTS, logPenaltyPart, linearPenaltyPart } from './search/penaltyParts.js';
export { objective, FLOPS_OBJECTIVE, PARAMS_OBJECTIVE, ACCURACY_OBJECTIVE, LATENCY_OBJECTIVE } from './search/objectiveParts.js';
export type { HeldOutEvaluatorConfig } from './search/heldOutEvaluator.js';
export { HELD_OUT_DEFAULTS, HELD_OUT_EVALUATOR, heldOutEvaluator } from './search/heldOutEvaluator.js';
export type { SgdPartConfig } from './search/sgdPart.js';
export { SGD_PART_DEFAULTS, sgdPart } from './search/sgdPart.js';
export { adamPart } from './search/adamPart.js';
export { ONE_LEVEL_UPDATE } from './search/oneLevelUpdate.js';
export type { CellType, PerturbationDecision } from './search/perturbationDecision.js';
export type { PerturbationData, PerturbationSelection, PerturbationSelectionOptions } from './search/perturbationSelection.js';
export { PERTURBATION_SELECTION_DEFAULTS, perturbationAccuracies, selectByPerturbation } from './search/perturbationSelection.js';
export type { PerturbationPruning, PerturbationPruningRequest } from './search/perturbationPruning.js';
export { chooseByPerturbation, pruneByPerturbation } from './search/perturbationPruning.js';
export type { DartsPtSelectionConfig } from './search/selectionParts.js';
export { ARGMAX_SELECTION, dartsPtSelection } from './search/selectionParts.js';
export type { DartsUpdateConfig } from './search/dartsUpdate.js';
export { DARTS_UPDATE_DEFAULTS, dartsBilevelUpdate } from './search/dartsUpdate.js';
export { searchMethod } from './search/searchMethod.js';
export { describeAccuracyEstimate } from './search/accuracyEstimate.js';
export type { SearchData, SearchHooks, SearchCandidate, ResultObjective, SearchResult } from './search/runSearch.js';
export { runSearch } from './search/runSearch.js';
export type { PresetName } from './search/presets.js';
export { SEARCH_PRESETS } from './search/presets.js';

// --- train ---
export type { RetrainOptimConfig, RetrainDataConfig, RetrainEvaluationConfig, RetrainConfig } from './train/retrainConfig.js';
export { RETRAIN_DEFAULTS, decodeRetrainConfig } from './train/retrainConfig.js';
export type { RetrainPresetName } from './train/retrainPresets.js';
export { RETRAIN_PRESETS } from './train/retrainPresets.js';
export type { RetrainStopReason, RetrainEpochRecord, RetrainEvent } from './train/retrainEvents.js';
export type { NetworkLossOptions, NetworkLossAndGrads } from './train/networkLossAndGrads.js';
export { networkLossAndGrads } from './train/networkLossAndGrads.js';
export type { RetrainData, RetrainHooks, RetrainResult } from './train/runRetrain.js';
export { runRetrain } from './train/runRetrain.js';

// --- run directory files (decoded in a browser too; the HTML report is `gold-nas/report`) ---
export type { RetrainScore, ReportCandidate, RunSummary, SearchRunData, ParetoFile } from './report/runData.js';
export { decodeParetoFile, decodeRetrainScore, decodeRunSummary, parseSearchEvents } from './report/runData.js';
// --- data: Fashion-MNIST, tf.data ---
export type { FashionMnistClassImages } from './data/fashionMnistClass.js';
export { parseFashionMnistClass } from './data/fashionMnistClass.js';
export type { FashionMnistRow, FashionMnistCleaning, FashionMnistOptions, FashionMnist } from './data/fashionMnist.js';
export { FASHION_MNIST_CLASSES, FASHION_MNIST_SPLIT_SEED, FASHION_MNIST_TEST_PER_CLASS, fashionMnistFromClasses } from './data/fashionMnist.js';
export type { TfDataSource, TfDataOptions } from './data/fromTfData.js';
export { datasetFromTfData } from './data/fromTfData.js';
export { rgbaToChannels } from './data/rgbaToChannels.js';

// --- export (trained networks as files and standard tfjs models) ---
export type { NamedArray, NetworkWeights, NetworkWeightsOptions } from './export/networkWeights.js';
export { networkWeights, networkWeightsFromCheckpoint } from './export/networkWeights.js';
export type { ExportModelOptions, ExportedModelMetadata } from './export/exportModel.js';
export { exportModel } from './export/exportModel.js';
export { NETWORK_WEIGHTS_KIND, encodeNetworkWeights, decodeNetworkWeights } from './export/weightsFile.js';
export type { LoadNetworkOptions } from './export/loadNetwork.js';
export { loadNetwork } from './export/loadNetwork.js';
export type { ModelFiles } from './export/modelFiles.js';
export { modelFiles } from './export/modelFiles.js';

// --- study: GOLD-NAS against DARTS, DARTS-PT and random search ---
export type { StudyConfig, StudyData, StudyMethod, StudyPresetName } from './study/studyConfig.js';
export { STUDY_METHODS, STUDY_PRESETS, dartsPtSearchConfig, decodeStudyConfig, studySearchConfig } from './study/studyConfig.js';
export type { SampledArchitecture } from './study/randomArchitecture.js';
export { randomArchitectureAtCost } from './study/randomArchitecture.js';
export type { StudyRow, StudySummaryRow, StudyTable } from './study/studyTable.js';
export { studyMarkdown, studyTable } from './study/studyTable.js';
