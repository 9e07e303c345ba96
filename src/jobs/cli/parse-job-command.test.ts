import { describe, expect, it } from 'vitest';
import { asksForHelp, parseJobCommand } from './parse-job-command.js';

const HELP = 'every job, one a line';
const parse = (...argv: string[]) => parseJobCommand(argv, () => HELP);
const usage = (...argv: string[]) => {
  const command = parse(...argv);
  if (command.kind !== 'usage') throw new Error(`expected a usage error for ${argv.join(' ')}`);
  return command.message;
};

describe('parseJobCommand', () => {
  it('answers --help, -h and help with the list of jobs', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['--bogus', '--help']])
      expect(parse(...argv)).toEqual({ kind: 'help', text: HELP });
  });

  it("answers a job's --help with its options, even next to options that are wrong", () => {
    for (const argv of [
      ['import-catalog', '--help'],
      ['import-catalog', '-h'],
      ['import-catalog', '--colour', 'red', '--help'],
      ['import-catalog', '--file', '--help'],
    ]) {
      const command = parse(...argv);
      expect(command.kind).toBe('help');
      const text = command.kind === 'help' ? command.text : '';
      expect(text).toContain('Usage: npm run job -- import-catalog');
      expect(text).toContain('--file <value>  (required)');
      expect(text).toMatch(/--format <value>\n/);
    }
    // Options are spelt in kebab-case, as they are typed.
    const salesHelp = parse('sales-report', '--help');
    expect(salesHelp.kind === 'help' && salesHelp.text).toContain('--group-by <value>\n');
  });

  it('reads --name value and --name=value into the schema, kebab-case to camelCase', () => {
    const command = parse('import-catalog', '--file', 'rows.csv', '--format=csv', '--report', 'out.jsonl');
    expect(command).toMatchObject({
      kind: 'run',
      args: { file: 'rows.csv', format: 'csv', report: 'out.jsonl' },
      raw: { file: 'rows.csv', format: 'csv', report: 'out.jsonl' },
    });
    expect(command.kind === 'run' && command.definition.name).toBe('import-catalog');
    const report = parse('sales-report', '--from', '2026-01-01', '--to', '2026-02-01', '--out', 'r.csv');
    expect(report.kind === 'run' && report.args).toMatchObject({ groupBy: 'day' });
    const byProduct = parse(
      'sales-report',
      '--from=2026-01-01',
      '--to=2026-02-01',
      '--out=r.csv',
      '--group-by',
      'product',
    );
    expect(byProduct.kind === 'run' && byProduct.args).toMatchObject({ groupBy: 'product' });
  });

  it('names what is wrong: no job, an unknown job or option, a missing value, a stray argument', () => {
    expect(usage()).toBe(`No job named.\n\n${HELP}`);
    expect(usage('import-everything')).toBe(`Unknown job "import-everything".\n\n${HELP}`);
    expect(usage('--colour')).toBe('Unknown option --colour (see npm run job -- --help).');
    expect(usage('import-catalog', '--file', 'x.jsonl', '--colour', 'red')).toBe(
      'Unknown option --colour for import-catalog (see npm run job -- import-catalog --help).',
    );
    expect(usage('import-catalog', '--file')).toBe('--file needs a value.');
    expect(usage('import-catalog', '--file', '--format', 'csv')).toBe('--file needs a value.');
    expect(usage('import-catalog', 'x.jsonl')).toBe(
      'Unexpected argument "x.jsonl" (options are --name value).',
    );
  });

  it("reports values the job's schema refuses, each by its option", () => {
    const message = usage('import-catalog', '--format', 'xml');
    expect(message).toMatch(/^Invalid options for import-catalog:\n/);
    expect(message).toContain('  --file: is required');
    expect(message).toMatch(/ {2}--format: /);
    expect(usage('sales-report', '--from', 'x', '--to', '2026-02-01', '--out', 'r.csv')).toMatch(/--from: /);
  });
});

describe('asksForHelp', () => {
  it('is true for --help, -h and help, for the whole command or one job, and false otherwise', () => {
    expect(asksForHelp(['--help'])).toBe(true);
    expect(asksForHelp(['help'])).toBe(true);
    expect(asksForHelp(['import-catalog', '--file', 'x', '-h'])).toBe(true);
    expect(asksForHelp(['import-catalog', '--file', 'x'])).toBe(false);
    expect(asksForHelp(['import-catalog', '--', '--help'])).toBe(false);
  });
});
