/**
 * Work counted while a function runs, for tests that hold an algorithm to linear growth without
 * timing it: a built-in method is wrapped, and each call adds the cost `cost` gives it.
 */
type Method = (this: unknown, ...args: unknown[]) => unknown;

export function countedWork<K extends string>(
  target: Record<K, Method>,
  method: K,
  cost: (self: unknown, args: unknown[]) => number,
  run: () => unknown,
): number {
  const saved = target[method];
  let work = 0;
  target[method] = function (this: unknown, ...args: unknown[]) {
    work += cost(this, args);
    return saved.apply(this, args);
  };
  try {
    run();
  } finally {
    target[method] = saved;
  }
  return work;
}

/** Array elements visited by `for … of` (and spreads) while `run` runs. */
export function iterationWork(run: () => unknown): number {
  const iterator = Object.getPrototypeOf([][Symbol.iterator]()) as Record<'next', Method>;
  return countedWork(iterator, 'next', () => 1, run);
}

/** Array elements moved by `splice` while `run` runs: the work of inserting into sibling arrays. */
export function spliceWork(run: () => unknown): number {
  const proto = Array.prototype as unknown as Record<'splice', Method>;
  return countedWork(
    proto,
    'splice',
    (self, args) => {
      const length = (self as unknown[]).length;
      const start = Number(args[0] ?? 0);
      return Math.max(0, length - (start < 0 ? length + start : start));
    },
    run,
  );
}
