// Example only: how a consumer of platform.deployments could park poison
// messages on a dead-letter topic. No service in this repository runs it.
import { Kafka } from "kafkajs";

const kafka = new Kafka({ clientId: "dlq-example", brokers: ["localhost:9092"] });

async function run() {
  const consumer = kafka.consumer({ groupId: "deployments-audit" });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: "platform.deployments" });

  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      try {
        const event = JSON.parse(message.value?.toString() ?? "");
        if (!event.type) throw new Error("event without type");
        console.log("audit", event.type, event.deploymentId);
      } catch (err) {
        await producer.send({
          topic: "platform.deployments.dlq",
          messages: [
            {
              key: message.key,
              value: message.value,
              headers: { "x-original-topic": topic, "x-partition": String(partition), "x-error": String(err) },
            },
          ],
        });
      }
    },
  });
}

run().catch((e) => {
  console.error(e);
  process.exit(1);
});
