import { empty, shapesEqual, type Backend, type Shape, type Tensor } from "@chainrule/tensor";

/** What the conventional keys hold, as the error for disposing one of them says. */
const ROLES: ReadonlyMap<string, string> = new Map([["y", "its forward output"], ["dx", "its input gradient"]]);

/**
 * The tensors a layer owns between calls: outputs, gradients and scratch space. A request returns
 * the tensor made last time when the shape and backend are unchanged, so a steady training step
 * allocates nothing; otherwise the old tensor is freed and a new one made. Every tensor is marked
 * as owned (`Tensor.own`), which keeps it out of any enclosing `tidy` (it must outlive the call that
 * made it) and turns a caller's `dispose()` of it into an error naming the owner, instead of a
 * model broken for good.
 *
 * @example
 * const cache = new BufferCache("layer 'fc1'");
 * const y = cache.get("y", [64, 10], x.backend); // same tensor next time for [64, 10]
 */
export class BufferCache {
  private readonly tensors = new Map<string, Tensor>();
  private readonly views = new Map<string, { source: Tensor; view: Tensor }>();

  /** `owner` names who holds the tensors (a function is read when a tensor is made, once the layer has its name). */
  constructor(private readonly owner: string | (() => string) = "a buffer cache") {}

  /** A tensor of `shape` on `backend` kept under `key`; its contents are whatever was last written. */
  get(key: string, shape: Shape, backend: Backend): Tensor {
    const old = this.tensors.get(key);
    if (old && old.backend === backend && shapesEqual(old.shape, shape)) return old;
    old?.disown().dispose();
    const t = empty(shape, backend).own(this.describe(key));
    this.tensors.set(key, t);
    return t;
  }

  /** A reshaped view of `source` kept under `key`: remade only when the source tensor or shape changes. */
  view(key: string, source: Tensor, shape: Shape): Tensor {
    const old = this.views.get(key);
    if (old && old.source === source && !old.view.isDisposed && shapesEqual(old.view.shape, shape)) return old.view;
    old?.view.disown().dispose();
    const view = source.reshape(shape).own(this.describe(key));
    this.views.set(key, { source, view });
    return view;
  }

  /** Frees every tensor and view. */
  dispose(): void {
    for (const t of this.tensors.values()) t.disown().dispose();
    for (const v of this.views.values()) v.view.disown().dispose();
    this.tensors.clear();
    this.views.clear();
  }

  /** "layer 'fc1' (its forward output, reused by the next call)". */
  private describe(key: string): string {
    const owner = typeof this.owner === "function" ? this.owner() : this.owner;
    return `${owner} (${ROLES.get(key) ?? `its '${key}' buffer`}, reused by the next call)`;
  }
}
