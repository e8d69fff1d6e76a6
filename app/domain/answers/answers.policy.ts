import { type CurrentUser, isModerator } from "../accounts/accounts.policy";

// Who writes the administration's official answer (Stellungnahme). Pure: giveAnswer decides by it, the answer form's
// route lets only these people in, and the proposal page shows the link by the same function.

export type AnswerRefusal = "forbidden";

/** Moderators and admins answer proposals officially (DESIGN §1), in every phase after the draft. */
export function answerRefusal(user: CurrentUser | null): AnswerRefusal | null {
  return isModerator(user) ? null : "forbidden";
}

/** For the UI: show the link to the answer form? */
export const canAnswer = (user: CurrentUser | null) => answerRefusal(user) === null;
