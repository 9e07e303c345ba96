import { parseArgs } from 'node:util';
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

type Definition = JobDefinition<unknown, Record<string, unknown>>;

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';

/**
 * Whether the command asks for usage only (`--help`, `-h`, `help`), so a shell can skip its set-up (checks
 * that start programs, configuration it would refuse) and still answer.
 */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return argv[0] === 'help' || (end === -1 ? argv : argv.slice(0, end)).some(isHelp);
}
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A job's options as the command line spells them (`group-by`), with the schema key each fills (`groupBy`). */
function optionsOf(definition: Definition): { flag: string; key: string; required: boolean }[] {
  const shape = (definition.args as { shape?: Record<string, { _zod?: { optin?: string } }> }).shape ?? {};
  // zod marks optional and defaulted fields as optional on input; anything else must be given.
  return Object.entries(shape).map(([key, schema]) => ({
    flag: kebab(key),
    key,
    required: schema._zod?.optin === undefined,
  }));
}

/** `npm run job -- <name> --help`: the job's description and the options it takes. */
export function jobHelpText(definition: Definition): string {
  const options = optionsOf(definition).map(
    ({ flag, required }) => `  --${flag} <value>${required ? '  (required)' : ''}`,
  );
  return [
    `Usage: npm run job -- ${definition.name} [--option value]...`,
    '',
    `${definition.name}: ${definition.description}`,
    '',
    'Options:',
    ...options,
    '  -h, --help  this text',
    '',
  ].join('\n');
}

/**
 * `<name> [--option value | --option=value]...` -> the job and its validated args. Options are the
 * definition's args by name (kebab-case on the command line, camelCase in the schema), read with node:util
 * parseArgs; every value is a string and each schema coerces what it needs. `--help` or `-h` anywhere
 * answers with the usage and nothing else; anything unknown or malformed is a usage error (exit 2).
 */
export function parseJobCommand(argv: readonly string[], helpText: () => string): JobCommand {
  const [name, ...rest] = argv;
  if (name === undefined) return { kind: 'usage', message: `No job named.\n\n${helpText()}` };
  if (isHelp(name) || name === 'help') return { kind: 'help', text: helpText() };
  if (name.startsWith('-')) {
    if (rest.some(isHelp)) return { kind: 'help', text: helpText() };
    return { kind: 'usage', message: `Unknown option ${name} (see npm run job -- --help).` };
  }
  const definition = findJob(name);
  if (definition === undefined) return { kind: 'usage', message: `Unknown job "${name}".\n\n${helpText()}` };
  const end = rest.indexOf('--');
  if ((end === -1 ? rest : rest.slice(0, end)).some(isHelp))
    return { kind: 'help', text: jobHelpText(definition) };

  const options = optionsOf(definition);
  // Not strict: the tokens say exactly what was typed, so each problem gets a message naming its option.
  const { tokens } = parseArgs({
    args: rest,
    options: Object.fromEntries(options.map(({ flag }) => [flag, { type: 'string' as const }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const raw: Record<string, string> = {};
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional')
      return { kind: 'usage', message: `Unexpected argument "${token.value}" (options are --name value).` };
    const option = options.find(({ flag }) => flag === token.name);
    if (option === undefined)
      return {
        kind: 'usage',
        message: `Unknown option ${token.rawName} for ${definition.name} (see npm run job -- ${definition.name} --help).`,
      };
    // `--file --format csv` is a forgotten value, not a file named "--format".
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))
      return { kind: 'usage', message: `--${option.flag} needs a value.` };
    raw[option.key] = token.value;
  }
  const parsed = definition.args.safeParse(raw);
  if (!parsed.success) {
    const problems = fieldErrorsFromZod(parsed.error, undefined, 'args')
      .map((error) => `  --${kebab(error.path)}: ${error.message}`)
      .join('\n');
    return {
      kind: 'usage',
      message: `Invalid options for ${definition.name}:\n${problems}\n\n${jobHelpText(definition)}`,
    };
  }
  return { kind: 'run', definition, args: parsed.data, raw };
}
