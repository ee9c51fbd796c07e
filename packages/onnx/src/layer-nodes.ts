import {
  AvgPool2D, BaseLayer, BatchNorm, Conv2D, Dense, Dropout, Flatten, LeakyReLU, layerTensors, layerType, MaxPool2D, ReLU, Reshape, Sequential, Sigmoid, Softmax, Tanh,
  type Layer, type Pool2DLayer,
} from "@chainrule/layers";
import { conv2dGeometry, pool2dGeometry, type Shape } from "@chainrule/tensor";
import { attr, type GraphBuilder, type GraphValue } from "./graph-builder.js";
import type { AttributeValue } from "./onnx-schema.js";
import { toChannelsFirst, toChannelsLast } from "./layout.js";
import { OnnxExportError } from "./onnx-export-error.js";
import { windowAttributes } from "./window.js";

/** What a layer's nodes produce: the output value's name and its layout (its shape is the layer's output shape). */
type Produced = Omit<GraphValue, "shape">;
type Translate<L> = (layer: L, x: GraphValue, g: GraphBuilder) => Produced | Promise<Produced>;

/** A layer's parameter or state tensor by suffix ("weight", "running_var"), read from any backend. */
async function read(layer: Layer, suffix: string): Promise<{ name: string; shape: Shape; values: ArrayLike<number> }> {
  const name = `${layer.name}.${suffix}`;
  const found = layerTensors(layer).find((t) => t.name === name);
  if (!found) throw new OnnxExportError(`exportOnnx: layer '${layer.name}' (${layerType(layer)}) has no tensor '${name}'`);
  return { name, shape: found.tensor.shape, values: await found.tensor.data() };
}

/** The tensor as a graph constant, as stored (chainrule's layout); returns its name. */
async function constant(layer: Layer, suffix: string, g: GraphBuilder): Promise<string> {
  const t = await read(layer, suffix);
  return g.floats(t.name, t.shape, t.values);
}

/** An HWIO filter [kH, kW, C, F] reordered as ONNX's OIHW [F, C, kH, kW]: oihw[f, c, u, v] = hwio[u, v, c, f]. */
function hwioToOihw(hwio: ArrayLike<number>, [kH, kW, C, F]: Shape): Float32Array {
  const oihw = new Float32Array(hwio.length);
  for (let f = 0; f < F; f++) {
    for (let c = 0; c < C; c++) {
      for (let u = 0; u < kH; u++) for (let v = 0; v < kW; v++) oihw[((f * C + c) * kH + u) * kW + v] = hwio[((u * kW + v) * C + c) * F + f];
    }
  }
  return oihw;
}

/** An elementwise activation: any layout passes through. */
const elementwise = (op: string): Translate<Layer> => (layer, x, g) => ({ name: g.node(op, layer.name, [x.name]), channelsFirst: x.channelsFirst });

/** MaxPool or AveragePool over the NCHW view with chainrule's windows. */
const pool = (op: string, extra: Record<string, AttributeValue>): Translate<Pool2DLayer> => (layer, x, g) => {
  const geometry = pool2dGeometry([1, ...x.shape], layer.poolSize, { stride: layer.stride, padding: layer.padding }, layer.name);
  const { attributes, pads } = windowAttributes(geometry);
  // A window entirely in the padding has no cell to pool (chainrule gives −∞ or NaN); ONNX refuses such pads.
  if (pads.some((p, i) => p >= (i % 2 === 0 ? geometry.kH : geometry.kW))) {
    throw new OnnxExportError(`exportOnnx: ${layerType(layer)} '${layer.name}' pads [top, left, bottom, right] = [${pads.join(", ")}] reach a whole window (${geometry.kH}x${geometry.kW}) outside the image; ONNX pooling needs padding smaller than the window`);
  }
  return { name: g.node(op, layer.name, [toChannelsFirst(x, g).name], { ...attributes, ...extra }), channelsFirst: true };
};

// Keyed by the exact class: a subclass may compute something else, so it is refused, not guessed at.
type LayerClass<L extends Layer = Layer> = new (...args: never[]) => L;
const translations = new Map<LayerClass, { type: string; translate: Translate<never> }>();
function translation<L extends Layer>(type: string, cls: LayerClass<L>, translate: Translate<L>): void {
  translations.set(cls, { type, translate: translate as Translate<never> });
}

// y = x·W + b is Gemm's A·B + C with W [in, out] as stored (no transB).
translation("Dense", Dense, async (layer, x, g) => {
  const inputs = [x.name, await constant(layer, "weight", g)];
  if (layer.useBias) inputs.push(await constant(layer, "bias", g));
  return { name: g.node("Gemm", layer.name, inputs), channelsFirst: false };
});

