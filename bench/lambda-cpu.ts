/**
 * Lambda gives a function CPU in proportion to its memory: a full vCPU at 1,769 MB. Below that,
 * CPU-bound work measured on a full core here takes longer there by the inverse share (a 512 MB
 * function runs it about 3.5 times slower); waits do not stretch. Node's own work is one thread,
 * so more than a vCPU does not shorten it.
 */
export const FULL_VCPU_MB = 1769;

export function lambdaCpuStretch(memoryMb: number): number {
  return Math.max(1, FULL_VCPU_MB / memoryMb);
}

/** Billed milliseconds of an invocation: its CPU time as that memory runs it, plus its waits. */
export function lambdaMs(memoryMb: number, cpuMs: number, waitMs: number): number {
  return cpuMs * lambdaCpuStretch(memoryMb) + waitMs;
}
