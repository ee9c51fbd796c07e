import type { NodeSystemName } from "../plan.js";
import type { System } from "./system.js";

/**
 * Starts one system. Each system's libraries are imported only when it is asked for, so a run's
 * peak memory holds that system alone.
 *
 * @example
 * const sys = await createSystem("tfjs-wasm");
 */
export async function createSystem(name: NodeSystemName): Promise<System> {
  switch (name) {
    case "chainrule-js":
      return (await import("./chainrule.js")).createChainruleSystem(name, "js");
    case "chainrule-wasm-1t":
      return (await import("./chainrule.js")).createChainruleSystem(name, "wasm", 1);
    case "chainrule-wasm-2t":
      return (await import("./chainrule.js")).createChainruleSystem(name, "wasm", 2);
    case "chainrule-webgpu":
      return (await import("./chainrule.js")).createChainruleSystem(name, "webgpu");
    case "tfjs-cpu":
      return (await import("./tfjs.js")).createTfjsSystem(name, "cpu");
    case "tfjs-wasm":
      return (await import("./tfjs.js")).createTfjsSystem(name, "wasm");
  }
}
