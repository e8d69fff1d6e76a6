import type { LoaderFunctionArgs } from "@remix-run/node";
import { plainTile } from "~/lib/tiles.server";

// Local map tiles (TILE_URL=/kacheln/{z}/{x}/{y}.png): tests and offline demos send no request off the machine.
export async function loader({ params }: LoaderFunctionArgs) {
  if (![params.z, params.x, (params.y ?? "").replace(/\.png$/, "")].every((v) => /^\d{1,7}$/.test(v ?? ""))) {
    return new Response("Not found", { status: 404 });
  }
  return new Response(new Uint8Array(plainTile()), { headers: { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400" } });
}
