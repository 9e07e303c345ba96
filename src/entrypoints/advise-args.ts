import { CommandLineError, readCommandLine } from './command-line.js';

export interface AdviseArgs {
  workload?: string;
  fromMetrics?: string;
  prices?: string;
  /** Absent: the caller picks (a table on a terminal, JSON when piped). */
  format?: 'json' | 'table';
}

export const ADVISE_HELP = `Usage: npm run advise -- --workload <file.json> [--format table|json] [--prices <file.json>]
       npm run advise -- --from-metrics <file> [--format table|json] [--prices <file.json>]

The cost and fit of every AWS option for a workload (an API, batch jobs, data), the recommendation with
its reasons, and the break-even points where it would change. See docs/advisor.md.

  --workload <file.json>  the workload: examples/workloads/*.json, schema docs/advisor-workload.schema.json
  --from-metrics <file>   derive the API's workload from the app's request log or a bench/results/*.json
  --format table|json     a table to read, or the JSON that POST /advisor answers;
                          default: a table on a terminal, JSON when piped
  --prices <file.json>    override price table entries by id, e.g. {"lambda.request": 2.5e-7}
  -h, --help              this text

Exit: 0 advice printed, 2 unusable input (the message names the field or option), 1 anything else.
`;

/** `--name value` or `--name=value`; exactly one of --workload and --from-metrics. */
export function parseAdviseArgs(argv: readonly string[]): { help: true } | { help: false; args: AdviseArgs } {
  const line = readCommandLine(argv, {
    workload: { type: 'string' },
    'from-metrics': { type: 'string' },
    prices: { type: 'string' },
    format: { type: 'string' },
  });
  if (line.help) return line;
  const { workload, 'from-metrics': fromMetrics, prices, format } = line.values as Record<string, string>;
  if (format !== undefined && format !== 'json' && format !== 'table')
    throw new CommandLineError(`--format must be json or table, not ${format}`);
  if ((workload === undefined) === (fromMetrics === undefined))
    throw new CommandLineError('give exactly one of --workload and --from-metrics');
  return { help: false, args: { workload, fromMetrics, prices, format } };
}
