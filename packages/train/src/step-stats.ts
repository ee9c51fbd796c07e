import type { Backend, DataId, FloatArray, Parameter, Tensor } from "@chainrule/tensor";

/**
 * Small device buffers that collect everything the host wants to know about a step, so the host
 * reads once per step: slot 0 the loss, slot 1 the batch accuracy, then Σ g² of every parameter
 * gradient, then any extra slots (the gradient-flow monitor's). Two buffers take turns by step
 * parity, so one step's statistics are read back while the next step writes its own.
 */
export class StepStats {
  static readonly LOSS = 0;
  static readonly ACCURACY = 1;
  private static readonly GRADS = 2;
  readonly extraBase: number;
  private readonly ids: readonly [DataId, DataId];
  private id: DataId;
  private readonly scratch = new Map<number, { pred: DataId; diff: DataId }>();

  constructor(
    private readonly backend: Backend,
    private readonly params: readonly Parameter[],
    extraSlots: number,
  ) {
    this.extraBase = StepStats.GRADS + params.length;
    this.ids = [backend.alloc(this.extraBase + extraSlots), backend.alloc(this.extraBase + extraSlots)];
    this.id = this.ids[0];
  }

  /** Sends the records of step `step` (and {@link read}) to its buffer of the two. */
  begin(step: number): void {
    this.id = this.ids[step % 2];
  }

  /** The current step's buffer. */
  get dataId(): DataId {
    return this.id;
  }

  /** Copies the one-element loss tensor into slot 0. */
  recordLoss(loss: Tensor): void {
    this.backend.copy(loss.dataId, this.id, 1);
  }

  /**
   * Slot 1 = fraction of rows of logits [rows, classes] whose argmax equals the class index in y:
   * argmax − y is exactly 0 where right, so the fraction of zeros is the accuracy.
   */
  recordAccuracy(logits: Tensor, y: Tensor): void {
    const rows = logits.shape[0];
    let s = this.scratch.get(rows);
    if (!s) {
      s = { pred: this.backend.alloc(rows), diff: this.backend.alloc(rows) };
      this.scratch.set(rows, s);
    }
    this.backend.argmax(logits.dataId, logits.shape, 1, s.pred);
    this.backend.binary("sub", s.pred, [rows], y.dataId, [rows], s.diff, [rows]);
    this.backend.fractionZeros(s.diff, rows, this.id, StepStats.ACCURACY);
  }

  /** Σ g² of each parameter gradient into its slot. */
  recordGradients(): void {
    this.params.forEach((p, i) => this.backend.sumSquares(p.grad.dataId, p.size, this.id, StepStats.GRADS + i));
  }

  /** Σ g² of parameter i, from values read back. */
  gradSq(values: ArrayLike<number>, i: number): number {
    return values[StepStats.GRADS + i];
  }

  /** Index of the first parameter whose gradient is NaN or infinite, or −1. */
  firstBadGradient(values: ArrayLike<number>): number {
    return this.params.findIndex((_, i) => !Number.isFinite(values[StepStats.GRADS + i]));
  }

  /** Reads the current step's buffer back. */
  read(): Promise<FloatArray> {
    return this.backend.read(this.id);
  }

  dispose(): void {
    for (const id of this.ids) this.backend.free(id);
    for (const s of this.scratch.values()) {
      this.backend.free(s.pred);
      this.backend.free(s.diff);
    }
    this.scratch.clear();
  }
}

/** Classification with class-index targets: logits [batch, classes > 1] and y [batch]. */
export function isClassification(logits: Tensor, y: Tensor): boolean {
  return logits.rank === 2 && logits.shape[1] > 1 && y.rank === 1 && y.shape[0] === logits.shape[0];
}
