// The kernel contract: argument checks every backend runs, each storage argument's role, and the
// in-place rule, one table entry per kernel; and a checking wrapper that enforces the rule.
export type { StorageProbe } from "./argument-checks.js";
export { checkedBackend } from "./checked-backend.js";
export { KERNEL_CONTRACTS, type BufferRole, type KernelContract } from "./kernel-contracts.js";
export type { KernelArgs, KernelName } from "./kernel-name.js";
