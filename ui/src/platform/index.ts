// The only module that talks to the Rust side and Tauri's plugins. Everything else imports
// from here, which keeps screens testable without a window (tests mock this module).
import { Channel } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import { open, save } from "@tauri-apps/plugin-dialog";
import { openUrl, revealItemInDir } from "@tauri-apps/plugin-opener";
import { commands } from "./bindings";
import { toAppError } from "./errors";

export { AppError, toAppError } from "./errors";
export type * from "./bindings";

type Commands = typeof commands;

/** Every command, rejecting with an AppError (`{code, message}`) instead of a raw value. */
export type Api = { [K in keyof Commands]: (...args: Parameters<Commands[K]>) => ReturnType<Commands[K]> };

export const api = Object.fromEntries(
  Object.entries(commands).map(([name, command]) => [
    name,
    async (...args: unknown[]) => {
      try {
        return await (command as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw toAppError(error);
      }
    },
  ]),
) as Api;

/** A channel that hands each message the Rust side sends to `onMessage` (progress). */
export function progressChannel<T>(onMessage: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onMessage;
  return channel;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The OS "open file" dialog; the chosen path, or null when cancelled. */
export async function chooseFile(filters: FileFilter[]): Promise<string | null> {
  const chosen = await open({ multiple: false, directory: false, filters });
  return typeof chosen === "string" ? chosen : null;
}

/** The OS "save as" dialog; the chosen path, or null when cancelled. */
export async function chooseSaveFile(defaultPath: string, filters: FileFilter[]): Promise<string | null> {
  return (await save({ defaultPath, filters })) ?? null;
}

/** Calls `onChange` whenever a background sync changed results; returns the unsubscribe. */
export function onResultsChanged(onChange: () => void): Promise<() => void> {
  return listen("results-changed", () => onChange());
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
export function showInFolder(path: string): Promise<void> {
  return revealItemInDir(path);
}
