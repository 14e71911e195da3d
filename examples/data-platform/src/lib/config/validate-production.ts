import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]),
  DATABASE_URL: z.string().url().startsWith("postgresql://"),
  KAFKA_BROKERS: z.string().min(1),
  DEEPSEEK_API_URL: z.string().url(),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type ProductionConfig = z.infer<typeof schema>;

export interface ValidationReport {
  errors: string[];
  warnings: string[];
}

export function validateProductionConfig(env: NodeJS.ProcessEnv = process.env): ValidationReport {
  const report: ValidationReport = { errors: [], warnings: [] };
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      report.errors.push(`${issue.path.join(".")}: ${issue.message}`);
    }
    return report;
  }
  const cfg = parsed.data;
  if (cfg.NODE_ENV === "production") {
    if (!cfg.NEXTAUTH_SECRET) report.errors.push("NEXTAUTH_SECRET is required in production");
    if (cfg.DATABASE_URL.includes("localhost")) report.warnings.push("DATABASE_URL points at localhost");
    if (cfg.LOG_LEVEL === "debug") report.warnings.push("LOG_LEVEL=debug in production");
  }
  return report;
}

if (process.argv[1]?.endsWith("validate-production.ts")) {
  const { errors, warnings } = validateProductionConfig();
  warnings.forEach((w) => console.warn(`warning: ${w}`));
  errors.forEach((e) => console.error(`error: ${e}`));
  process.exit(errors.length ? 1 : 0);
}
