/**
 * Checks a synthesised template against where CloudFormation accepts each intrinsic function
 * (cfn-intrinsic-rules.ts). `cdk synth` checks none of this: CDK writes whatever its tokens resolve to, and a
 * function in a place CloudFormation does not accept fails only at create-stack.
 */
import {
  ARGUMENTS,
  CONDITION,
  DEPENDENT,
  EXPORT_NAME,
  literal,
  type Place,
  RULE,
  VALUE,
} from './cfn-intrinsic-rules.js';

export interface Violation {
  readonly path: string;
  readonly message: string;
}

function functionName(value: unknown, within: Place): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) return undefined;
  // `Condition` is a function only where conditions are read; elsewhere it is an ordinary key.
  if (key === 'Condition') return within.accepts.has(key) ? key : undefined;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

const placeName = ({ where, standalone }: Place) =>
  standalone && standalone !== where ? `in ${where}, within ${standalone}` : `in ${where}`;

/** Why CloudFormation would refuse function `name` in `within`, if it would. */
function refusal(name: string, within: Place): string | undefined {
  if (!within.accepts.has(name)) return `${name} is not accepted ${placeName(within)}`;
  if (within.standalone && DEPENDENT.has(name))
    return `${name} ${placeName(within)}: it must not depend on a resource or another stack`;
  return undefined;
}

/** Every place in `template` where CloudFormation would refuse an intrinsic function, or could not resolve one. */
export function intrinsicViolations(template: Record<string, unknown>): Violation[] {
  const section = (name: string) => (template[name] ?? {}) as Record<string, Record<string, unknown>>;
  const resources = section('Resources');
  const parameters = section('Parameters');
  const found: Violation[] = [];
  const report = (path: string, message: string) => {
    found.push({ path, message });
  };

  /** Ref and Fn::GetAtt (also as `${...}` in Fn::Sub) name something of this template, never another stack's. */
  const checkTarget = (path: string, kind: 'Ref' | 'Fn::GetAtt', target: unknown, within: Place) => {
    if (typeof target !== 'string') report(path, `${kind} takes a literal logical id`);
    else if (!(target in resources)) {
      if (kind === 'Fn::GetAtt' || !(target in parameters || target.startsWith('AWS::')))
        report(path, `${kind} ${target}: nothing of that name in this template`);
    } else if (within.standalone) report(path, `${kind} ${target} names a resource ${placeName(within)}`);
  };
  const checkSubString = (path: string, arg: unknown, within: Place) => {
    const [text, variables] = Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [arg, {}];
    if (typeof text !== 'string') return;
    for (const [, name = ''] of text.matchAll(/\$\{(?!!)([^}]+)\}/g)) {
      const [target] = name.split('.');
      if (!(target && target in variables))
        checkTarget(path, name.includes('.') ? 'Fn::GetAtt' : 'Ref', target, within);
    }
  };

  const visit = (path: string, value: unknown, within: Place): void => {
    const name = functionName(value, within);
    if (name === undefined) {
      // A list or object written out: its members are values again, unless nothing may be computed here.
      const members = within.standalone || within.accepts.size === 0 ? within : VALUE;
      if (Array.isArray(value))
        for (const [i, item] of value.entries()) visit(`${path}[${i}]`, item, members);
      else if (value !== null && typeof value === 'object')
        for (const [key, item] of Object.entries(value)) visit(`${path}.${key}`, item, members);
      return;
    }
    const here = `${path}.${name}`;
    const arg = (value as Record<string, unknown>)[name];
    const args = ARGUMENTS[name];
    const refused = refusal(name, within);
    if (refused) {
      report(here, refused);
      return;
    }
    // Every function some place accepts has its arguments described above.
    if (!args) throw new Error(`${name} is accepted somewhere but its arguments are not described`);
    if (name === 'Ref') checkTarget(here, name, arg, within);
    if (name === 'Fn::GetAtt')
      checkTarget(here, name, Array.isArray(arg) ? arg[0] : String(arg).split('.')[0], within);
    if (name === 'Fn::Sub') checkSubString(here, arg, within);
    for (const [suffix, child, place] of args(arg, within, name)) visit(`${here}${suffix}`, child, place);
  };

  for (const [id, resource] of Object.entries(resources))
    for (const key of ['Properties', 'Metadata', 'UpdatePolicy', 'CreationPolicy'])
      if (key in resource) visit(`Resources.${id}.${key}`, resource[key], VALUE);
  for (const [id, output] of Object.entries(section('Outputs'))) {
    visit(`Outputs.${id}.Value`, output.Value, VALUE);
    visit(`Outputs.${id}.Description`, output.Description, literal("an output's description"));
    visit(`Outputs.${id}.Export.Name`, (output.Export as { Name?: unknown } | undefined)?.Name, EXPORT_NAME);
  }
  for (const [id, condition] of Object.entries(section('Conditions')))
    visit(`Conditions.${id}`, condition, CONDITION);
  for (const [id, { RuleCondition, Assertions = [] }] of Object.entries(section('Rules'))) {
    visit(`Rules.${id}.RuleCondition`, RuleCondition, RULE);
    for (const [i, assertion] of (Assertions as Array<Record<string, unknown>>).entries()) {
      visit(`Rules.${id}.Assertions[${i}].Assert`, assertion.Assert, RULE);
      visit(
        `Rules.${id}.Assertions[${i}].AssertDescription`,
        assertion.AssertDescription,
        literal('a rule description'),
      );
    }
  }
  for (const name of ['Parameters', 'Mappings', 'Metadata'])
    visit(name, template[name], literal(`the ${name} section`));
  return found;
}
