import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag findings every function of this app shares, acknowledged once with their reasons: the
 * AWS-maintained execution policies (and the VPC one for functions in the VPC) and the pinned runtime.
 */
export function acknowledgeLambdaBasics(fn: IConstruct, { inVpc }: { inVpc: boolean }): void {
  Validations.of(fn).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'The AWS-maintained basic execution policy only lets the function write its own CloudWatch logs; a hand-copied equivalent would go stale.',
    },
    ...(inVpc
      ? [
          {
            id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
            reason:
              'The AWS-maintained VPC access policy only lets Lambda manage the network interfaces that put the function in the VPC next to the database.',
          },
        ]
      : []),
    {
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the Lambda target (the newest runtime the bundle is tested on, Node 20 and 22); a newer runtime is a deliberate upgrade, not drift.',
    },
  );
}
