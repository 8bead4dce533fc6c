// The only module that talks to the Rust side. Everything else imports `api` from here,
// which keeps screens testable without a window (tests mock this module).
import { commands } from "./bindings";
import { toAppError } from "./errors";

export { AppError, toAppError } from "./errors";
export type * from "./bindings";

async function call<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw toAppError(error);
  }
}

export const api = {
  appStatus: () => call(commands.appStatus()),
  listAccounts: () => call(commands.listAccounts()),
  addAccount: (...args: Parameters<typeof commands.addAccount>) => call(commands.addAccount(...args)),
  createIdentification: (...args: Parameters<typeof commands.createIdentification>) =>
    call(commands.createIdentification(...args)),
  listIdentifications: (...args: Parameters<typeof commands.listIdentifications>) =>
    call(commands.listIdentifications(...args)),
};

export type Api = typeof api;
