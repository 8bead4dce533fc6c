// IDnow's codes in the officer's words: the translation files are keyed by the generated
// code enums; a code this version does not know (`OTHER`) is shown as IDnow sent it.
import type { TFunction } from "i18next";
import type { LeafStatusValue, ReasonValue, ResultValue, SessionResultValue } from "./platform";

export function resultWords(t: TFunction, result: ResultValue): string {
  return result.code === "OTHER" ? result.raw : t(`results.${result.code}`);
}

export function reasonWords(t: TFunction, reason: ReasonValue): string {
  return reason.code === "OTHER" ? reason.raw : t(`reasons.${reason.code}`);
}

export function leafStatusWords(t: TFunction, status: LeafStatusValue): string {
  return status.code === "OTHER" ? status.raw : t(`leafStatus.${status.code}`);
}

export function sessionResultWords(t: TFunction, result: SessionResultValue): string {
  return result.code === "OTHER" ? result.raw : t(`sessionResults.${result.code}`);
}
