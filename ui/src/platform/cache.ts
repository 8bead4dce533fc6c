// The window's server-state cache, keyed and invalidated by what Rust declares for each
// command (`COMMAND_TAGS`, generated from `src-tauri/src/commands/declared.rs`): a query remembers
// which kinds of data it reads; a command that changes a kind refetches exactly the
// queries reading it. Screens never invalidate by hand.
import type { QueryClient } from "@tanstack/react-query";
import { COMMAND_TAGS, type commands, type Tag } from "./bindings";

type Commands = typeof commands;
type Command = keyof Commands;

let client: QueryClient | null = null;

/** The cache commands and events refetch in (set once, at start-up). */
export function setCacheClient(queryClient: QueryClient) {
  client = queryClient;
}

/** Refetches every query reading one of `tags`. */
export function invalidate(tags: readonly Tag[]) {
  if (!client || tags.length === 0) return;
  void client.invalidateQueries({
    predicate: (query) => ((query.meta?.reads ?? []) as readonly Tag[]).some((tag) => tags.includes(tag)),
  });
}

/** Refetches every query (the window missed some of the core's changes). */
export function invalidateAll() {
  void client?.invalidateQueries();
}

/** After a command settled: what it may have changed refetches. */
export function afterCommand(command: Command) {
  invalidate(COMMAND_TAGS[command].writes);
}
