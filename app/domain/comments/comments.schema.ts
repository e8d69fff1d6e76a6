import { z } from "zod";
import { parseId } from "~/lib/ids";

export const commentSchema = z.object({
  body: z.string().trim().min(2, "text_short").max(3000, "text_long"),
  parentId: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const id = parseId(v);
      if (!id) ctx.addIssue({ code: "custom", message: "parent_invalid" });
      return id;
    }),
});
export type CommentInput = z.infer<typeof commentSchema>;
