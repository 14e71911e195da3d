import { describe, expect, it } from "vitest";
import { validateProductionConfig } from "./validate-production";

const base = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://app@db.internal:5432/platform",
  KAFKA_BROKERS: "kafka:9092",
  DEEPSEEK_API_URL: "http://deepseek-api:8000",
  NEXTAUTH_SECRET: "x".repeat(32),
} as NodeJS.ProcessEnv;

describe("validateProductionConfig", () => {
  it("accepts a complete production environment", () => {
    expect(validateProductionConfig(base)).toEqual({ errors: [], warnings: [] });
  });

  it("requires a secret in production", () => {
    const { errors } = validateProductionConfig({ ...base, NEXTAUTH_SECRET: undefined });
    expect(errors).toContain("NEXTAUTH_SECRET is required in production");
  });

  it("warns about localhost databases", () => {
    const { warnings } = validateProductionConfig({ ...base, DATABASE_URL: "postgresql://a:b@localhost:5432/x" });
    expect(warnings).toHaveLength(1);
  });

  it("rejects a non-postgres url", () => {
    const { errors } = validateProductionConfig({ ...base, DATABASE_URL: "mysql://a@b/c" });
    expect(errors[0]).toMatch(/DATABASE_URL/);
  });
});
