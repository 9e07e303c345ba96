import { App, type CfnOutput, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { PublishedValue } from '../lib/constructs/published-value.js';

const env = { region: 'us-east-1' };

describe('PublishedValue', () => {
  const app = new App();
  const data = new Stack(app, 'Data', { env });
  const api = new Stack(app, 'Api', { env });
  const published = new PublishedValue(data, 'Id', { outputName: 'ThingId', value: 'prx-0123' });

  it('is the value itself in its own stack, under the output name given', () => {
    expect(published.valueFor(new Construct(data, 'Local'))).toBe('prx-0123');
    // Resolved rather than synthesised: synthesis would validate a whole app for one output.
    const output = published.node.findChild('Output') as CfnOutput;
    expect(data.resolve(output.logicalId)).toBe('ThingId');
    expect(data.resolve(output.value)).toBe('prx-0123');
  });

  it("is a bare Fn::GetStackOutput of that output in another stack, deployed after the value's", () => {
    const value = published.valueFor(new Construct(api, 'Reader'));
    expect(api.resolve(value)).toEqual({
      'Fn::GetStackOutput': { StackName: 'Data', OutputName: 'ThingId' },
    });
    expect(api.dependencies).toEqual([data]);
  });
});
