import { describe, expect, it } from 'vitest';
import { bandView, textColourOn } from './bands';

describe('VN_AQI band presentation', () => {
  it('uses the decision’s Vietnamese label and the English translation', () => {
    const vi = bandView({ key: 'poor', level: 3, colour: '#FF7E00' }, 'vi');
    expect(vi.label).toBe('Kém');
    expect(vi.adviceGeneral.length).toBeGreaterThan(10);
    expect(bandView({ key: 'good', level: 1, colour: '#00E400' }, 'en').label).toBe('Good');
  });

  it('picks readable text on the official colours', () => {
    expect(textColourOn('#FFFF00')).toBe('#000000'); // yellow
    expect(textColourOn('#00E400')).toBe('#000000'); // green
    expect(textColourOn('#7E0023')).toBe('#FFFFFF'); // maroon
    expect(textColourOn('#8F3F97')).toBe('#FFFFFF'); // purple
  });
});
