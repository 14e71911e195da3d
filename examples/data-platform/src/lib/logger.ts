import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "data-platform" },
  redact: ["req.headers.authorization", "token", "password"],
});

export function childLogger(component: string) {
  return logger.child({ component });
}
