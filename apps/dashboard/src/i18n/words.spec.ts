import { describe, expect, it } from 'vitest';
import { resources } from './index';

/**
 * Each severity and each state has its own word (regression, issue 18: the severity "critical" was translated
 * "Vượt ngưỡng", the word of the station state "exceeding", so an 11 % battery alert read "Vượt ngưỡng").
 */
describe.each(['vi', 'en'] as const)('words for severities and states (%s)', (language) => {
  const t = resources[language].translation;

  it('gives every severity, station state and alert state a distinct word', () => {
    const words = [
      ...Object.values(t.alerts.severity),
      ...Object.values(t.state),
      ...Object.values(t.alerts.state),
    ].map((w) => w.toLocaleLowerCase(language));
    expect(words).toHaveLength(2 + 4 + 3);
    expect(new Set(words).size).toBe(words.length);
  });

  it('labels the ingester\'s own (system) alerts', () => {
    expect(t.systemAlert['ingester/link-down']).toMatch(/MQTT/);
    expect(t.systemAlert['ingester/broker-drops']).toMatch(/MQTT/);
    expect(t.systemAlert['ingester/link-down']).not.toBe(t.systemAlert['ingester/broker-drops']);
  });
});
