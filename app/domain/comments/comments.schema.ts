import { z } from "~/lib/zod";
import { optionalIdField } from "~/lib/forms";

export const commentSchema = z.object({
  body: z.string().trim().min(2, "text_short").max(3000, "text_long"),
  parentId: optionalIdField("parent_invalid"),
});
export type CommentInput = z.infer<typeof commentSchema>;
