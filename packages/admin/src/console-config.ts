// What the console learns at start from config.json beside its page. On AWS the deployment writes it
// (infra/lib/constructs/admin-console.ts): the API's URL and the hosted UI. The local server has none, so the
// console finds the API one level above its page and signs in by link. One build serves every stage.

import type { CognitoSettings } from './cognito-sign-in';

export interface ConsoleConfig extends CognitoSettings {
  /** The API's base URL (`https://<id>.execute-api.<region>.amazonaws.com`). */
  apiBaseUrl: string;
}

let configured: ConsoleConfig | undefined;

/** The API base config.json named, once `loadConsoleConfig` read one; undefined locally. */
export function configuredApiBaseUrl(): string | undefined {
  return configured?.apiBaseUrl;
}

/**
 * Reads `config.json` next to the page: the config when it names the hosted UI, undefined when there is none
 * (the local server answers 404) or it is not one.
 *
 * @example
 *   const config = await loadConsoleConfig();
 *   const signIn = config === undefined ? localTokenLink : cognitoSignIn(config);
 */
export async function loadConsoleConfig(
  fetchConfig: () => Promise<Response> = () =>
    fetch(new URL('config.json', document.baseURI), { cache: 'no-cache' }),
): Promise<ConsoleConfig | undefined> {
  const response = await fetchConfig().catch(() => undefined);
  if (response === undefined || !response.ok) return undefined;
  const value = (await response.json().catch(() => undefined)) as Partial<ConsoleConfig> | undefined;
  const fields = ['apiBaseUrl', 'cognitoDomain', 'clientId', 'redirectUri'] as const;
  if (value === undefined || value === null || !fields.every((field) => typeof value[field] === 'string'))
    return undefined;
  configured = {
    // The client appends paths to it: no trailing slash (an API Gateway stage URL ends with one).
    apiBaseUrl: (value.apiBaseUrl as string).replace(/\/+$/, ''),
    cognitoDomain: value.cognitoDomain as string,
    clientId: value.clientId as string,
    redirectUri: value.redirectUri as string,
  };
  return configured;
}
