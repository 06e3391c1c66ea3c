import { describe, expect, it } from "vitest";
import { isIpcError, toIpcError } from "./backend";

describe("toIpcError", () => {
  it("keeps a well-formed { code, message }", () => {
    expect(toIpcError({ code: "auth_failed", message: "x" })).toEqual({ code: "auth_failed", message: "x" });
  });

  it("turns anything else into internal, keeping the text as detail", () => {
    expect(toIpcError("command vault_status not found")).toEqual({
      code: "internal",
      message: "command vault_status not found",
    });
    expect(toIpcError(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
    expect(toIpcError({ code: "made_up", message: "m" }).code).toBe("internal");
    expect(toIpcError(undefined).code).toBe("internal");
  });

  it("recognises only known codes", () => {
    expect(isIpcError({ code: "corrupt", message: "" })).toBe(true);
    expect(isIpcError({ code: "corrupt" })).toBe(false);
    expect(isIpcError(null)).toBe(false);
  });
});
