import { prisma } from "../client";

export async function getDeployment(id: string) {
  return prisma.deployment.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      version: true,
      previousVersion: true,
      projectId: true,
      updatedAt: true,
    },
  });
}

export async function listRecentBuilds(projectId: string, take = 20) {
  return prisma.build.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, status: true, commitSha: true, createdAt: true, durationMs: true },
  });
}

export async function markRolledBack(id: string, toVersion: string) {
  return prisma.deployment.update({
    where: { id },
    data: { status: "ROLLED_BACK", version: toVersion, previousVersion: null },
    select: { id: true, status: true, version: true, projectId: true },
  });
}

export async function recordEvent(type: string, payload: unknown) {
  return prisma.eventLog.create({ data: { type, payload: payload as object } });
}
