// The only module that talks to the Rust side and Tauri's plugins. Everything else imports
// from here, which keeps screens testable without a window (tests mock this module).
import { Channel } from "@tauri-apps/api/core";
import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import { openUrl } from "@tauri-apps/plugin-opener";
import type { QueryClient } from "@tanstack/react-query";
import { COMMAND_TAGS, commands, type DataChanges, type FileHandle, type FileKind, type Tag } from "./bindings";
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

/** Calls `onDrop` with handles for files dropped on the window from now on (never their
 *  paths); returns the stop. */
export function onFilesDropped(onDrop: (files: FileHandle[]) => void): () => void {
  return follow(commands.nextDroppedFiles, null, (dropped) => {
    if (dropped.files.length > 0) onDrop(dropped.files);
  });
}

/** Calls `onChange` with what changed whenever the core changes window data on its own (a
 *  background sync, a purge, a colleague's decision), from the app's start on; returns the
 *  stop. */
export function followDataChanges(onChange: (changes: DataChanges) => void): () => void {
  return follow(commands.nextDataChanges, 0, (changes) => {
    if (changes.missed || changes.tags.length > 0) onChange(changes);
  });
}

/** How long to wait before asking a feed again after a call failed. */
const FEED_RETRY_MS = 1_000;

/** Reads one of the core's feeds one waiting call at a time: `next(seen)` answers when
 *  something came after the position `seen` (or with nothing, after a while) and says the
 *  position to ask after next; `next(null)` answers at once with the current position and
 *  nothing else, for a reader that starts from now (`from` null). A command, where a Tauri
 *  event would start a JavaScript engine in the app's process on Linux for as long as the
 *  window lives. */
function follow<T extends { position: number }>(next: (seen: number | null) => Promise<T>, from: number | null, onNews: (news: T) => void) {
  let stopped = false;
  void (async () => {
    let seen = from;
    while (!stopped) {
      try {
        const news = await next(seen);
        if (stopped) return;
        onNews(news);
        seen = news.position;
      } catch {
        // The window is closing, or the core could not answer: ask again, but not in a loop
        // that spins.
        await new Promise((resolve) => setTimeout(resolve, FEED_RETRY_MS));
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
