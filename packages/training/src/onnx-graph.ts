// A tiny builder for ONNX graphs on top of onnx-proto: float initializers, nodes, typed inputs and outputs.

import onnxProto from 'onnx-proto';

/** The generated protobuf classes of the ONNX schema (onnx.proto, IR version 8). */
export const onnx = onnxProto.onnx;

/** A graph input or output description (name and tensor type). */
export type OnnxValueInfo = onnxProto.onnx.IValueInfoProto;

/** ONNX IR version declared by exported models. */
export const ONNX_IR_VERSION = 8;
/** Default-domain opset the exported graph uses (Gemm, Relu, Softmax with axis=-1 semantics of opset 13). */
export const ONNX_OPSET = 13;

/** An attribute value for {@link OnnxGraphBuilder.node}. */
export type AttributeValue = number | string | { readonly float: number };

/** Accumulates the nodes, initializers and I/O of one graph. Names must be unique within the graph. */
export class OnnxGraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly names = new Set<string>();

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph: the name "${name}" is used twice`);
    this.names.add(name);
    return name;
  }

  /**
   * Adds a constant float32 tensor (weights, biases, means) and returns its name.
   * @param dims shape, e.g. `[11, 32]` for a Dense kernel; `values` are row-major.
   */
  initializer(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (values.length !== size) throw new Error(`ONNX initializer "${name}": ${values.length} values for shape [${dims.join(', ')}]`);
    this.initializers.push({ name: this.claim(name), dataType: onnx.TensorProto.DataType.FLOAT, dims: [...dims], floatData: Array.from(values) });
    return name;
  }

  /**
   * Adds a node and returns the name of its (single) output.
   * @example const y = g.node('Gemm', [x, w, b], 'dense_1/gemm'); // y === 'dense_1/gemm'
   */
  node(opType: string, inputs: readonly string[], output: string, attributes: Record<string, AttributeValue> = {}): string {
    const attribute = Object.entries(attributes).map(([name, value]) => {
      if (typeof value === 'number') return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
      if (typeof value === 'string') return { name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(value) };
      return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value.float };
    });
    this.nodes.push({ opType, input: [...inputs], output: [this.claim(output)], name: output, attribute });
    return output;
  }

  /** Declares a float32 graph input; a string dimension is symbolic (`"batch"` = any size). */
  input(name: string, shape: readonly (number | string)[]): string {
    this.inputs.push(floatValueInfo(this.claim(name), shape));
    return name;
  }

  /** Declares a float32 graph output: an Identity node copies value `from` to the output `name`. */
  output(name: string, from: string, shape: readonly (number | string)[]): string {
    this.node('Identity', [from], name);
    this.outputs.push(floatValueInfo(name, shape));
    return name;
  }

  /** Serialises the graph as a complete ONNX model (IR version 8, opset 13). */
  toModelBytes(graphName: string, docString = ''): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: ONNX_IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: 'mlops-labs',
      producerVersion: '0.1.0',
      docString,
      graph: { name: graphName, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function floatValueInfo(name: string, shape: readonly (number | string)[]): onnxProto.onnx.IValueInfoProto {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim } } } };
}
