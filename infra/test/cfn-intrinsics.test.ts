import { describe, expect, it } from 'vitest';
import { intrinsicViolations } from './cfn-intrinsics.js';

const weak = { 'Fn::GetStackOutput': { StackName: 'Slimshop-prod-Data', OutputName: 'ProxyArn' } };
const bucket = { Type: 'AWS::S3::Bucket' };
/** A template with one resource whose property holds `value`, and anything else given. */
const withValue = (value: unknown, rest: Record<string, unknown> = {}) => ({
  Parameters: { Stage: { Type: 'String' } },
  Resources: { Bucket: bucket, Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: value } } },
  ...rest,
});
/** `${name}` as Fn::Sub writes it. */
const sub = (name: string) => `\${${name}}`;
const messages = (template: Record<string, unknown>) => intrinsicViolations(template).map((v) => v.message);

describe('Fn::GetStackOutput', () => {
  it.each([
    ['a whole property value', weak],
    ["Fn::Join's list", { 'Fn::Join': ['', ['arn:', weak]] }],
    ["Fn::Select's list", { 'Fn::Select': [0, [weak]] }],
    ["Fn::If's values", { 'Fn::If': ['IsProd', weak, 'none'] }],
    ["Fn::Sub's variables", { 'Fn::Sub': [`${sub('Id')}/app`, { Id: weak }] }],
    ['Fn::Base64', { 'Fn::Base64': weak }],
  ])('is accepted as %s', (_, value) => {
    expect(messages(withValue(value))).toEqual([]);
  });

  it('is refused inside Fn::Split, as CDK writes a weak reference to a list or to part of an ARN', () => {
    const value = { 'Fn::Select': [6, { 'Fn::Split': [':', weak] }] };
    expect(intrinsicViolations(withValue(value))).toEqual([
      {
        path: 'Resources.Queue.Properties.QueueName.Fn::Select[1].Fn::Split[1].Fn::GetStackOutput',
        message: "Fn::GetStackOutput is not accepted in Fn::Split's source string",
      },
    ]);
  });

  it('is refused in export names, conditions and its own parameters', () => {
    const template = withValue('queue', {
      Conditions: { IsProd: { 'Fn::Equals': [weak, 'prod'] } },
      Outputs: { Id: { Value: weak, Export: { Name: weak } } },
    });
    expect(messages(template)).toEqual([
      'Fn::GetStackOutput is not accepted in an export name',
      "Fn::GetStackOutput is not accepted in Fn::Equals's arguments, within a condition",
    ]);
    const nested = { 'Fn::GetStackOutput': { StackName: 'Data', OutputName: weak } };
    expect(messages(withValue(nested))).toEqual([
      "Fn::GetStackOutput is not accepted in Fn::GetStackOutput's parameters",
    ]);
  });
});

describe('Fn::ImportValue and export names', () => {
  it('may import a name built from parameters and pseudo parameters, and split what it imports', () => {
    const name = { 'Fn::Sub': [`${sub('AWS::StackName')}-${sub('Stage')}-Arn`, {}] };
    const value = { 'Fn::Split': [',', { 'Fn::ImportValue': name }] };
    expect(messages(withValue({ 'Fn::Select': [0, value] }))).toEqual([]);
  });

  it('may not import a name that depends on a resource, however deep', () => {
    const template = withValue({
      'Fn::ImportValue': { 'Fn::Join': ['-', [{ Ref: 'Bucket' }, { 'Fn::GetAtt': ['Bucket', 'Arn'] }]] },
    });
    expect(messages(template)).toEqual([
      "Ref Bucket names a resource in Fn::Join's list, within Fn::ImportValue's name",
      "Fn::GetAtt in Fn::Join's list, within Fn::ImportValue's name: it must not depend on a resource or another stack",
    ]);
    expect(messages(withValue({ 'Fn::ImportValue': { 'Fn::Sub': sub('Bucket.Arn') } }))).toEqual([
      "Fn::GetAtt Bucket names a resource in Fn::ImportValue's name",
    ]);
  });

  it("may not import another stack's import, nor export a resource's name", () => {
    const template = withValue(
      { 'Fn::ImportValue': { 'Fn::ImportValue': 'Other' } },
      { Outputs: { Name: { Value: { Ref: 'Bucket' }, Export: { Name: { Ref: 'Bucket' } } } } },
    );
    expect(messages(template)).toEqual([
      "Fn::ImportValue is not accepted in Fn::ImportValue's name",
      'Ref Bucket names a resource in an export name',
    ]);
  });
});

describe('the other documented nestings', () => {
  it.each([
    ['a function as a delimiter', { 'Fn::Join': [{ Ref: 'Stage' }, ['a']] }, "Fn::Join's delimiter"],
    [
      'Fn::Split in Fn::Sub',
      { 'Fn::Sub': [sub('X'), { X: { 'Fn::Split': [',', 'a,b'] } }] },
      "Fn::Sub's variables",
    ],
    ['Fn::Sub in Fn::Select', { 'Fn::Select': [0, { 'Fn::Sub': 'a' }] }, "Fn::Select's list"],
    [
      'a condition function in a property',
      { 'Fn::Not': [{ Condition: 'IsProd' }] },
      'a property or output value',
    ],
  ])('refuses %s', (_, value, where) => {
    expect(messages(withValue(value))).toEqual([expect.stringContaining(`not accepted in ${where}`)]);
  });

  it("refuses Ref and Fn::GetAtt of something this template does not have (another stack's logical id)", () => {
    expect(
      messages(withValue({ 'Fn::Join': ['', [{ Ref: 'DataVpc' }, { 'Fn::GetAtt': 'Proxy.Arn' }]] })),
    ).toEqual([
      'Ref DataVpc: nothing of that name in this template',
      'Fn::GetAtt Proxy: nothing of that name in this template',
    ]);
  });

  it('refuses functions in parameters and mappings, and functions it has no rule for', () => {
    const template = withValue(
      { 'Fn::ToJsonString': { a: 1 } },
      { Mappings: { Region: { 'us-east-1': { Ami: { Ref: 'Stage' } } } } },
    );
    expect(messages(template)).toEqual([
      'Fn::ToJsonString is not accepted in a property or output value',
      'Ref is not accepted in the Mappings section',
    ]);
  });

  it('takes what CDK writes in rules and conditions', () => {
    const template = withValue('queue', {
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
      Rules: {
        CheckBootstrapVersion: {
          Assertions: [
            {
              Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2'], { Ref: 'Stage' }] }] },
              AssertDescription: 'v6',
            },
          ],
        },
      },
    });
    expect(messages(template)).toEqual([]);
  });
});
