// `npm run advise -- --workload <file.json> [--format table|json] [--prices <file.json>]`, or
// `--from-metrics <request log | bench result>`; `--help` for the usage. Exit 0 with the advice, 2 for
// unusable input (the message names the field or argument), 1 for anything else.
import { readFile } from 'node:fs/promises';
import { advise } from '../advisor/advise.js';
import { AdvisorInputError } from '../advisor/advisor-errors.js';
import { formatTable } from '../advisor/format-table.js';
import { workloadFromMetrics } from '../advisor/from-metrics.js';
import { pricesWithOverrides } from '../advisor/prices.js';
import { parseWorkload } from '../advisor/workload.js';
import { ADVISE_HELP, parseAdviseArgs } from './advise-args.js';
import { CommandLineError } from './command-line.js';

async function readInput(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new AdvisorInputError(
      `Cannot read the ${what} file ${path}`,
      [{ path: what, message: 'cannot be read' }],
      { cause: error },
    );
  }
}

function parseJson(text: string, path: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AdvisorInputError(
      `The ${what} file ${path} is not valid JSON`,
      [{ path: what, message: 'is not JSON' }],
      { cause: error },
    );
  }
}

async function main(): Promise<void> {
  const line = parseAdviseArgs(process.argv.slice(2));
  if (line.help) {
    process.stdout.write(ADVISE_HELP);
    return;
  }
  const { args } = line;
  const prices = args.prices
    ? pricesWithOverrides(parseJson(await readInput(args.prices, 'prices'), args.prices, 'prices'))
    : undefined;
  let input: unknown;
  if (args.workload) input = parseJson(await readInput(args.workload, 'workload'), args.workload, 'workload');
  else if (args.fromMetrics) {
    const derived = workloadFromMetrics(await readInput(args.fromMetrics, 'metrics'));
    process.stderr.write(
      `Workload derived from ${args.fromMetrics}: ${JSON.stringify(derived.workload)}\n${derived.notes.map((n) => `  - ${n}\n`).join('')}`,
    );
    input = derived.workload;
  }
  const advice = advise(parseWorkload(input), prices);
  // People read a table; scripts and pipes (`| jq`) get the JSON that POST /advisor answers.
  const format = args.format ?? (process.stdout.isTTY ? 'table' : 'json');
  process.stdout.write(format === 'table' ? formatTable(advice) : `${JSON.stringify(advice, null, 2)}\n`);
}

try {
  await main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof CommandLineError ? ' (see --help)' : '';
  process.stderr.write(`advise: ${message}${hint}\n`);
  process.exitCode = error instanceof AdvisorInputError || error instanceof CommandLineError ? 2 : 1;
}
