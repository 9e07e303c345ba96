import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import {
  type ApplicationListener,
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ListenerCertificate,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PRIVATE_BUCKET } from './private-bucket.js';

export interface ApiLoadBalancerProps {
  readonly vpc: IVpc;
  /** Public subnets: the load balancer faces the internet. */
  readonly subnets: SubnetSelection;
  /** HTTPS on 443 (and 80 redirecting to it) with this ACM certificate; plain HTTP on 80 without. */
  readonly certificateArn?: string;
  readonly accessLogs: boolean;
  readonly accessLogRetentionDays: number;
}

/** The public entry of the container variants. */
export class ApiLoadBalancer extends Construct {
  readonly loadBalancer: ApplicationLoadBalancer;
  readonly listener: ApplicationListener;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ApiLoadBalancerProps) {
    super(scope, id);
    this.loadBalancer = new ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      internetFacing: true,
      dropInvalidHeaderFields: true,
    });
    Validations.of(this.loadBalancer).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'A public API: its load balancer accepts HTTP(S) from anywhere, and only on the listener ports.',
    });

    if (props.certificateArn) {
      this.listener = this.loadBalancer.addListener('Https', {
        protocol: ApplicationProtocol.HTTPS,
        certificates: [ListenerCertificate.fromArn(props.certificateArn)],
      });
      this.loadBalancer.addRedirect({
        sourceProtocol: ApplicationProtocol.HTTP,
        targetProtocol: ApplicationProtocol.HTTPS,
      });
      this.url = `https://${this.loadBalancer.loadBalancerDnsName}`;
    } else {
      this.listener = this.loadBalancer.addListener('Http', { protocol: ApplicationProtocol.HTTP });
      this.url = `http://${this.loadBalancer.loadBalancerDnsName}`;
    }

    if (props.accessLogs) {
      const logs = new Bucket(this, 'AccessLogs', {
        ...PRIVATE_BUCKET,
        // Retained: CloudFormation cannot delete a non-empty bucket, and logs outlive the stack on purpose.
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays) }],
      });
      Validations.of(logs).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This bucket is itself the access-log destination; logging it would recurse.',
      });
      this.loadBalancer.logAccessLogs(logs, 'alb');
    } else {
      Validations.of(this.loadBalancer).acknowledge({
        id: 'AwsSolutions-ELB2',
        reason:
          'Access logs are a stage switch (albAccessLogs): off in dev to keep an idle stack free of storage, on in prod.',
      });
    }
  }
}
