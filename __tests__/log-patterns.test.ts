import { READINGS, filterMatches, querySelects } from "../test-support/log-patterns";

/** The reader the alarms' tests use, on examples shaped as CloudWatch Logs' guide gives them (matching-terms-json-log-events). */
const EVENT = { eventType: "UpdateTrail", sourceIPAddress: "123.123.0.7", user: { id: "1", email: "John.Doe@example.com" } };
const [missingIsNotEqual, missingIsNothing] = READINGS;

describe("metric filter patterns", () => {
  test("equality, inequality and wildcards on strings", () => {
    expect(filterMatches(`{ $.eventType = "UpdateTrail" }`, EVENT, missingIsNothing)).toBe(true);
    expect(filterMatches(`{ $.eventType = "Update*" }`, EVENT, missingIsNothing)).toBe(true);
    expect(filterMatches(`{ $.sourceIPAddress != "123.123.*" }`, EVENT, missingIsNothing)).toBe(false);
    expect(filterMatches(`{ $.user.email = "*@example.com" }`, EVENT, missingIsNothing)).toBe(true);
    expect(filterMatches(`{ $.user.email = "example.com" }`, EVENT, missingIsNothing)).toBe(false);
  });

  test("EXISTS and NOT EXISTS, and a comparison on a missing field under each reading", () => {
    expect(filterMatches(`{ $.user.email EXISTS }`, EVENT, missingIsNothing)).toBe(true);
    expect(filterMatches(`{ $.user.phone NOT EXISTS }`, EVENT, missingIsNothing)).toBe(true);
    expect(filterMatches(`{ $.user.phone != "x" }`, EVENT, missingIsNotEqual)).toBe(true);
    expect(filterMatches(`{ $.user.phone != "x" }`, EVENT, missingIsNothing)).toBe(false);
    expect(filterMatches(`{ $.user.phone = "x" }`, EVENT, missingIsNotEqual)).toBe(false);
  });

  test("&&, || and parentheses; the two mixed without parentheses are refused, not guessed", () => {
    expect(filterMatches(`{ ($.user.id = "1") && ($.user.email = "John*") }`, EVENT, missingIsNothing)).toBe(true);
    expect(filterMatches(`{ ($.user.id = "2" && $.eventType = "x") || $.eventType = "UpdateTrail" }`, EVENT, missingIsNothing)).toBe(true);
    expect(() => filterMatches(`{ $.user.id = "2" && $.eventType = "x" || $.eventType = "UpdateTrail" }`, EVENT, missingIsNothing)).toThrow(
      "mixed without parentheses",
    );
    expect(() => filterMatches(`{ $.user.id > 1 }`, EVENT, missingIsNothing)).toThrow();
    expect(() => filterMatches(`$.user.id = "1"`, EVENT, missingIsNothing)).toThrow("not a JSON pattern");
  });
});

describe("Logs Insights filters", () => {
  test("every filter command must pass; ispresent, in, not in, not, and, or", () => {
    const query = [
      "fields eventType",
      `| filter eventType in ["UpdateTrail", "StopLogging"]`,
      `| filter (not ispresent(user.phone)) or (user.phone not in ["x"])`,
      "| stats count(*) by eventType",
    ].join("\n");
    expect(querySelects(query, EVENT, missingIsNothing)).toBe(true);
    expect(querySelects(query, { ...EVENT, eventType: "CreateTrail" }, missingIsNothing)).toBe(false);
    expect(querySelects(query, { ...EVENT, user: { phone: "x" } }, missingIsNothing)).toBe(false);
    expect(querySelects(`| filter not (eventType = "UpdateTrail" and user.id = "1")`, EVENT, missingIsNothing)).toBe(false);
    expect(() => querySelects(`| filter eventType like /Update/`, EVENT, missingIsNothing)).toThrow();
  });
});
