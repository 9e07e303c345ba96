/**
 * Where CloudFormation accepts an intrinsic function, checked on a synthesised template. `cdk synth` checks
 * none of this: CDK writes whatever its tokens resolve to, and a function in a place CloudFormation does not
 * accept fails only at create-stack. The sets are the "Supported functions" of each function's page in the
 * CloudFormation template reference. Fn::GetStackOutput (CDK's weak cross-stack reference) came later than
 * those lists: it is accepted as a whole value, in Fn::Join's list, Fn::Select's list, Fn::If's values,
 * Fn::Sub's variables and Fn::Base64, and nowhere else (not in Fn::Split, Fn::ImportValue, conditions or
 * export names), which is where AWS's cfn-lint, checked against create-stack, accepts it.
 * A function with no rule here is refused everywhere until someone looks its rules up and adds them.
 */

export interface Violation {
  readonly path: string;
  readonly message: string;
}

interface Place {
  /** For messages: "Fn::Split's source string". */
  readonly where: string;
  /** The functions CloudFormation accepts right here. */
  readonly accepts: ReadonlySet<string>;
  /**
   * Set where nothing below may name a resource or another stack's value (Fn::ImportValue's name, export
   * names, conditions, rules): CloudFormation works these out before it creates anything.
   */
  readonly standalone?: string;
}

