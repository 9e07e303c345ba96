import { describe, expect, it } from 'vitest';
import { type ConfigError, loadApiConfig } from './config.js';

const API_ENV = { DATABASE_URL: 'postgres://shop:secret@db.example:6543/shop' };
const IMPORT_ARN = 'arn:aws:batch:eu-west-1:123456789012:job-definition/slimshop-import-catalog:4';
const AWS_JOBS = {
  JOBS_FUNCTION_NAME: 'slimshop-jobs',
  JOBS_QUEUE_ARN: 'arn:aws:batch:eu-west-1:123456789012:job-queue/slimshop-jobs',
  JOB_DEFINITION_ARNS: JSON.stringify({ 'import-catalog': IMPORT_ARN }),
};

const failure = (env: Record<string, string>) => {
  try {
    loadApiConfig({ ...API_ENV, ...env });
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('jobs configuration', () => {
  it('runs jobs in local child processes when no AWS runner is configured', () => {
    expect(loadApiConfig(API_ENV).jobs).toEqual({
      launch: { mode: 'local' },
      local: { dataDir: './.data', maxProcesses: 2, stopGraceMs: 25_000 },
    });
    expect(
      loadApiConfig({ ...API_ENV, DATA_DIR: '/srv/data', JOBS_MAX_PROCESSES: '4', SHUTDOWN_GRACE_MS: '5000' })
        .jobs?.local,
    ).toEqual({ dataDir: '/srv/data', maxProcesses: 4, stopGraceMs: 5000 });
    expect(failure({ JOBS_MAX_PROCESSES: '0' }).message).toMatch(
      /^Invalid configuration: JOBS_MAX_PROCESSES is invalid/,
    );
  });

  it('reads the jobs function, the queue, the exact job-definition ARNs and the bucket', () => {
    expect(loadApiConfig({ ...API_ENV, ...AWS_JOBS, JOBS_BUCKET: 'slimshop-jobs' }).jobs).toEqual({
      launch: {
        mode: 'aws',
        functionName: 'slimshop-jobs',
        queueArn: AWS_JOBS.JOBS_QUEUE_ARN,
        definitionArns: { 'import-catalog': IMPORT_ARN },
      },
      bucket: 'slimshop-jobs',
    });
  });

  it('fails naming the variable that is missing or wrong', () => {
    expect(failure({ JOBS_FUNCTION_NAME: 'slimshop-jobs' }).variable).toBe('JOBS_QUEUE_ARN');
    expect(failure({ JOBS_QUEUE_ARN: AWS_JOBS.JOBS_QUEUE_ARN }).variable).toBe('JOBS_FUNCTION_NAME');
    const { JOB_DEFINITION_ARNS: _, ...withoutArns } = AWS_JOBS;
    expect(failure(withoutArns).variable).toBe('JOB_DEFINITION_ARNS');
    expect(failure({ ...AWS_JOBS, JOB_DEFINITION_ARNS: '{oops' }).message).toMatch(
      /JOB_DEFINITION_ARNS is invalid: is not JSON/,
    );
    // Without the revision IAM's grant (which names the revision) would not match the submitted ARN.
    const unrevised = JSON.stringify({ 'import-catalog': IMPORT_ARN.replace(/:4$/, '') });
    expect(failure({ ...AWS_JOBS, JOB_DEFINITION_ARNS: unrevised }).message).toMatch(/with its revision/);
    expect(failure({ JOBS_BUCKET: 'Not A Bucket' }).variable).toBe('JOBS_BUCKET');
  });
});
