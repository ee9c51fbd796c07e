/**
 * A saved model that cannot be read or does not fit: names the file (or other source) and what is wrong.
 *
 * @example
 * try { await loadModel("model.safetensors"); } catch (e) { if (e instanceof ModelFileError) console.error(e.source, e.problem); }
 */
export class ModelFileError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
    this.name = "ModelFileError";
  }
}
