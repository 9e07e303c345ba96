import type { Reporter, TestModule } from 'vitest/node';

/**
 * Lists, after the run's summary, every test skipped with a reason (`context.skip(reason)`), such as the
 * browser tests on a machine without Chromium. The default reporter shows skipped tests only as a count
 * when several files run, so a suite that could not run would pass unnoticed.
 */
export default class SkipReasonsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const lines = testModules.flatMap((module) =>
      [...module.children.allTests('skipped')].flatMap((test) => {
        const result = test.result();
        return result.state === 'skipped' && result.note
          ? [`  ↓ ${module.relativeModuleId} > ${test.fullName}: ${result.note}`]
          : [];
      }),
    );
    if (lines.length > 0) process.stdout.write(`\nSkipped, with the reason:\n${lines.join('\n')}\n\n`);
  }
}
