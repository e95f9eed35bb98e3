// Public surface of @mlops/training: standardiser, MLP, training loop, metrics, ONNX export, manifest, lineage.

export * from './backend';
export * from './data-file';
export * from './evaluation-set';
export * from './feature-profile';
export * from './fixed-evaluation';
export * from './lineage';
export * from './metrics';
export * from './mlp';
export * from './onnx-dense-layer';
export * from './onnx-export';
export * from './onnx-graph';
export * from './standardizer';
export * from './train-mlp';
export * from './train-wine-model';
export * from './training-curve-svg';
export * from './wine-evaluation';
export * from './wine-manifest';
export * from './wine-split';