const set = (...names: string[]) => new Set(names);
const plus = (names: ReadonlySet<string>, ...more: string[]) => new Set([...names, ...more]);
const NOTHING = set();
/** Fn::Join's, Fn::Sub's, Fn::If's and Fn::Split's common list of functions that give a string. */
const STRINGS = set(
  ...['Fn::Base64', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::If', 'Fn::ImportValue'],
  ...['Fn::Join', 'Fn::Select', 'Fn::Sub', 'Ref'],
);
const WEAK = 'Fn::GetStackOutput';
const CONDITIONS = set('Fn::And', 'Fn::Equals', 'Fn::Not', 'Fn::Or', 'Fn::FindInMap', 'Ref', 'Condition');
const RULES = set(
  ...['Fn::And', 'Fn::Contains', 'Fn::EachMemberEquals', 'Fn::EachMemberIn', 'Fn::Equals', 'Fn::Not'],
  ...['Fn::Or', 'Fn::RefAll', 'Fn::ValueOf', 'Fn::ValueOfAll', 'Ref'],
);
/** Functions that read a resource, the account's zones or another stack: never in a standalone place. */
const DEPENDENT = set('Fn::GetAtt', 'Fn::GetAZs', WEAK, 'Fn::ImportValue');

const VALUE: Place = {
  where: 'a property or output value',
  accepts: plus(STRINGS, 'Fn::Cidr', 'Fn::Split', WEAK),
};
const literal = (where: string): Place => ({ where, accepts: NOTHING });

type Child = readonly [suffix: string, value: unknown, place: Place];
/** A function's arguments, each with the place it sits in; `within` passes on a standalone limit. */
type Arguments = (arg: unknown, within: Place, name: string) => Child[];

const nth = (arg: unknown, index: number) => (Array.isArray(arg) ? arg[index] : undefined);
const inside = (within: Place, where: string, accepts: ReadonlySet<string>, standalone?: string): Place => ({
  where,
  accepts,
  standalone: standalone ?? within.standalone,
});
/** A list argument: written out, each item sits in `item`; given by a function, that sits in `whole`. */
const listAt = (suffix: string, value: unknown, item: Place, whole = item): Child[] =>
  Array.isArray(value)
    ? value.map((v, i) => [`${suffix}[${i}]`, v, item] as const)
    : [[suffix, value, whole]];
const sameAsCaller: Arguments = (arg, within, name) =>
  listAt('', arg, inside(within, `${name}'s arguments`, within.accepts));

const ARGUMENTS: Record<string, Arguments> = {
  Ref: () => [],
  Condition: () => [],
  'Fn::GetAtt': (arg, w) => [['[1]', nth(arg, 1), inside(w, "Fn::GetAtt's attribute name", set('Ref'))]],
  'Fn::Join': (arg, w) => [
    ['[0]', nth(arg, 0), inside(w, "Fn::Join's delimiter", NOTHING)],
    ...listAt('[1]', nth(arg, 1), inside(w, "Fn::Join's list", plus(STRINGS, 'Fn::Split', WEAK))),
  ],
  'Fn::Select': (arg, w) => [
    ['[0]', nth(arg, 0), inside(w, "Fn::Select's index", set('Ref', 'Fn::FindInMap'))],
    ...listAt(
      '[1]',
      nth(arg, 1),
      inside(w, "Fn::Select's list", set('Fn::FindInMap', 'Fn::GetAtt', 'Fn::If', 'Ref', WEAK)),
      inside(
        w,
        "Fn::Select's list",
        set('Fn::Cidr', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::If', 'Fn::Split', 'Ref'),
      ),
    ),
  ],
  'Fn::Split': (arg, w) => [
    ['[0]', nth(arg, 0), inside(w, "Fn::Split's delimiter", NOTHING)],
    ['[1]', nth(arg, 1), inside(w, "Fn::Split's source string", STRINGS)],
  ],
  'Fn::Sub': (arg, w) => {
    const variables = inside(w, "Fn::Sub's variables", plus(STRINGS, WEAK));
    return Array.isArray(arg)
      ? [
          ['[0]', arg[0], inside(w, "Fn::Sub's string", NOTHING)],
          ...Object.entries(arg[1] ?? {}).map(([key, value]) => [`[1].${key}`, value, variables] as const),
        ]
      : [['', arg, inside(w, "Fn::Sub's string", NOTHING)]];
  },
  'Fn::Base64': (arg, w) => [['', arg, inside(w, "Fn::Base64's value", plus(STRINGS, WEAK))]],
  'Fn::ImportValue': (arg, w) => {
    const accepts = set(
      'Fn::Base64',
      'Fn::FindInMap',
      'Fn::If',
      'Fn::Join',
      'Fn::Select',
      'Fn::Split',
      'Fn::Sub',
      'Ref',
    );
    return [['', arg, inside(w, "Fn::ImportValue's name", accepts, "Fn::ImportValue's name")]];
  },
  [WEAK]: (arg, w) => {
    const accepts = set('Fn::Base64', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::If', 'Fn::ImportValue', 'Fn::Join');
    const parameter = inside(w, `${WEAK}'s parameters`, plus(accepts, 'Fn::Select', 'Fn::Sub', 'Ref'));
    return Object.entries(arg ?? {}).map(([key, value]) => [`.${key}`, value, parameter] as const);
  },
  'Fn::GetAZs': (arg, w) => [['', arg, inside(w, "Fn::GetAZs's region", set('Ref'))]],
  'Fn::If': (arg, w) => {
    const value = inside(w, "Fn::If's values", plus(STRINGS, WEAK));
    return [
      ['[0]', nth(arg, 0), inside(w, "Fn::If's condition name", NOTHING)],
      ['[1]', nth(arg, 1), value],
      ['[2]', nth(arg, 2), value],
    ];
  },
  'Fn::FindInMap': (arg, w) =>
    listAt('', arg, inside(w, "Fn::FindInMap's keys", set('Fn::FindInMap', 'Ref'))),
  'Fn::Cidr': (arg, w) => listAt('', arg, inside(w, "Fn::Cidr's arguments", set('Fn::Select', 'Ref'))),
  ...Object.fromEntries(
    [...CONDITIONS, ...RULES].filter((n) => n.startsWith('Fn::')).map((n) => [n, sameAsCaller]),
  ),
};

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
  const exportName: Place = {
    where: 'an export name',
    accepts: plus(STRINGS, 'Fn::Split'),
    standalone: 'an export name',
  };
  for (const [id, output] of Object.entries(section('Outputs'))) {
    visit(`Outputs.${id}.Value`, output.Value, VALUE);
    visit(`Outputs.${id}.Description`, output.Description, literal("an output's description"));
    visit(`Outputs.${id}.Export.Name`, (output.Export as { Name?: unknown } | undefined)?.Name, exportName);
  }
  for (const [id, condition] of Object.entries(section('Conditions')))
    visit(`Conditions.${id}`, condition, {
      where: 'a condition',
      accepts: CONDITIONS,
      standalone: 'a condition',
    });
  const rule: Place = { where: 'a rule', accepts: RULES, standalone: 'a rule' };
  for (const [id, { RuleCondition, Assertions = [] }] of Object.entries(section('Rules'))) {
    visit(`Rules.${id}.RuleCondition`, RuleCondition, rule);
    for (const [i, assertion] of (Assertions as Array<Record<string, unknown>>).entries()) {
      visit(`Rules.${id}.Assertions[${i}].Assert`, assertion.Assert, rule);
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
