import type { AwsCredentials } from './sigv4.js';

export type CredentialSource = () => Promise<AwsCredentials>;

/**
 * Where request signing gets its keys. Fixed ones for local stand-ins (they check no signature, and real
 * keys are never sent to them); otherwise the SDK's standard provider chain, loaded on the first signed
 * request: on Lambda it answers from the environment at once, on ECS from the task role endpoint, and it
 * refreshes temporary credentials before they expire. Loading it lazily keeps ~40 KB of provider code
 * (SSO, profiles, IMDS) off the cold start.
 */
export function credentialSource(fixed?: AwsCredentials): CredentialSource {
  if (fixed) return async () => fixed;
  let provider: Promise<CredentialSource> | undefined;
  return async () => {
    provider ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) => defaultProvider());
    return (await provider)();
  };
}
