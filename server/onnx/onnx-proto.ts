// onnx-proto is CommonJS (`module.exports = $root`), so Node's ESM loader exposes it only as
// the default export, while its typings declare a named `onnx` namespace. Import the runtime
// value from here; import types with `import type { onnx } from 'onnx-proto'`.
import onnxProtoModule from 'onnx-proto';
import type { onnx as OnnxNamespace } from 'onnx-proto';

export const onnxProto = (onnxProtoModule as unknown as { onnx: typeof OnnxNamespace }).onnx;
