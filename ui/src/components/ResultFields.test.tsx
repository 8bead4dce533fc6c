import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderScreen } from "../test/render";
import { ResultFields } from "./ResultFields";
import { questionError, toQuestions } from "./QuestionsEditor";

describe("ResultFields", () => {
  it("shows a CHANGE as old → new and unknown statuses as sent", () => {
    renderScreen(
      <ResultFields
        testId="fields"
        fields={[
          { name: "lastname", value: "MÜLLER", status: "CHANGE", original: "Mueller" },
          { name: "city", value: "WIEN", status: "VERIFIED_BY_ROBOT", original: null },
          { name: "birthplace", value: "", status: "REDACTION", original: null },
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
  it("are checked by type and sent in the wire form", () => {
    expect(questionError({ key: "income", type: "integer", value: "3000" })).toBeNull();
    expect(questionError({ key: "income", type: "integer", value: "3k" })).toBe("validation.integer");
    expect(questionError({ key: "", type: "text", value: "x" })).toBe("validation.questionKey");
    expect(questionError({ key: "tax", type: "country", value: "de" })).toBe("validation.country");
    expect(questionError({ key: "since", type: "date", value: "2020-02-30" })).toBe("validation.date");
    expect(toQuestions([
      { key: "pep", type: "yesno", value: "0" },
      { key: "income", type: "integer", value: "3000" },
      { key: "job", type: "text", value: "Ärztin" },
    ])).toEqual({ pep: { value: 0 }, income: { value: 3000 }, job: { value: "Ärztin" } });
  });
});
