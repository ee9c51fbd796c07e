import { parseSettings, type TrainSettings } from "../protocol.js";

/** Fields fixed for the life of a run: changing them needs a new model, so they wait for a reset. */
const RUN_FIELDS = ["model", "backend", "optimizer", "batchSize", "seed"] as const;
const NUMBER_FIELDS = new Set(["learningRate", "batchSize", "steps", "seed"]);

/**
 * The settings in the form, checked; the error names the field that is wrong.
 *
 * @example
 * const settings = readSettings(document.querySelector("form")!);
 */
export function readSettings(form: HTMLFormElement): TrainSettings {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of new FormData(form)) raw[key] = NUMBER_FIELDS.has(key) ? Number(value) : value;
  // Disabled fields are left out of FormData; read them from their elements.
  for (const name of RUN_FIELDS) {
    const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (el && !(name in raw)) raw[name] = NUMBER_FIELDS.has(name) ? Number(el.value) : el.value;
  }
  return parseSettings(raw);
}

/**
 * Puts `settings` into the form.
 *
 * @example
 * writeSettings(form, DEFAULT_SETTINGS);
 */
export function writeSettings(form: HTMLFormElement, settings: Partial<TrainSettings>): void {
  for (const [key, value] of Object.entries(settings)) {
    const el = form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement | null;
    if (el) el.value = String(value);
  }
}

/**
 * Locks the fields a running model depends on (model, backend, optimizer, batch size, seed), or
 * unlocks them after a reset. Learning rate and step count stay editable: they apply on resume.
 *
 * @example
 * lockRunFields(form, true);
 */
export function lockRunFields(form: HTMLFormElement, locked: boolean): void {
  for (const name of RUN_FIELDS) {
    const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (el) el.disabled = locked;
  }
}
