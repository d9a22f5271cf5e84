import { parameterSpec } from '@langxanh/contracts';
import { describe, expect, it } from 'vitest';
import { qualityFlag } from './parameters';

describe('qualityFlag', () => {
  it('names a value kept beyond its measuring range as the ingester flags it (an overflowing bin)', () => {
    const fill = parameterSpec('waste', 'fill');
    expect(qualityFlag(fill, 104)).toBe('over_range');
    expect(qualityFlag(fill, 80)).toBeNull();
  });

  it('flags nothing for a parameter whose out-of-range values are dropped, not kept', () => {
    expect(qualityFlag(parameterSpec('waste', 'battery'), 50)).toBeNull();
  });
});
