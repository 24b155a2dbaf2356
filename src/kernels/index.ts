/**
 * gold-nas/kernels: the training kernels gold-nas adds to tfjs's `cpu` and `wasm` backends, as
 * data tables, the one installer that puts them in tfjs's kernel registry and takes them out
 * again, and the names and contracts of gold-nas's own fused kernels. Importing this entry
 * registers nothing; `readyBackend` (from `gold-nas`) installs the tables for you.
 *
 * These kernels reach into tfjs engine internals (backend data maps, tfjs-wasm's heap and
 * memory, the kernel registry), which is why gold-nas pins its tfjs peers exactly; see
 * docs/backends.md.
 *
 * @packageDocumentation
 */
// --- names (what blocks and optimisers depend on) ---
export type { BatchNormAttrs, BatchNormGradAttrs, BatchNormRunningAttrs, ReluDepthwiseAttrs, SgdKernelAttrs } from './names/kernelNames.js';
export { BATCH_NORM_KERNEL, BATCH_NORM_GRAD_KERNEL, BATCH_NORM_RUNNING_KERNEL, POINTWISE_BATCH_NORM_KERNEL, POINTWISE_BATCH_NORM_GRAD_KERNEL, RELU_SEPARABLE_BATCH_NORM_KERNEL, RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL, FACTORIZED_REDUCE_KERNEL, FACTORIZED_REDUCE_GRAD_KERNEL, RELU_DEPTHWISE_KERNEL, RELU_DEPTHWISE_GRAD_KERNEL, RELU_POINTWISE_KERNEL, RELU_POINTWISE_GRAD_KERNEL, SCALE_GRAD_KERNEL, SGD_KERNEL, WEIGHTED_ADD_N_KERNEL } from './names/kernelNames.js';
export { hasKernels } from './hasKernels.js';
// --- tables and the installer ---
export type { KernelRow, KernelTable, KernelSelection } from './kernelTable.js';
export type { KernelContext } from './support/kernelContext.js';
// --- threads ---
export type { KernelPool, KernelPoolStats } from './support/kernelPool.js';
export { MAX_POOL_CHUNKS } from './support/kernelPool.js';
export type { SimdLoopName } from './simd/simdKernels.js';
export type { InstallKernelsOptions, KernelInstallation } from './installKernels.js';
export { installKernels, uninstallKernels } from './installKernels.js';
export type { CpuTrainingKernelName, CpuTrainingKernelOptions } from './cpuKernelTable.js';
export { CPU_KERNEL_TABLE } from './cpuKernelTable.js';
export type { WasmTrainingKernelName, WasmTrainingKernelOptions } from './wasmKernelTable.js';
export { WASM_KERNEL_TABLE } from './wasmKernelTable.js';
