// The backend kit: the primitive kernels a backend writes, and composeBackend, which fills in
// every other kernel with a composite written with those primitives.
export { composeBackend } from "./compose-backend.js";
export { COMPOSITE_KERNELS, type CompositeKernel } from "./composites.js";
export { PRIMITIVE_KERNELS, primitivesOf, type PrimitiveBackend, type PrimitiveKernel } from "./primitives.js";
