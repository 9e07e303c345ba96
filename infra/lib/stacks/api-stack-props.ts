import type { StackProps } from 'aws-cdk-lib';
import type { StageConfig } from '../config/stage-config.js';
import type { ApiAuth } from '../constructs/api-environment.js';

/** What every API stack takes from the data stack and the stage. */
export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly tableArnExport: string;
  readonly auth: ApiAuth;
}
