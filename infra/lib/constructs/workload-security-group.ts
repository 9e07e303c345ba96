import { type IVpc, Peer, Port, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';

/**
 * The security group of code that runs in the workload subnets (the API's function, tasks or instances, the
 * secret rotation function): outbound HTTPS only (Cognito's JWKS, ECR, CloudWatch, Secrets Manager, DynamoDB
 * through its gateway endpoint). PostgreSQL is added where the database admits the workload; nothing else
 * leaves.
 */
export function workloadSecurityGroup(scope: Construct, id: string, vpc: IVpc, what: string): SecurityGroup {
  const group = new SecurityGroup(scope, id, {
    vpc,
    allowAllOutbound: false,
    description: `${what}: HTTPS out, PostgreSQL to the database only where admitted`,
  });
  group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS to Cognito JWKS and AWS APIs');
  return group;
}
