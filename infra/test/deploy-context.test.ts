import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { InvalidContextError, readDeployContext } from '../lib/config/deploy-context.js';
import { STAGE_CONFIGS } from '../lib/config/stage-config.js';

const read = (context: Record<string, unknown>) => readDeployContext(new App({ context }).node);

describe('readDeployContext', () => {
  it('defaults to the Lambda variant in dev', () => {
    const deploy = read({});
    expect(deploy.compute).toBe('lambda');
    expect(deploy.config).toBe(STAGE_CONFIGS.dev);
    expect(deploy.certificateArn).toBeUndefined();
  });

  it.each(['lambda', 'fargate', 'fargate-spot', 'ec2'])('accepts -c compute=%s', (compute) => {
    expect(read({ compute, stage: 'prod' })).toMatchObject({ compute, config: { stage: 'prod' } });
  });

  it('names the key and the allowed values when a switch is misspelt', () => {
    expect(() => read({ compute: 'fargate_spot' })).toThrow(InvalidContextError);
    expect(() => read({ compute: 'fargate_spot' })).toThrow(
      'Invalid context: -c compute must be one of lambda | fargate | fargate-spot | ec2, got "fargate_spot"',
    );
    expect(() => read({ stage: 'production' })).toThrow(/-c stage must be one of dev \| prod/);
  });

  it('splits -c corsOrigins into a trimmed list and leaves the shared stage config untouched', () => {
    const deploy = read({ stage: 'prod', corsOrigins: 'https://a.example, https://b.example,' });
    expect(deploy.config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(STAGE_CONFIGS.prod.corsOrigins).toEqual([]);
  });

  it('accepts an ACM certificate ARN and rejects anything else', () => {
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';
    expect(read({ certificateArn: arn }).certificateArn).toBe(arn);
    expect(() => read({ certificateArn: 'my-cert' })).toThrow(
      /-c certificateArn must be an ACM certificate ARN/,
    );
  });
});

describe('stage configs', () => {
  it('protect and retain data in prod, not in dev', () => {
    expect(STAGE_CONFIGS.prod).toMatchObject({ deletionProtection: true, removalPolicy: 'retain' });
    expect(STAGE_CONFIGS.dev).toMatchObject({ deletionProtection: false, removalPolicy: 'destroy' });
  });

  it('keep every container drain within what ECS allows before SIGKILL on Fargate (120 s)', () => {
    for (const { container } of Object.values(STAGE_CONFIGS)) {
      expect(container.drainSeconds + 5).toBeLessThanOrEqual(120);
      expect(container.minTasks).toBeLessThanOrEqual(container.maxTasks);
    }
  });
});
