// The float32 range: JSON numbers outside it would become Infinity in the model's input tensor.

/** Largest magnitude a float32 holds; bigger finite JSON numbers would become Infinity. */
export const FP32_MAX = 3.4028234663852886e38;
