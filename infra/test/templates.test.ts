import { beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '../lib/config/stage-config.js';
import { intrinsicViolations } from './cfn-intrinsics.js';
import { ALL_VARIANTS, type SynthesizedVariant, synthVariant, type Variant } from './synth-variant.js';

/** Every compute in every stage, synthesised once for the checks below (about two seconds each). */
const synthesized: Array<{ variant: Variant; synth: SynthesizedVariant }> = [];
beforeAll(() => {
  for (const variant of ALL_VARIANTS) synthesized.push({ variant, synth: synthVariant(variant) });
}, 120_000);

const name = ({ compute, stage }: Variant) => `compute=${compute} stage=${stage}`;

describe('every synthesised template', () => {
  it('puts each intrinsic function only where CloudFormation accepts it (cfn-intrinsics.ts)', () => {
    expect(synthesized).toHaveLength(ALL_VARIANTS.length);
    for (const { variant, synth } of synthesized) {
      for (const [stack, template] of [
        ['Data', synth.data],
        ['Api', synth.api],
      ] as const) {
        expect(intrinsicViolations(template.toJSON()), `${name(variant)} ${stack}`).toEqual([]);
      }
    }
  });
});

describe('the data stack', () => {
  it.each(STAGES)(
    '%s: is the same template whatever the compute, so switching compute never updates it',
    (stage) => {
      const [first, ...others] = synthesized.filter(({ variant }) => variant.stage === stage);
      if (!first) throw new Error(`no variant synthesised for ${stage}`);
      expect(others.length).toBeGreaterThan(0);
      for (const { variant, synth } of others) {
        expect(synth.data.toJSON(), `${name(variant)} against ${name(first.variant)}`).toEqual(
          first.synth.data.toJSON(),
        );
      }
    },
  );
});
