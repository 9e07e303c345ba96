import { AdvisorInputError } from './advisor-errors.js';

export interface AdviseArgs {
  workload?: string;
  fromMetrics?: string;
  prices?: string;
  format: 'json' | 'table';
}

export const ADVISE_USAGE =
  'usage: npm run advise -- (--workload <file.json> | --from-metrics <file>) [--format json|table] [--prices <file.json>]';

const usage = (message: string) =>
  new AdvisorInputError(`${message}\n${ADVISE_USAGE}`, [{ path: 'argv', message }]);

/** `--name value` or `--name=value`; exactly one of --workload and --from-metrics. */
export function parseAdviseArgs(argv: readonly string[]): AdviseArgs {
  const args: AdviseArgs = { format: 'json' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw usage(`${flag} needs a value`);
    if (flag === '--workload') args.workload = value;
    else if (flag === '--from-metrics') args.fromMetrics = value;
    else if (flag === '--prices') args.prices = value;
    else if (flag === '--format') {
      if (value !== 'json' && value !== 'table') throw usage(`--format must be json or table, not ${value}`);
      args.format = value;
    } else throw usage(`unknown argument ${flag}`);
  }
  if ((args.workload === undefined) === (args.fromMetrics === undefined))
    throw usage('give exactly one of --workload and --from-metrics');
  return args;
}
