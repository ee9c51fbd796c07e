import type { Conv2dGeometry, Pool2dGeometry } from "@chainrule/tensor";
import { attr } from "./graph-builder.js";
import type { AttributeValue } from "./onnx-schema.js";

/** The padding ONNX needs after each axis, and the window attributes of Conv, MaxPool and AveragePool. */
export interface WindowAttributes {
  attributes: Record<string, AttributeValue>;
  /** [top, left, bottom, right], ONNX's order (all begins, then all ends). */
  pads: [number, number, number, number];
}

/**
 * kernel_shape, strides and explicit pads reproducing chainrule's windows. chainrule's geometry
 * gives the padding before each axis (for `same`, the smaller half, as TF); the padding after is
 * what the last window reaches past the image: (out − 1)·stride + k − in − before, or 0. With it
 * ONNX's floor((in + before + after − k) / stride) + 1 is chainrule's output size, for `same`,
 * `valid` and numeric padding alike.
 */
export function windowAttributes(g: Conv2dGeometry | Pool2dGeometry): WindowAttributes {
  const after = (out: number, stride: number, k: number, input: number, before: number) => Math.max(0, (out - 1) * stride + k - input - before);
  const pads: WindowAttributes["pads"] = [
    g.padTop, g.padLeft, after(g.outH, g.strideH, g.kH, g.inH, g.padTop), after(g.outW, g.strideW, g.kW, g.inW, g.padLeft),
  ];
  return { pads, attributes: { kernel_shape: attr.ints([g.kH, g.kW]), strides: attr.ints([g.strideH, g.strideW]), pads: attr.ints(pads) } };
}
