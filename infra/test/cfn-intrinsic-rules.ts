/**
 * Where CloudFormation accepts each intrinsic function, as data for cfn-intrinsics.ts. The sets are the
 * "Supported functions" of each function's page in the CloudFormation template reference. Fn::GetStackOutput
 * (CDK's weak cross-stack reference) came later than those lists: it is accepted as a whole value, in
 * Fn::Join's list, Fn::Select's list, Fn::If's values, Fn::Sub's variables and Fn::Base64, and nowhere else
 * (not in Fn::Split, Fn::ImportValue, conditions or export names), which is where AWS's cfn-lint, checked
 * against create-stack, accepts it. A function with no rule here is refused everywhere until someone looks its
 * rules up and adds them.
 */

export interface Place {
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
export const DEPENDENT = set('Fn::GetAtt', 'Fn::GetAZs', WEAK, 'Fn::ImportValue');

export const VALUE: Place = {
  where: 'a property or output value',
  accepts: plus(STRINGS, 'Fn::Cidr', 'Fn::Split', WEAK),
};
export const literal = (where: string): Place => ({ where, accepts: NOTHING });
/** Sections CloudFormation works out before it creates anything: nothing in them may name a resource. */
export const EXPORT_NAME: Place = {
  where: 'an export name',
  accepts: plus(STRINGS, 'Fn::Split'),
  standalone: 'an export name',
};
export const CONDITION: Place = { where: 'a condition', accepts: CONDITIONS, standalone: 'a condition' };
export const RULE: Place = { where: 'a rule', accepts: RULES, standalone: 'a rule' };

export type Child = readonly [suffix: string, value: unknown, place: Place];
/** A function's arguments, each with the place it sits in; `within` passes on a standalone limit. */
export type Arguments = (arg: unknown, within: Place, name: string) => Child[];

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

export const ARGUMENTS: Record<string, Arguments> = {
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
