import { parseArgs } from 'node:util';

/** The options a command takes besides `--help`: `--name value` (string) or `--name` alone (flag). */
export type OptionSpecs = Record<string, { type: 'string' | 'boolean' }>;

export type CommandLine =
  | { help: true }
  | { help: false; values: Record<string, string | boolean | undefined> };

/** A command line the command cannot use; the message is one line naming the option or argument. */
export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

/** `--help` or `-h` before any `--` (after it nothing is an option). */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/**
 * Reads `argv` with node:util's parseArgs. `--help` or `-h` anywhere wins over everything else, so asking
 * for the usage never does anything but print it. Otherwise an unknown option, a string option without a
 * value (`--workload --format table` is a forgotten value, not a file named `--format`) and a stray
 * argument are errors.
 */
export function readCommandLine(argv: readonly string[], options: OptionSpecs): CommandLine {
  if (asksForHelp(argv)) return { help: true };
  // Not strict: parseArgs' own messages differ by case and Node version; the tokens say exactly what was typed.
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | undefined> = {};
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') throw new CommandLineError(`unexpected argument ${token.value}`);
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) throw new CommandLineError(`unknown option ${token.rawName}`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new CommandLineError(`${token.rawName} takes no value`);
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--')))
      throw new CommandLineError(`${token.rawName} needs a value`);
    values[token.name] = value;
  }
  return { help: false, values };
}
