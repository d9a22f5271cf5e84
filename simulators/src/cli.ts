/**
 * The `langxanh-sim` program: one file per command in `commands/` (`simulate`, `replay`, `load`, `datalogger`), their shared
 * options and signal handling beside them; this entry builds the program and runs it.
 */
import { Command, CommanderError } from 'commander';
import { type CliContext, type ExitCode } from './commands/context';
import { addDataloggerCommand } from './commands/datalogger';
import { addLoadCommand } from './commands/load';
import { addReplayCommand } from './commands/replay';
import { addSimulateCommand } from './commands/simulate';

export { DEFAULT_MQTT_URL, DEFAULT_SEED, type CliContext } from './commands/context';

/** Builds the `langxanh-sim` program. `run` receives the exit code of the command that ran. */
export function buildProgram(context: CliContext = {}, run: ExitCode = () => undefined): Command {
  const program = new Command('langxanh-sim')
    .description(
      'LàngXanh station simulators: synthetic readings for every registry station, or replays of real datasets, over MQTT; a TT 10 datalogger over FTP.',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: context.writeOut ?? ((s) => void process.stdout.write(s)),
      writeErr: context.writeErr ?? ((s) => void process.stderr.write(s)),
    });
  addSimulateCommand(program, context, run);
  addReplayCommand(program, context, run);
  addLoadCommand(program, context, run);
  addDataloggerCommand(program, context, run);
  return program;
}

/**
 * Parses `argv` (without the node and script entries) and runs the command. Resolves with the exit code:
 * 0 success, 1 failure, 2 usage error (0 for `--help`/`--version`).
 */
export async function runCli(argv: readonly string[], context: CliContext = {}): Promise<number> {
  let code = 0;
  const program = buildProgram(context, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return code;
}
