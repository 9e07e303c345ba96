/**
 * One schema change, as plain SQL in a TypeScript module: the bundler inlines it, so a Lambda bundle or a
 * container image needs no .sql files beside the code. Never edit a migration once it has been applied
 * anywhere: `migrate()` compares checksums and refuses to run against a changed history. Add a new one.
 */
export interface Migration {
  /** Sortable and unique: `NNNN-what-it-does`. */
  id: string;
  sql: string;
}
