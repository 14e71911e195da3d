import { Kafka, Producer } from "kafkajs";
import { childLogger } from "../../logger";
import { recordEvent } from "../../db/queries";

const log = childLogger("events");

export type PlatformEvent =
  | { type: "build.started"; buildId: string; projectId: string; commitSha: string }
  | { type: "build.finished"; buildId: string; projectId: string; status: "SUCCEEDED" | "FAILED"; durationMs: number }
  | { type: "deployment.created"; deploymentId: string; projectId: string; version: string }
  | { type: "deployment.rolledBack"; deploymentId: string; projectId: string; fromVersion: string; toVersion: string; reason?: string }
  | { type: "token.issued"; tokenId: string; projectId: string; scopes: string[] }
  | { type: "token.revoked"; tokenId: string; projectId: string };

const TOPICS: Record<PlatformEvent["type"], string> = {
  "build.started": "platform.builds",
  "build.finished": "platform.builds",
  "deployment.created": "platform.deployments",
  "deployment.rolledBack": "platform.deployments",
  "token.issued": "platform.tokens",
  "token.revoked": "platform.tokens",
};

let producer: Producer | null = null;

async function getProducer(): Promise<Producer> {
  if (producer) return producer;
  const kafka = new Kafka({
    clientId: "data-platform",
    brokers: (process.env.KAFKA_BROKERS ?? "localhost:9092").split(","),
  });
  producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true });
  await producer.connect();
  return producer;
}

export async function publish(event: PlatformEvent): Promise<void> {
  const topic = TOPICS[event.type];
  const key = "deploymentId" in event ? event.deploymentId : "buildId" in event ? event.buildId : event.tokenId;
  try {
    const p = await getProducer();
    await p.send({
      topic,
      messages: [{ key, value: JSON.stringify({ ...event, emittedAt: new Date().toISOString() }) }],
    });
    await recordEvent(event.type, event);
    log.info({ type: event.type, topic, key }, "event published");
  } catch (err) {
    // No retry queue: a failed publish is logged and dropped.
    log.error({ err, type: event.type }, "event publish failed");
  }
}

export async function publishDeploymentRolledBack(
  deploymentId: string,
  projectId: string,
  fromVersion: string,
  toVersion: string,
  reason?: string,
) {
  await publish({ type: "deployment.rolledBack", deploymentId, projectId, fromVersion, toVersion, reason });
}

export async function disconnect() {
  if (producer) await producer.disconnect();
  producer = null;
}
