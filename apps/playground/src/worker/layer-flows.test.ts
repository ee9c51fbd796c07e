import { describe, expect, it } from "vitest";
import { layerFlows } from "./layer-flows.js";

describe("layerFlows", () => {
  it("attaches each activation to the layer with weights before it", () => {
    const flows = layerFlows({
      step: 10,
      epoch: 0,
      layers: [
        { kind: "weights", layer: "conv1", parameter: "conv1.weight", gradNorm: 0.5, weightNorm: 5, ratio: 0.1 },
        { kind: "relu", layer: "relu1", fraction: 0.25 },
        { kind: "weights", layer: "fc1", parameter: "fc1.weight", gradNorm: 2, weightNorm: 4, ratio: 0.5 },
        { kind: "sigmoid", layer: "sigmoid1", fraction: 0.75 },
        { kind: "weights", layer: "fc2", parameter: "fc2.weight", gradNorm: 3, weightNorm: 1, ratio: 3 },
      ],
    });
    expect(flows).toEqual([
      { layer: "conv1", gradNorm: 0.5, ratio: 0.1, activation: "relu", inactive: 0.25 },
      { layer: "fc1", gradNorm: 2, ratio: 0.5, activation: "sigmoid", inactive: 0.75 },
      { layer: "fc2", gradNorm: 3, ratio: 3, activation: null, inactive: null },
    ]);
  });

  it("drops an activation with no layer with weights before it", () => {
    const flows = layerFlows({
      step: 1,
      epoch: 0,
      layers: [
        { kind: "tanh", layer: "tanh0", fraction: 0.5 },
        { kind: "weights", layer: "fc1", parameter: "fc1.weight", gradNorm: 1, weightNorm: 2, ratio: 0.5 },
      ],
    });
    expect(flows).toEqual([{ layer: "fc1", gradNorm: 1, ratio: 0.5, activation: null, inactive: null }]);
  });
});
