// The only module that talks to the Rust side and Tauri's plugins. Everything else imports
// from here, which keeps screens testable without a window (tests mock this module).
import { Channel } from "@tauri-apps/api/core";
import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import { openUrl } from "@tauri-apps/plugin-opener";
import type { QueryClient } from "@tanstack/react-query";
import { COMMAND_TAGS, commands, events, type DataChanges, type FileHandle, type FileKind, type Tag } from "./bindings";
import { afterCommand, invalidate, invalidateAll, setCacheClient } from "./cache";
import { toAppError } from "./errors";

export { AppError, toAppError } from "./errors";
export type * from "./bindings";
export { COMMAND_TAGS, QUESTION_KINDS, REASON_CODES, RESULT_CODES, ROBOT_SCENARIOS } from "./bindings";

type Commands = typeof commands;

/** Every command, rejecting with an AppError (`{code, message, field}`) instead of a raw
 *  value; after a command that changes window data, the queries reading it refetch. */
export type Api = { [K in keyof Commands]: (...args: Parameters<Commands[K]>) => ReturnType<Commands[K]> };

export const api = Object.fromEntries(
  Object.entries(commands).map(([name, command]) => [
    name,
    async (...args: unknown[]) => {
      try {
        return await (command as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw toAppError(error);
      } finally {
        afterCommand(name as keyof Commands);
      }
    },
  ]),
) as Api;

/** The query reading `command(...args)`: keyed by command and arguments, and tagged with
 *  what the command reads, so the commands and events that change it refetch it. */
export function queryOf<K extends keyof Api>(command: K, ...args: Parameters<Api[K]>) {
  const call = api[command] as (...a: Parameters<Api[K]>) => ReturnType<Api[K]>;
  return {
    queryKey: [command, ...args] as const,
    queryFn: () => call(...args),
    meta: { reads: COMMAND_TAGS[command].reads as readonly Tag[] },
  };
}

/** Connects the window's cache, once at start-up: from now on a command refetches what it
 *  changed, and so does every change the core reports on its own (a background sync).
 *  Returns the stop. */
export function connectCache(queryClient: QueryClient): () => void {
  setCacheClient(queryClient);
  return followDataChanges((changes) => (changes.missed ? invalidateAll() : invalidate(changes.tags)));
}

/** A channel that hands each message the Rust side sends to `onMessage` (progress). */
export function progressChannel<T>(onMessage: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onMessage;
  return channel;
}

/** The OS "open file" dialog, run by the Rust side: a handle to the chosen file (never
 *  its path), or null when cancelled. */
export function chooseFile(kind: FileKind): Promise<FileHandle | null> {
  return api.chooseFile(kind);
}

/** The OS "save as" dialog, run by the Rust side: a handle to write, or null. */
export function chooseSaveFile(kind: FileKind, suggestedName: string): Promise<FileHandle | null> {
  return api.chooseSaveFile(kind, suggestedName);
}

/** Calls `onDrop` with handles for files dropped on the window; returns the unsubscribe. */
export function onFilesDropped(onDrop: (files: FileHandle[]) => void): Promise<() => void> {
  return events.filesDropped.listen((event) => onDrop(event.payload.files));
}

/** How long to wait before asking the core for changes again after a call failed. */
const CHANGES_RETRY_MS = 1_000;

/** Calls `onChange` with what changed whenever the core changes window data on its own (a
 *  background sync, a purge, a colleague's decision); returns the stop. It reads the core's
 *  change feed one waiting call at a time (the core answers when something changed, or
 *  with nothing after a while): a command, where a Tauri event would start a JavaScript
 *  engine in the app's process on Linux for as long as the window lives. */
export function followDataChanges(onChange: (changes: DataChanges) => void): () => void {
  let stopped = false;
  void (async () => {
    let seen = 0;
    while (!stopped) {
      try {
        const changes = await commands.nextDataChanges(seen);
        if (stopped) return;
        seen = changes.position;
        if (changes.missed || changes.tags.length > 0) onChange(changes);
      } catch {
        // The window is closing, or the core could not answer: ask again, but not in a loop
        // that spins.
        await new Promise((resolve) => setTimeout(resolve, CHANGES_RETRY_MS));
      }
    }
  })();
  return () => {
    stopped = true;
  };
}

/** Puts `text` on the system clipboard (the clipboard-manager plugin, which works where the
 *  webview's own clipboard API is refused). */
export function copyText(text: string): Promise<void> {
  return writeText(text);
}

/** Opens an identification link in the officer's browser (https, or the sandbox on loopback). */
export function openInBrowser(url: string): Promise<void> {
  return openUrl(url);
}

/** Shows a saved file in the system's file manager. */
export async function showInFolder(file: FileHandle): Promise<void> {
  await api.revealFile(file.id);
}
