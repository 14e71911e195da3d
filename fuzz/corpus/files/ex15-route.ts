import { NextRequest, NextResponse } from "next/server";
import { listRecentBuilds } from "@/lib/db/queries";

export async function GET(req: NextRequest) {
  const projectId = req.nextUrl.searchParams.get("projectId");
  if (!projectId) {
    return NextResponse.json({ error: "projectId is required" }, { status: 400 });
  }
  const take = Math.min(Number(req.nextUrl.searchParams.get("take") ?? 20), 100);
  return NextResponse.json(await listRecentBuilds(projectId, take));
}
