// A two-node ONNX model built by hand (y = x + x), so doctor can prove onnxruntime-node runs without any file.

/** Protocol-buffer field writers, just enough for a tiny ModelProto. */
const varint = (value: number): number[] => {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
};
const key = (field: number, wire: number): number[] => varint((field << 3) | wire);
const int = (field: number, value: number): number[] => [...key(field, 0), ...varint(value)];
const bytes = (field: number, payload: number[]): number[] => [...key(field, 2), ...varint(payload.length), ...payload];
const str = (field: number, text: string): number[] => bytes(field, [...Buffer.from(text, 'utf8')]);

/** ValueInfoProto of a float tensor of shape [n]. */
const floatVector = (name: string, n: number): number[] => {
  const shape = bytes(2, bytes(1, int(1, n))); // TensorShapeProto { dim { dim_value: n } }
  const tensorType = bytes(1, [...int(1, 1), ...shape]); // TypeProto { tensor_type { elem_type: FLOAT, shape } }
  return [...str(1, name), ...bytes(2, tensorType)];
};

/** The serialised ONNX model `y = Add(x, x)` for a float vector of length `n` (IR 8, opset 13). */
export function addModelBytes(n = 2): Uint8Array {
  const node = [...str(1, 'x'), ...str(1, 'x'), ...str(2, 'y'), ...str(3, 'add'), ...str(4, 'Add')];
  const graph = [...bytes(1, node), ...str(2, 'doctor'), ...bytes(11, floatVector('x', n)), ...bytes(12, floatVector('y', n))];
  const opset = [...str(1, ''), ...int(2, 13)];
  return Uint8Array.from([...int(1, 8), ...str(2, 'mlops-labs-doctor'), ...bytes(7, graph), ...bytes(8, opset)]);
}
