import { empty, keep, shapesEqual, type Backend, type Shape, type Tensor } from "@chainrule/tensor";

/**
 * The tensors a layer owns between calls: outputs, gradients and scratch space. A request returns
 * the tensor made last time when the shape and backend are unchanged, so a steady training step
 * allocates nothing; otherwise the old tensor is disposed and a new one made. Tensors are taken out
 * of any enclosing `tidy`, because they must outlive the call that made them.
 *
 * @example
 * const cache = new BufferCache();
 * const y = cache.get("y", [64, 10], x.backend); // same tensor next time for [64, 10]
 */
export class BufferCache {
  private readonly tensors = new Map<string, Tensor>();
  private readonly views = new Map<string, { source: Tensor; view: Tensor }>();

  /** A tensor of `shape` on `backend` kept under `key`; its contents are whatever was last written. */
  get(key: string, shape: Shape, backend: Backend): Tensor {
    const old = this.tensors.get(key);
    if (old && old.backend === backend && shapesEqual(old.shape, shape)) return old;
    old?.dispose();
    const t = keep(empty(shape, backend));
    this.tensors.set(key, t);
    return t;
  }

  /** A reshaped view of `source` kept under `key`: remade only when the source tensor or shape changes. */
  view(key: string, source: Tensor, shape: Shape): Tensor {
    const old = this.views.get(key);
    if (old && old.source === source && !old.view.isDisposed && shapesEqual(old.view.shape, shape)) return old.view;
    old?.view.dispose();
    const view = keep(source.reshape(shape));
    this.views.set(key, { source, view });
    return view;
  }

  /** Frees every tensor and view. */
  dispose(): void {
    for (const t of this.tensors.values()) t.dispose();
    for (const v of this.views.values()) v.view.dispose();
    this.tensors.clear();
    this.views.clear();
  }
}
