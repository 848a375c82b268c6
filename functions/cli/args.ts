/** Splits `args` into positional inputs and `--name value` options. */
export function parseArgs(
  args: string[],
  known: readonly string[],
): { inputs: string[]; options: Record<string, string> } {
  const inputs: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      inputs.push(arg);
      continue;
    }
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!known.includes(flag))
      throw new Error(`unknown option --${flag} (known: ${known.map((k) => `--${k}`).join(', ')})`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`option --${flag} needs a value`);
    options[flag] = value;
  }
  return { inputs, options };
}
