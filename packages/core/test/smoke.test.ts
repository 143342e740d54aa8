import { describe, expect, it } from "vitest";
import { PACKAGE_NAME } from "@cobre/core";
describe("smoke", () => { it("resolves source", () => { expect(PACKAGE_NAME).toBe("@cobre/core"); }); });
