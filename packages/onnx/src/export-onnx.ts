import { Sequential } from "@chainrule/layers";
import { GraphBuilder, type GraphValue } from "./graph-builder.js";
import { translateLayers } from "./layer-nodes.js";
import { toChannelsLast } from "./layout.js";
import { OnnxExportError } from "./onnx-export-error.js";
import { DataType, IR_VERSION, ModelProto, OPSET, type ValueInfoProto } from "./onnx-schema.js";
import { preprocessNodes, type OnnxPreprocess } from "./preprocess.js";

/**
 * Options of {@link exportOnnx}.
 *
 * @example
 * const opts: ExportOnnxOptions = { preprocess: { scale: 1 / 255 } };
 */
export interface ExportOnnxOptions {
  /** Normalisation of the raw input to run inside the graph (default none: the input is what chainrule takes). */
  preprocess?: OnnxPreprocess;
}

const INPUT = "input";
const OUTPUT = "output";

/** A float tensor of shape [batch, ...sample], the batch size left symbolic. */
function floatTensor(name: string, sample: readonly number[]): ValueInfoProto {
  const dim = [{ dim_param: "batch" }, ...sample.map((d) => ({ dim_value: d }))];
  return { name, type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim } } } };
}

/**
 * The bytes of an ONNX model (opset 17) of `model`'s inference forward pass: input `input` shaped as chainrule takes it, output `output`.
 *
 * @example
 * const bytes = await exportOnnx(model, { preprocess: { scale: 1 / 255 } }); // takes raw 0–255 pixels
 * await writeFile("mnist.onnx", bytes);
 */
export async function exportOnnx(model: Sequential, options: ExportOnnxOptions = {}): Promise<Uint8Array> {
  if (!(model instanceof Sequential)) throw new OnnxExportError(`exportOnnx: expected a Sequential model, got ${String(model)}`);
  const input = model.inputShape;
  const output = model.outputShape;
  if (!input || !output) {
    throw new OnnxExportError(`exportOnnx: model '${model.name}' is not built; pass inputShape to new Sequential(...) or run one forward pass first`);
  }
  const g = new GraphBuilder([INPUT, OUTPUT]);
  const x: GraphValue = { name: INPUT, shape: input, channelsFirst: false };
  if (options.preprocess) x.name = preprocessNodes(INPUT, options.preprocess, g);
  const y = toChannelsLast(await translateLayers(model.layers, x, g), g);
  g.bindOutput(y.name, OUTPUT);
  const message = ModelProto.fromObject({
    ir_version: IR_VERSION,
    producer_name: "chainrule",
    opset_import: [{ domain: "", version: OPSET }],
    graph: {
      name: model.name, node: g.nodes, initializer: g.initializers, input: [floatTensor(INPUT, input)], output: [floatTensor(OUTPUT, output)],
    },
  });
  // In Node, protobufjs writes into a Buffer that may be a view of a shared pool; hand back bytes of our own.
  return new Uint8Array(ModelProto.encode(message).finish());
}
