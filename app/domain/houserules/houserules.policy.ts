import { type CurrentUser, isAdmin } from "../accounts/accounts.policy";

// Who edits the house rules: admins only, for the platform and for each consultation. Everyone reads them.

export const houseRulesEditRefusal = (user: CurrentUser | null) => (isAdmin(user) ? null : ("forbidden" as const));

/** For the UI: show the link to the editor? */
export const canEditHouseRules = (user: CurrentUser | null) => houseRulesEditRefusal(user) === null;
