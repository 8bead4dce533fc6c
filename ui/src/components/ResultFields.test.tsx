import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderScreen } from "../test/render";
import { ResultFields } from "./ResultFields";
import { toAnswers } from "./QuestionsEditor";

describe("ResultFields", () => {
  it("shows a CHANGE as old → new and unknown statuses as sent", () => {
    renderScreen(
      <ResultFields
        testId="fields"
        fields={[
          { name: "lastname", value: "MÜLLER", status: { code: "CHANGE", raw: "CHANGE" }, original: "Mueller" },
          { name: "city", value: "WIEN", status: { code: "OTHER", raw: "VERIFIED_BY_ROBOT" }, original: null },
          { name: "birthplace", value: "", status: { code: "REDACTION", raw: "REDACTION" }, original: null },
        ]}
      />,
    );
    const lastname = screen.getByTestId("field-lastname");
    expect(lastname).toHaveTextContent("Mueller → MÜLLER");
    expect(lastname.querySelector("[data-testid=old-value]")).toHaveTextContent("Mueller");
    expect(screen.getByTestId("field-city")).toHaveTextContent("VERIFIED_BY_ROBOT");
    expect(screen.getByTestId("field-birthplace")).toHaveTextContent("blacked out");
  });
});

describe("questions", () => {
  it("go to the core as typed, untouched rows left out", () => {
    expect(
      toAnswers([
        { key: "pep", kind: "yesno", value: "0" },
        { key: "", kind: "text", value: "" },
        { key: "income", kind: "integer", value: "3k" },
      ]),
    ).toEqual([
      { key: "pep", kind: "yesno", value: "0" },
      { key: "income", kind: "integer", value: "3k" },
    ]);
  });
});
