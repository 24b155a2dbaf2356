/**
 * A small writer of Keras functional-model JSON (the `modelTopology` of tfjs `ModelArtifacts`,
 * format `layers-model`): layers with their configs, the connections between them, and their
 * weights in one float32 buffer. Pure data: no tfjs is needed to write it, and tfjs-layers (or
 * Keras) reads it with `loadLayersModel`.
 *
 * @module
 * @internal
 */
import type { io } from '@tensorflow/tfjs-core';

/** A tensor of the graph being written: the layer that makes it and its shape without the batch axis. */
export interface KerasTensor {
  readonly layer: string;
  readonly shape: readonly number[];
}

/** A weight of a layer: its Keras name inside the layer (`kernel`, `gamma`, …), shape and values. */
export interface KerasWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** One layer to add: its Keras class, unique name, config (without `name`), inputs, output shape and weights. */
export interface KerasLayerSpec {
  readonly className: string;
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly inputs: readonly KerasTensor[];
  readonly outputShape: readonly number[];
  readonly weights?: readonly KerasWeight[];
}

/** A functional model being written, layer by layer, in topological order. @internal */
export interface KerasGraph {
  /** Adds a layer and returns its output tensor. @throws Error if the name is already taken (a broken invariant of the caller). */
  readonly add: (spec: KerasLayerSpec) => KerasTensor;
  /** The model's artifacts with the given input and output, in the `layers-model` format. */
  readonly artifacts: (input: KerasTensor, output: KerasTensor, metadata: Readonly<Record<string, {}>>) => io.ModelArtifacts;
}

/** The Keras version field tfjs-layers 4.22 writes; the topology follows its format. */
const KERAS_VERSION = 'tfjs-layers 4.22.0';

/**
 * Starts a functional model named `name` with one float32 input of shape `inputShape` (no batch axis).
 *
 * @param name - the model's name.
 * @param inputName - the input layer's name.
 * @param inputShape - `[height, width, channels]`.
 * @returns the graph and its input tensor.
 * @internal
 */
export function kerasGraph(name: string, inputName: string, inputShape: readonly number[]): { graph: KerasGraph; input: KerasTensor } {
  const layers: Record<string, unknown>[] = [];
  const weights: { readonly name: string; readonly shape: readonly number[]; readonly values: Float32Array }[] = [];
  const names = new Set<string>();
  const add = (spec: KerasLayerSpec): KerasTensor => {
    if (names.has(spec.name)) throw new Error(`export: layer name '${spec.name}' used twice`);
    names.add(spec.name);
    layers.push({
      name: spec.name,
      class_name: spec.className,
      config: spec.className === 'InputLayer' ? { ...spec.config, name: spec.name } : { ...spec.config, name: spec.name, trainable: true },
      inbound_nodes: spec.inputs.length === 0 ? [] : [spec.inputs.map((t) => [t.layer, 0, 0, {}])],
    });
    for (const w of spec.weights ?? []) weights.push({ name: `${spec.name}/${w.name}`, shape: w.shape, values: w.values });
    return { layer: spec.name, shape: spec.outputShape };
  };
  const input = add({
    className: 'InputLayer',
    name: inputName,
    config: { batch_input_shape: [null, ...inputShape], dtype: 'float32', sparse: false },
    inputs: [],
    outputShape: inputShape,
  });
  const artifacts = (inputTensor: KerasTensor, output: KerasTensor, metadata: Readonly<Record<string, {}>>): io.ModelArtifacts => {
    const total = weights.reduce((n, w) => n + w.values.length, 0);
    const data = new Float32Array(total);
    let offset = 0;
    for (const w of weights) {
      data.set(w.values, offset);
      offset += w.values.length;
    }
    return {
      format: 'layers-model',
      generatedBy: 'gold-nas exportModel',
      convertedBy: null,
      modelTopology: {
        class_name: 'Model',
        config: { name, layers, input_layers: [[inputTensor.layer, 0, 0]], output_layers: [[output.layer, 0, 0]] },
        keras_version: KERAS_VERSION,
        backend: 'tensor_flow.js',
      },
      weightSpecs: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' as const })),
      weightData: data.buffer,
      userDefinedMetadata: { ...metadata },
    };
  };
  return { graph: { add, artifacts }, input };
}