translation("Conv2D", Conv2D, async (layer, x, g) => {
  const filter = await read(layer, "weight");
  const [kH, kW, C, F] = filter.shape;
  const geometry = conv2dGeometry([1, ...x.shape], filter.shape, { stride: layer.stride, padding: layer.padding }, layer.name);
  const inputs = [toChannelsFirst(x, g).name, g.floats(filter.name, [F, C, kH, kW], hwioToOihw(filter.values, filter.shape))];
  if (layer.useBias) inputs.push(await constant(layer, "bias", g));
  return { name: g.node("Conv", layer.name, inputs, windowAttributes(geometry).attributes), channelsFirst: true };
});

translation("MaxPool2D", MaxPool2D, pool("MaxPool", {}));
// chainrule averages only the cells inside the image.
translation("AvgPool2D", AvgPool2D, pool("AveragePool", { count_include_pad: attr.int(0) }));

// Inference form, y = γ·(x − running_mean)/√(running_var + ε) + β, kept as one BatchNormalization
// node (onnxruntime folds it into a preceding Conv itself). ONNX normalises axis 1: the features
// of [N, F], the channels of NCHW.
translation("BatchNorm", BatchNorm, async (layer, x, g) => {
  const input = x.shape.length === 3 ? toChannelsFirst(x, g) : x;
  const stats = [];
  for (const suffix of ["weight", "bias", "running_mean", "running_var"]) stats.push(await constant(layer, suffix, g));
  return { name: g.node("BatchNormalization", layer.name, [input.name, ...stats], { epsilon: attr.float(layer.eps) }), channelsFirst: input.channelsFirst };
});

translation("ReLU", ReLU, elementwise("Relu"));
translation("Sigmoid", Sigmoid, elementwise("Sigmoid"));
translation("Tanh", Tanh, elementwise("Tanh"));
translation("LeakyReLU", LeakyReLU, (layer, x, g) => ({
  name: g.node("LeakyRelu", layer.name, [x.name], { alpha: attr.float(layer.negativeSlope) }), channelsFirst: x.channelsFirst,
}));
// chainrule's last axis is the channel axis, axis 1 of NCHW.
translation("Softmax", Softmax, (layer, x, g) => ({
  name: g.node("Softmax", layer.name, [x.name], { axis: attr.int(x.channelsFirst ? 1 : -1) }), channelsFirst: x.channelsFirst,
}));

// Both keep chainrule's row-major order of NHWC, which the Dense weights after them were trained on.
translation("Flatten", Flatten, (layer, x, g) => ({ name: g.node("Flatten", layer.name, [toChannelsLast(x, g).name], { axis: attr.int(1) }), channelsFirst: false }));
translation("Reshape", Reshape, (layer, x, g) => {
  const input = toChannelsLast(x, g).name;
  const target = layer.outputShape as Shape;
  const shape = g.int64s(`${layer.name}.shape`, [target.length + 1], [-1, ...target]);
  return { name: g.node("Reshape", layer.name, [input, shape]), channelsFirst: false };
});

// Inverted dropout is the identity at inference.
translation("Dropout", Dropout, (_layer, x) => x);
translation("Sequential", Sequential, (layer, x, g) => translateLayers(layer.layers, x, g));

/**
 * Appends the nodes computing `layers` in order on `x`; returns the last value, possibly
 * channels-first. A layer without a translation is an error naming it.
 */
export async function translateLayers(layers: readonly Layer[], x: GraphValue, g: GraphBuilder): Promise<GraphValue> {
  let value = x;
  for (const layer of layers) {
    const known = translations.get(layer.constructor as LayerClass);
    if (!known) throw unsupported(layer);
    const produced = await (known.translate as Translate<Layer>)(layer, value, g);
    value = { name: produced.name, channelsFirst: produced.channelsFirst, shape: (layer as BaseLayer | Sequential).outputShape as Shape };
  }
  return value;
}

/** The error for a layer without a translation: its name, its type, and what is supported. */
function unsupported(layer: Layer): OnnxExportError {
  const type = layerType(layer);
  const types = [...translations.values()].map((t) => t.type);
  const why = types.includes(type) ? ` (a subclass of the built-in ${type}, which may compute something else)` : "";
  return new OnnxExportError(`exportOnnx: layer '${layer.name}' of type ${type} has no ONNX translation${why}; supported: ${types.join(", ")}`);
}
