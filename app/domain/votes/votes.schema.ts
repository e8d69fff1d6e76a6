import { z } from "~/lib/zod";

/** 1 = dafür, -1 = dagegen, 0 = withdraw the vote. */
export const voteSchema = z.object({
  value: z.enum(["1", "-1", "0"], { message: "vote_invalid" }).transform((v) => Number(v) as 1 | -1 | 0),
});
