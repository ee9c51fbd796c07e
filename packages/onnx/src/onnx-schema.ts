import protobuf from "protobufjs/light.js";

// The subset of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) an inference
// graph of dense tensors needs, as a protobufjs reflection root. Names and field numbers are
// onnx.proto's; fields we never write (doc strings, training info, sparse and external data, ...)
// are left out, which protobuf allows: a reader skips nothing it is not sent.

/** onnx.proto's `TensorProto.DataType` values we write. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;

/** The IR version that goes with {@link OPSET} (ONNX 1.12: IR 8, opset 17). */
export const IR_VERSION = 8;
/** The default-domain operator set the graph is written against. */
export const OPSET = 17;

const repeated = (type: string, id: number) => ({ rule: "repeated", type, id });

const root = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            ir_version: { type: "int64", id: 1 },
            producer_name: { type: "string", id: 2 },
            graph: { type: "GraphProto", id: 7 },
            opset_import: repeated("OperatorSetIdProto", 8),
          },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: "string", id: 1 }, version: { type: "int64", id: 2 } },
        },
        GraphProto: {
          fields: {
            node: repeated("NodeProto", 1),
            name: { type: "string", id: 2 },
            initializer: repeated("TensorProto", 5),
            input: repeated("ValueInfoProto", 11),
            output: repeated("ValueInfoProto", 12),
          },
        },
        NodeProto: {
          fields: {
            input: repeated("string", 1),
            output: repeated("string", 2),
            name: { type: "string", id: 3 },
            op_type: { type: "string", id: 4 },
            attribute: repeated("AttributeProto", 5),
          },
        },
        AttributeProto: {
          nested: { AttributeType: { values: { UNDEFINED: 0, FLOAT: 1, INT: 2, INTS: 7 } } },
          fields: {
            name: { type: "string", id: 1 },
            f: { type: "float", id: 2 },
            i: { type: "int64", id: 3 },
            ints: repeated("int64", 8),
            type: { type: "AttributeType", id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: repeated("int64", 1),
            data_type: { type: "int32", id: 2 },
            name: { type: "string", id: 8 },
            raw_data: { type: "bytes", id: 9 },
          },
        },
        ValueInfoProto: {
          fields: { name: { type: "string", id: 1 }, type: { type: "TypeProto", id: 2 } },
        },
        TypeProto: {
          oneofs: { value: { oneof: ["tensor_type"] } },
          fields: { tensor_type: { type: "Tensor", id: 1 } },
          nested: {
            Tensor: {
              fields: { elem_type: { type: "int32", id: 1 }, shape: { type: "TensorShapeProto", id: 2 } },
            },
          },
        },
        TensorShapeProto: {
          fields: { dim: repeated("Dimension", 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ["dim_value", "dim_param"] } },
              fields: { dim_value: { type: "int64", id: 1 }, dim_param: { type: "string", id: 2 } },
            },
          },
        },
      },
    },
  },
});

/** onnx.ModelProto: `encode(fromObject(model)).finish()` gives the bytes of a `.onnx` file. */
export const ModelProto = root.lookupType("onnx.ModelProto");

/** An attribute of a node, as onnx.AttributeProto (the name is added by the graph builder). */
export type AttributeValue =
  | { type: "FLOAT"; f: number }
  | { type: "INT"; i: number }
  | { type: "INTS"; ints: number[] };

/** onnx.NodeProto as a plain object. */
export interface NodeProto {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: ({ name: string } & AttributeValue)[];
}

/** onnx.TensorProto as a plain object: row-major little-endian values in `raw_data`. */
export interface TensorProto {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

/** onnx.ValueInfoProto of a float tensor as a plain object; a dimension is a size or a symbol. */
export interface ValueInfoProto {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } };
}
