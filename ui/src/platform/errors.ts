// The one error shape that crosses IPC, as a real Error the UI can throw and catch.
import type { ErrorCode, ErrorPayload } from "./bindings";

export class AppError extends Error {
  readonly code: ErrorCode;
  /** The form field the error is about, when it is about one. */
  readonly field: string | null;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = "AppError";
    this.code = payload.code;
    this.field = payload.field ?? null;
  }
}

function isPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorPayload).code === "string" &&
    typeof (value as ErrorPayload).message === "string"
  );
}

/** Anything a command rejected with becomes an AppError; framework failures are INTERNAL. */
export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  if (isPayload(value)) return new AppError(value);
  const message = value instanceof Error ? value.message : String(value);
  return new AppError({ code: "INTERNAL", message });
}
