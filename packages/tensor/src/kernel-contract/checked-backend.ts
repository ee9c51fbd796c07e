import type { Backend, DataId } from "../backend.js";
import type { StorageProbe } from "./argument-checks.js";
import { KERNEL_CONTRACTS, type BufferRole } from "./kernel-contracts.js";
import type { KernelName } from "./kernel-name.js";

/** A storage argument of one kernel: its name and role, and where it sits (argument index, field of it). */
interface BufferSlot {
  name: string;
  role: BufferRole;
  index: number;
  field: string | null;
}

/** A kernel's contract seen without its argument types, as the wrapper calls it. */
interface UntypedContract {
  readonly args: readonly string[];
  readonly buffers: Readonly<Record<string, BufferRole>>;
  readonly inPlace: readonly (readonly [string, string])[];
  check(probe: StorageProbe, ...args: unknown[]): void;
}

function slotsOf(kernel: KernelName, c: UntypedContract): BufferSlot[] {
  return Object.entries(c.buffers).map(([name, role]) => {
    const [head, field = null] = name.split(".");
    const index = c.args.indexOf(head);
    if (index < 0) throw new Error(`KERNEL_CONTRACTS.${kernel}: buffer ${name} is not one of its arguments ${c.args.join(", ")}`);
    return { name, role, index, field };
  });
}

function storageAt(slot: BufferSlot, args: readonly unknown[]): unknown {
  const arg = args[slot.index];
  return slot.field === null ? arg : (arg as Record<string, unknown> | null | undefined)?.[slot.field];
}

/** Throws when an output shares storage with another argument outside the kernel's in-place pairs. */
function checkAliases(backend: string, kernel: KernelName, c: UntypedContract, slots: readonly BufferSlot[], args: readonly unknown[]): void {
  for (let i = 0; i < slots.length; i++) {
    const id = storageAt(slots[i], args);
    if (!id) continue;
    for (let j = i + 1; j < slots.length; j++) {
      const [s, t] = [slots[i], slots[j]];
      if (storageAt(t, args) !== id || (s.role === "in" && t.role === "in")) continue;
      if (c.inPlace.some(([o, x]) => (o === s.name && x === t.name) || (o === t.name && x === s.name))) continue;
      const rule = c.inPlace.length === 0
        ? "it never runs in place: give every output its own storage"
        : `only ${c.inPlace.map(([o, x]) => `${o} = ${x}`).join(" or ")} may share storage`;
      throw new Error(`${backend} backend ${kernel}: ${s.name} and ${t.name} are the same storage; ${rule} (the in-place rule of Backend)`);
    }
  }
}

/**
 * Wraps a backend in a checking mode for tests and debugging: every call runs the argument checks
 * of `KERNEL_CONTRACTS` and throws when an output shares storage with another argument where the
 * in-place rule does not allow it (a GPU could not bind it), before the backend sees the call.
 * Storage must be made through the wrapper (it remembers sizes); the backend's own handles work
 * with both.
 *
 * @example
 * const b = checkedBackend(new JsBackend());
 * const x = b.alloc(4);
 * b.softmax(x, x, 1, 4); // throws: softmax never runs in place
 */
export function checkedBackend(backend: Backend): Backend {
  const sizes = new WeakMap<DataId, number>();
  const probe: StorageProbe = {
    name: backend.name,
    elements(id, kernel, arg) {
      const size = sizes.get(id);
      if (size === undefined) {
        throw new Error(`${backend.name} backend ${kernel}: ${arg} is not live storage of this checked backend (freed, or made before wrapping)`);
      }
      return size;
    },
  };
  const checked: Record<string, unknown> = { name: backend.name, dtype: backend.dtype, label: `${backend.label}, checked` };
  for (const kernel of Object.keys(KERNEL_CONTRACTS) as KernelName[]) {
    const method = backend[kernel] as ((...args: unknown[]) => unknown) | undefined;
    if (!method) continue; // readSync, on a backend that reads only asynchronously
    const contract = KERNEL_CONTRACTS[kernel] as unknown as UntypedContract;
    const slots = slotsOf(kernel, contract);
    checked[kernel] = (...args: unknown[]) => {
      contract.check(probe, ...args);
      checkAliases(backend.name, kernel, contract, slots, args);
      return method.apply(backend, args);
    };
  }
  const alloc = checked.alloc as Backend["alloc"];
  checked.alloc = (size: number): DataId => {
    const id = alloc(size);
    sizes.set(id, size);
    return id;
  };
  checked.free = (id: DataId): void => {
    sizes.delete(id);
    backend.free(id);
  };
  return checked as unknown as Backend;
}
