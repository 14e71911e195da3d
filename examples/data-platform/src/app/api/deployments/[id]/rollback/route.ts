import { NextRequest, NextResponse } from "next/server";
import { z } from "zod";
import { getDeployment, markRolledBack } from "@/lib/db/queries";
import { publishDeploymentRolledBack } from "@/lib/events/publishers";

const body = z.object({ reason: z.string().max(500).optional() });

export async function POST(req: NextRequest, { params }: { params: { id: string } }) {
  const parsed = body.safeParse(await req.json().catch(() => ({})));
  if (!parsed.success) {
    return NextResponse.json({ error: "invalid body", issues: parsed.error.issues }, { status: 400 });
  }

  const deployment = await getDeployment(params.id);
  if (!deployment) {
    return NextResponse.json({ error: "deployment not found" }, { status: 404 });
  }
  if (!deployment.previousVersion) {
    return NextResponse.json({ error: "no previous version to roll back to" }, { status: 409 });
  }

  try {
    const updated = await markRolledBack(deployment.id, deployment.previousVersion);
    await publishDeploymentRolledBack(
      deployment.id,
      deployment.projectId,
      deployment.version,
      deployment.previousVersion,
      parsed.data.reason,
    );
    console.log(`rolled back ${deployment.id} to ${deployment.previousVersion}`);
    return NextResponse.json(updated);
  } catch (err) {
    console.error("rollback failed", err);
    return NextResponse.json({ error: "rollback failed" }, { status: 500 });
  }
}
