import { fieldErrorsFromZod } from '../../app/catalog/zod-errors.js';
import type { JobDefinition } from '../job.js';
import { findJob } from '../registry.js';

export type JobCommand =
  | { kind: 'help'; text: string }
  | { kind: 'usage'; message: string }
  | {
      kind: 'run';
      definition: JobDefinition<unknown, Record<string, unknown>>;
      args: unknown;
      raw: Record<string, string>;
    };

/**
 * `<name> [--option value | --option=value]...` -> the job and its validated args. Options are the
 * definition's args by name (kebab-case on the command line, camelCase in the schema); every value is a
 * string and each schema coerces what it needs. Anything unknown or malformed is a usage error (exit 2).
 */
export function parseJobCommand(argv: readonly string[], helpText: () => string): JobCommand {
  const [name, ...rest] = argv;
  if (name === undefined) return { kind: 'usage', message: `No job named.\n\n${helpText()}` };
  if (name === '--help' || name === '-h' || name === 'help') return { kind: 'help', text: helpText() };
  const definition = findJob(name);
  if (definition === undefined) return { kind: 'usage', message: `Unknown job "${name}".\n\n${helpText()}` };
  if (rest.includes('--help') || rest.includes('-h')) {
    return { kind: 'help', text: `${definition.name}: ${definition.description}\n` };
  }
  const raw: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] as string;
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(token);
    if (match === null)
      return { kind: 'usage', message: `Unexpected argument "${token}" (options are --name value).` };
    const key = (match[1] as string).replace(/-([a-z0-9])/g, (_, char: string) => char.toUpperCase());
    let value = match[2];
    if (value === undefined) {
      value = rest[i + 1];
      if (value === undefined || value.startsWith('--'))
        return { kind: 'usage', message: `--${match[1]} needs a value.` };
      i++;
    }
    raw[key] = value;
  }
  const parsed = definition.args.safeParse(raw);
  if (!parsed.success) {
    const problems = fieldErrorsFromZod(parsed.error, undefined, 'args')
      .map((error) => `  --${error.path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${error.message}`)
      .join('\n');
    return {
      kind: 'usage',
      message: `Invalid options for ${definition.name}:\n${problems}\n\n${definition.name}: ${definition.description}`,
    };
  }
  return { kind: 'run', definition, args: parsed.data, raw };
}
