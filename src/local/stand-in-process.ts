import { type ChildProcess, spawn } from 'node:child_process';

export interface StandInOptions {
  /** How the program shuts down cleanly: sent when stop() is called or when this process exits. */
  stopSignal: NodeJS.Signals;
  /** After stop() has signalled, how long to wait before killing the whole process group. */
  killAfterMs: number;
  /** Run as this user (root starting PostgreSQL, which refuses to run as root). */
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
  /** Every line the program writes to stdout or stderr. */
  onLine?: (line: string) => void;
}

export interface StandInExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StandInProcess {
  /** The process group's id (the guarding shell's pid). */
  readonly pid: number;
  /** Settles once the program has exited, whoever stopped it. */
  readonly exited: Promise<StandInExit>;
  readonly hasExited: boolean;
  /** Stops the program and resolves once it has exited; at once when it already has. */
  stop(): Promise<void>;
}

/**
 * The guard: the program runs as a child of this shell, in the process group `detached` gives it, so a
 * terminal's Ctrl-C (sent to the terminal's foreground group) does not reach it while the API still drains
 * requests that need it. The shell's stdin is a pipe from us that we never write to: it reaches end of file
 * when we close it (stop()) and also when this process dies in any way, even by SIGKILL; the watcher then
 * sends the stop signal, so the program never outlives its starter.
 *
 * A background job of a non-interactive shell starts with SIGINT ignored; programs that stop on SIGINT must
 * install their own handler (PostgreSQL does). The watcher is killed when the program exits by itself, so it
 * can never signal a pid the system has since given to another process.
 */
const GUARD = `
exec 3<&0 0</dev/null
"$@" &
program=$!
( while read -r _ <&3; do :; done; kill -"$STAND_IN_STOP_SIGNAL" "$program" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$program"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
`;

/** Starts `command` in a process group of its own, guarded as described above (POSIX systems). */
export function spawnStandIn(
  command: string,
  args: readonly string[],
  options: StandInOptions,
): StandInProcess {
  const child = spawn('/bin/sh', ['-c', GUARD, 'stand-in', command, ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    // A root starter's cwd may be closed to the user the program runs as.
    cwd: '/',
    env: { ...(options.env ?? process.env), STAND_IN_STOP_SIGNAL: options.stopSignal.replace(/^SIG/, '') },
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  for (const stream of [child.stdout, child.stderr]) forwardLines(stream, options.onLine);
  // Neither the child nor its pipes keep this process alive: if it exits without stop(), the guard stops the
  // program.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) unref(stream);
  // The guard's stdin is closed on purpose: a write error there is no news.
  child.stdin?.on('error', () => {});

  let exitedWith: StandInExit | undefined;
  const exited = new Promise<StandInExit>((resolve) => {
    const settle = (exit: StandInExit) => {
      exitedWith ??= exit;
      child.stdin?.destroy();
      resolve(exitedWith);
    };
    child.once('exit', (code, signal) => settle({ code, signal }));
    // Spawning the shell itself failed: no process, nothing to stop.
    child.once('error', () => settle({ code: null, signal: null }));
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    if (exitedWith !== undefined) return Promise.resolve();
    stopping ??= (async () => {
      child.ref();
      child.stdin?.end();
      const killer = setTimeout(() => killGroup(child, 'SIGKILL'), options.killAfterMs);
      await exited;
      clearTimeout(killer);
    })();
    return stopping;
  };

  return {
    pid: child.pid ?? 0,
    exited,
    get hasExited() {
      return exitedWith !== undefined;
    },
    stop,
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function forwardLines(
  stream: NodeJS.ReadableStream | null,
  onLine: ((line: string) => void) | undefined,
): void {
  if (stream === null) return;
  stream.setEncoding('utf8');
  let partial = '';
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine?.(line);
  });
  stream.on('end', () => {
    if (partial.trim() !== '') onLine?.(partial);
  });
}

function unref(stream: unknown): void {
  (stream as { unref?: () => void } | null)?.unref?.();
}
