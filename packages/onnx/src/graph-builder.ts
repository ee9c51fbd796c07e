import type { Shape } from "@chainrule/tensor";
import { DataType, type AttributeValue, type NodeProto, type TensorProto } from "./onnx-schema.js";

/**
 * A value of the graph being built: its name, one sample's shape as chainrule has it (NHWC for
 * images), and whether the graph holds it channels-first (NCHW), as ONNX's Conv and pooling need.
 */
export interface GraphValue {
  name: string;
  shape: Shape;
  channelsFirst: boolean;
}

/** Attribute values, typed as ONNX wants them (an epsilon must be a FLOAT, an axis an INT). */
export const attr = {
  float: (f: number): AttributeValue => ({ type: "FLOAT", f }),
  int: (i: number): AttributeValue => ({ type: "INT", i }),
  ints: (ints: number[]): AttributeValue => ({ type: "INTS", ints }),
};

/** Row-major values as raw_data: fixed-width little-endian, as onnx.proto requires whatever the host's byte order. */
function littleEndian(values: ArrayLike<number>, dataType: number): Uint8Array {
  const width = dataType === DataType.FLOAT ? 4 : 8;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dataType === DataType.FLOAT) view.setFloat32(i * 4, values[i], true);
    else view.setBigInt64(i * 8, BigInt(values[i]), true);
  }
  return bytes;
}

/**
 * Collects the nodes (in topological order, as they are added) and constant tensors of one graph,
 * giving every value a name not used before.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly taken: Set<string>;

  /** `reserved`: names kept for the graph's own inputs and outputs. */
  constructor(reserved: string[]) {
    this.taken = new Set(reserved);
  }

  /** A float32 constant of shape `dims` (`[]` for a scalar); returns its name. */
  floats(name: string, dims: Shape, values: ArrayLike<number>): string {
    return this.constant(name, dims, values, DataType.FLOAT);
  }

  /** An int64 constant (a shape for Reshape); returns its name. */
  int64s(name: string, dims: Shape, values: ArrayLike<number>): string {
    return this.constant(name, dims, values, DataType.INT64);
  }

  /** Appends node `op` reading `inputs`; returns the name of its one output, `name` or a numbered variant. */
  node(op: string, name: string, inputs: string[], attributes: Record<string, AttributeValue> = {}): string {
    const output = this.unique(name);
    this.nodes.push({
      name: output, op_type: op, input: inputs, output: [output],
      attribute: Object.entries(attributes).map(([key, value]) => ({ name: key, ...value })),
    });
    return output;
  }

  /**
   * Publishes `value` under the reserved graph output name: the node that made it is renamed
   * (it is the last one, so nothing reads its old name), or, when no node made it (a model that
   * is the identity), an Identity node copies it.
   */
  bindOutput(value: string, output: string): void {
    const last = this.nodes[this.nodes.length - 1];
    if (last?.output[0] === value) last.output[0] = output;
    else this.nodes.push({ name: output, op_type: "Identity", input: [value], output: [output], attribute: [] });
  }

  private constant(name: string, dims: Shape, values: ArrayLike<number>, dataType: number): string {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dims: [...dims], data_type: dataType, raw_data: littleEndian(values, dataType) });
    return unique;
  }

  /** `base`, or `base_2`, `base_3`, ... when taken (two nested models may hold layers of one name). */
  private unique(base: string): string {
    let name = base;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }
}
