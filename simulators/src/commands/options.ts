import { parseReadingTime, type StationKind, isStationKind } from '@langxanh/contracts';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { BrokerOptions } from '../lib/mqtt/station-connection';
import { defaultRegistryPath } from '../lib/registry';
import { parsePause, type PauseWindow } from '../lib/pause';
import { DEFAULT_MQTT_URL, type CliContext } from './context';

/** Option value parsers: each throws commander's InvalidArgumentError with the message the user sees. */
/** A number parser for option `name` that accepts the values passing `ok` and names the `requirement` otherwise. */
const numberOption =
  (name: string, ok: (n: number) => boolean, requirement: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!ok(n)) throw new InvalidArgumentError(`${name} must be ${requirement}`);
    return n;
  };
export const positive = (name: string) =>
  numberOption(name, (n) => Number.isFinite(n) && n > 0, 'a number > 0');
export const nonNegative = (name: string) =>
  numberOption(name, (n) => Number.isFinite(n) && n >= 0, 'a number ≥ 0');
export const positiveInt = (name: string) =>
  numberOption(name, (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1');
export const nonNegativeInt = (name: string) =>
  numberOption(name, (n) => Number.isSafeInteger(n) && n >= 0, 'an integer ≥ 0');
export const qos = (value: string): 0 | 1 => {
  if (value !== '0' && value !== '1') throw new InvalidArgumentError('--qos must be 0 or 1');
  return value === '0' ? 0 : 1;
};
export const pause = (value: string, previous: PauseWindow[] = []): PauseWindow[] => {
  try {
    return [...previous, parsePause(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};
export const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
export const kinds = (value: string): StationKind[] => {
  const parsed = list(value);
  const bad = parsed.filter((k) => !isStationKind(k));
  if (bad.length)
    throw new InvalidArgumentError(`unknown kind(s) ${bad.join(', ')}; use air, wastewater, waste`);
  return parsed as StationKind[];
};
export const instant = (value: string): number => {
  const t = parseReadingTime(value);
  if (t === undefined)
    throw new InvalidArgumentError('expected ISO 8601, e.g. 2026-01-15T06:00:00 (Vietnam time) or …Z');
  return t;
};
export const localIso = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$/.test(value)) {
    throw new InvalidArgumentError(
      'expected a local date-time without offset, e.g. 2018-01-15 or 2018-01-15T06:00:00',
    );
  }
  return value;
};

/** The connection options every command takes. */
export interface BrokerFlags {
  broker: string;
  username?: string;
  password?: string;
  clientPrefix: string;
  connectTimeout: number;
  registry: string;
}

/** Adds the broker and registry options (`--broker`, credentials, client id prefix, timeout, `--registry`). */
export function addBrokerOptions(command: Command, env: NodeJS.ProcessEnv): Command {
  return command
    .addOption(
      new Option('--broker <url>', 'MQTT broker URL')
        .default(env.MQTT_URL ?? DEFAULT_MQTT_URL)
        .env('MQTT_URL'),
    )
    .addOption(new Option('--username <name>', 'MQTT user name').env('MQTT_USERNAME'))
    .addOption(new Option('--password <secret>', 'MQTT password').env('MQTT_PASSWORD'))
    .option('--client-prefix <prefix>', 'client id prefix (ids are {prefix}-{station}-{pid})', 'langxanh-sim')
    .option(
      '--connect-timeout <s>',
      'give up if the broker is not reachable within this many seconds',
      positive('--connect-timeout'),
      30,
    )
    .option('--registry <file>', 'station registry JSON', defaultRegistryPath());
}

/** A subcommand `name` of `program` with the broker and registry options ({@link addBrokerOptions}). */
export function brokerCommand(
  program: Command,
  context: CliContext,
  name: string,
  description: string,
): Command {
  return addBrokerOptions(program.command(name).description(description), context.env ?? process.env);
}

/** The broker connection settings of the parsed flags. */
export function brokerOptions(flags: BrokerFlags): BrokerOptions {
  return {
    url: flags.broker,
    username: flags.username,
    password: flags.password,
    clientIdPrefix: flags.clientPrefix,
    connectTimeoutMs: flags.connectTimeout * 1000,
  };
}
