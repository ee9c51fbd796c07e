import type { MatmulTiming } from "./measure/matmul-gflops.js";
import type { SystemName } from "./plan.js";

/** What the parent asks one child process to run; sent as JSON on its command line. */
export interface Task<S extends SystemName = SystemName> {
  system: S;
  workload: string;
  /** Batches to train before stopping; null: the whole epoch. */
  maxBatches: number | null;
  /** Seconds of training before stopping; null: no limit. */
  maxSeconds: number | null;
  testSamples: number;
  /** Tally CPU time per chainrule kernel during training. */
  profile: boolean;
  matmul: MatmulTiming;
}
