import { attr, type GraphBuilder, type GraphValue } from "./graph-builder.js";

// chainrule images are NHWC; ONNX's Conv, MaxPool, AveragePool and BatchNormalization read NCHW.
// A value stays channels-first from the first such node until something needs chainrule's order
// again (Flatten and Reshape, whose element order the next Dense weights were trained on, and the
// graph output), so a run of convolutions costs one Transpose in and one out.

/** The value as NCHW: a Transpose (perm n, c, h, w of NHWC) unless it already is. */
export function toChannelsFirst(x: GraphValue, g: GraphBuilder): GraphValue {
  if (x.channelsFirst) return x;
  return { ...x, name: g.node("Transpose", `${x.name}/nchw`, [x.name], { perm: attr.ints([0, 3, 1, 2]) }), channelsFirst: true };
}

/** The value in chainrule's order: a Transpose back to NHWC (perm n, h, w, c of NCHW) if it was channels-first. */
export function toChannelsLast(x: GraphValue, g: GraphBuilder): GraphValue {
  if (!x.channelsFirst) return x;
  return { ...x, name: g.node("Transpose", `${x.name}/nhwc`, [x.name], { perm: attr.ints([0, 2, 3, 1]) }), channelsFirst: false };
}
