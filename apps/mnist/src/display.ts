import { Presets, SingleBar } from "cli-progress";
import type { BatchLog, Callback, EpochLog, GradFlowSample, TrainContext } from "@chainrule/train";
import { formatTable, type Column } from "./table.js";

/** Where and how much to print. */
export interface DisplayOptions {
  /** Print nothing while training (the final result is printed by the caller). */
  quiet: boolean;
  /** Live bars when true; plain lines (a few per epoch) when stdout is not a terminal. */
  tty: boolean;
  write: (text: string) => void;
}

/** Widths fit every value, so rows printed one epoch at a time line up. */
const EPOCH_COLUMNS: Column[] = [
  { header: "epoch" }, { header: "train loss" }, { header: "train acc" }, { header: "test loss" }, { header: "test acc" },
  { header: "lr", width: 7 }, { header: "seconds" }, { header: "samples/s" },
];
/** Plain-line mode prints progress this many times per epoch. */
const PLAIN_UPDATES = 4;

/** "97.12%" */
export function pct(v: number | null): string {
  return v === null ? "—" : `${(100 * v).toFixed(2)}%`;
}

/** "1 epoch" / "5 epochs" */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** "1m 05s" / "42s" */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** One row of the per-epoch table. */
export function epochRow(e: EpochLog, epochs: number): string[] {
  return [
    `${e.epoch + 1}/${epochs}`, e.loss.toFixed(4), pct(e.accuracy), e.valLoss?.toFixed(4) ?? "—", pct(e.valAccuracy),
    e.lr.toExponential(1), e.seconds.toFixed(1), String(Math.round(e.samplesPerSecond)),
  ];
}

/**
 * The per-layer gradient-flow table: weight-gradient norm and its ratio to the weight norm, and
 * for activations the fraction of dead (ReLU) or saturated (sigmoid, tanh) units.
 *
 * @example
 * console.log(gradFlowTable(history.gradFlow[0]));
 */
export function gradFlowTable(s: GradFlowSample): string {
  const rows = s.layers.map((l) => l.kind === "weights"
    ? [l.layer, "weights", l.gradNorm.toExponential(2), l.ratio.toExponential(2), ""]
    : [l.layer, l.kind, "", "", `${pct(l.fraction)} ${l.kind === "relu" ? "dead" : "saturated"}`]);
  return `gradient flow at step ${s.step}\n${formatTable([
    { header: "layer", align: "left" }, { header: "kind", align: "left" }, { header: "‖∂L/∂W‖" }, { header: "‖∂L/∂W‖/‖W‖" }, { header: "units" },
  ], rows)}`;
}

/**
 * The training display: a live progress bar per epoch (loss, accuracy, samples/s, time left), a
 * table row per epoch, and the gradient-flow table of each epoch's last sample. Without a
 * terminal it prints plain lines instead of redrawing.
 *
 * @example
 * await fit(model, { ..., callbacks: [new TrainingDisplay({ quiet: false, tty: process.stdout.isTTY, write: (t) => process.stdout.write(t) })] });
 */
export class TrainingDisplay implements Callback {
  private bar: SingleBar | null = null;
  private epochStart = 0;
  private runningLoss = 0;
  private runningRight = 0;
  private runningSeen = 0;
  private nextPlain = 0;
  private flow: GradFlowSample[] = [];

  constructor(private readonly opts: DisplayOptions) {}

  onTrainBegin(ctx: TrainContext): void {
    if (!this.opts.quiet) this.print(`training for ${count(ctx.epochs, "epoch")} of ${ctx.samplesPerEpoch} samples (${count(ctx.stepsPerEpoch, "step")} each)`);
  }

  onEpochBegin(epoch: number, ctx: TrainContext): void {
    this.epochStart = performance.now();
    this.runningLoss = this.runningRight = this.runningSeen = 0;
    this.nextPlain = ctx.samplesPerEpoch / PLAIN_UPDATES;
    if (this.opts.quiet || !this.opts.tty) return;
    this.bar = new SingleBar({
      format: `epoch ${epoch + 1}/${ctx.epochs} {bar} {percentage}% | {value}/{total} | loss {loss} | acc {acc} | {speed} samples/s | {left} left`,
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stdout,
      fps: 5,
    }, Presets.shades_classic);
    this.bar.start(ctx.samplesPerEpoch, 0, { loss: "—", acc: "—", speed: "—", left: "?" });
  }

  onBatchEnd(log: BatchLog, ctx: TrainContext): void {
    this.runningLoss += log.loss * log.size;
    this.runningRight += (log.accuracy ?? 0) * log.size;
    this.runningSeen += log.size;
    if (this.opts.quiet) return;
    const elapsed = (performance.now() - this.epochStart) / 1000;
    const speed = log.seen / Math.max(elapsed, 1e-9);
    const left = (ctx.samplesPerEpoch - log.seen) / speed;
    const loss = (this.runningLoss / this.runningSeen).toFixed(4);
    const acc = log.accuracy === null ? "—" : pct(this.runningRight / this.runningSeen);
    if (this.bar) {
      this.bar.update(log.seen, { loss, acc, speed: String(Math.round(speed)), left: duration(left) });
    } else if (log.seen >= this.nextPlain && log.seen < ctx.samplesPerEpoch) {
      this.nextPlain += ctx.samplesPerEpoch / PLAIN_UPDATES;
      this.print(`epoch ${log.epoch + 1}/${ctx.epochs} ${String(Math.round((100 * log.seen) / ctx.samplesPerEpoch)).padStart(3)}% loss ${loss} acc ${acc} ${Math.round(speed)} samples/s ${duration(left)} left`);
    }
  }

  onGradFlow(sample: GradFlowSample): void {
    this.flow.push(sample);
  }

  onEpochEnd(log: EpochLog, ctx: TrainContext): void {
    this.bar?.stop();
    this.bar = null;
    if (this.opts.quiet) return;
    const table = formatTable(EPOCH_COLUMNS, [epochRow(log, ctx.epochs)]).split("\n");
    // Header and rule once, then a row per epoch: one table that grows down the screen.
    this.print((log.epoch === 0 ? table : table.slice(2)).join("\n"));
    const samples = log.epoch === 0 ? [this.flow[0], this.flow[this.flow.length - 1]] : [this.flow[this.flow.length - 1]];
    for (const s of new Set(samples.filter(Boolean))) this.print(gradFlowTable(s));
    this.flow = [];
  }

  onTrainEnd(): void {
    this.bar?.stop();
  }

  private print(text: string): void {
    this.opts.write(`${text}\n`);
  }
}
