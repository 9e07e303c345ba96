// `npm run advise -- --workload <file.json> [--format json|table] [--prices <file.json>]`, or
// `--from-metrics <request log | bench result>`. Exit 0 with the advice, 2 for unusable input (the
// message names the field or argument), 1 for anything else.
import { readFile } from 'node:fs/promises';
import { advise } from '../advisor/advise.js';
import { AdvisorInputError } from '../advisor/advisor-errors.js';
import { parseAdviseArgs } from '../advisor/cli-args.js';
import { formatTable } from '../advisor/format-table.js';
import { workloadFromMetrics } from '../advisor/from-metrics.js';
import { pricesWithOverrides } from '../advisor/prices.js';
import { parseWorkload } from '../advisor/workload.js';

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

try {
  const args = parseAdviseArgs(process.argv.slice(2));
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
  process.stdout.write(
    args.format === 'table' ? formatTable(advice) : `${JSON.stringify(advice, null, 2)}\n`,
  );
} catch (error) {
  process.stderr.write(`advise: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof AdvisorInputError ? 2 : 1;
}
