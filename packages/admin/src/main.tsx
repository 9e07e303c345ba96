import { render } from 'preact';
import { App } from './app';
import { cognitoSignIn } from './cognito-sign-in';
import { loadConsoleConfig } from './console-config';
import { completeSignIn, localTokenLink } from './session';
import './styles.css';

// On AWS config.json beside the page names the hosted UI; the local server has none: the printed link signs in.
const config = await loadConsoleConfig();
const signIn = config === undefined ? localTokenLink : cognitoSignIn(config);
// Before the first render: a code Cognito sent back is exchanged for the token the pages need.
const initial = await completeSignIn(signIn);
const root = document.getElementById('app');
if (root !== null) render(<App signIn={signIn} initial={initial} />, root);
