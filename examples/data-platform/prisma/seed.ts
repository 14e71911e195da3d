import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

async function main() {
  const project = await prisma.project.upsert({
    where: { name: "demo" },
    update: {},
    create: { name: "demo" },
  });

  const build = await prisma.build.create({
    data: { projectId: project.id, commitSha: "3f2a9c1", status: "SUCCEEDED", durationMs: 84_000 },
  });

  const deployment = await prisma.deployment.create({
    data: { projectId: project.id, version: "1.4.0", previousVersion: "1.3.2", status: "ACTIVE" },
  });

  await prisma.eventLog.createMany({
    data: [
      { type: "build.started", payload: { buildId: build.id, projectId: project.id, commitSha: "3f2a9c1" } },
      { type: "build.finished", payload: { buildId: build.id, status: "SUCCEEDED", durationMs: 84000 } },
      { type: "deployment.created", payload: { deploymentId: deployment.id, version: "1.4.0" } },
      {
        type: "deployment.rolledBack",
        payload: { deploymentId: deployment.id, fromVersion: "1.4.0", toVersion: "1.3.2", reason: "seed sample" },
      },
    ],
  });
  console.log(`seeded project ${project.name}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exit(1);
  })
  .finally(() => prisma.$disconnect());
