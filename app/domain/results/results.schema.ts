import { z } from "~/lib/zod";

export const reportSchema = z.object({
  summary: z.string().trim().min(20, "summary_short").max(50_000, "text_long"),
  intent: z.enum(["save", "publish"], { message: "required" }),
});
