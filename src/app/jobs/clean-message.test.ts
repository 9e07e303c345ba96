import { describe, expect, it } from 'vitest';
import { cleanMessage } from './run-recorded-job.js';

describe('cleanMessage', () => {
  it("keeps a job's own message, first line only", () => {
    expect(cleanMessage(new Error('Line 3 is not JSON.\n    at parse (/srv/job.js:1:1)'))).toBe(
      'Line 3 is not JSON.',
    );
    expect(cleanMessage('plain')).toBe('plain');
    expect(cleanMessage(new Error(''))).toBe('The job failed.');
    expect(cleanMessage(new Error('x'.repeat(600)))).toHaveLength(500);
  });

  it("tells a file system error by its operation, the caller's path and its code", () => {
    const error = Object.assign(new Error("EEXIST: file already exists, mkdir '/data/in.jsonl'"), {
      code: 'EEXIST',
      syscall: 'mkdir',
      path: '/data/in.jsonl',
    });
    expect(cleanMessage(error)).toBe('A file operation failed: mkdir /data/in.jsonl (EEXIST).');
  });

  it('tells an AWS error by its name only (its text may hold ARNs)', () => {
    const error = Object.assign(
      new Error('User: arn:aws:sts::123456789012:assumed-role/x is not authorized'),
      {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      },
    );
    expect(cleanMessage(error)).toBe('An AWS request failed (AccessDenied).');
  });
});
