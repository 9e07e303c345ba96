/**
 * What a client expects of a resource's current version, already lifted out of the transport (If-Match):
 * `'*'` means "any version, as long as it exists"; a list means "one of these versions".
 */
export type VersionCondition = '*' | readonly number[];

export function versionMatches(condition: VersionCondition, version: number): boolean {
  return condition === '*' || condition.includes(version);
}
