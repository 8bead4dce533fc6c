// Shows an AppError: what happened in the officer's language, then the core's own words.
import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { toAppError } from "../platform";

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const appError = toAppError(error);
  return (
    <Alert color="red" title={t(`errors.${appError.code}`)} data-testid="error" data-code={appError.code} role="alert">
      {appError.message}
    </Alert>
  );
}
