import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

export interface PublishedValueProps {
  /** The output's logical id in the home stack: letters and digits, unique in that template. */
  readonly outputName: string;
  readonly value: string;
  readonly description?: string;
}

/**
 * A value one stack works out and others read whole, as its own output.
 *
 * CDK's automatic cross-stack references (weak in this app: cdk.json) share a resource attribute and leave
 * whatever was built on it to the reading stack, where Fn::GetStackOutput then sits inside that expression.
 * CloudFormation accepts Fn::GetStackOutput only as a whole value or in a few functions (Fn::Join, Fn::Select,
 * Fn::If, Fn::Sub, Fn::Base64; infra/test/cfn-intrinsic-rules.ts): a proxy id cut out of its ARN with Fn::Split
 * would fail at create-stack. Published finished, the reader gets a bare Fn::GetStackOutput.
 *
 * It also fixes what the home stack publishes, whoever reads it: an automatic reference adds an output to
 * the home stack only when some stack reads the value, so the data stack's template would change with the
 * compute variant deployed beside it.
 */
export class PublishedValue extends Construct {
  private readonly home: Stack;
  private readonly value: string;
  private readonly outputName: string;

  constructor(scope: Construct, id: string, { outputName, value, description }: PublishedValueProps) {
    super(scope, id);
    this.home = Stack.of(this);
    this.value = value;
    this.outputName = outputName;
    new CfnOutput(this, 'Output', { value, description }).overrideLogicalId(outputName);
  }

  /** The value as `reader`'s stack may use it: itself at home, elsewhere the home stack's output. */
  valueFor(reader: IConstruct): string {
    const stack = Stack.of(reader);
    if (stack === this.home) return this.value;
    // Outputs are read at deploy time, so the home stack must be deployed first.
    stack.addStackDependency(this.home, `reads ${this.home.stackName}'s ${this.outputName} output`);
    // Every Slimshop stack shares one account and region, so neither Region nor RoleArn is needed.
    return Fn.getStackOutput(this.home.stackName, this.outputName);
  }
}
