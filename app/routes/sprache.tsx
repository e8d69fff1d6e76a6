import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/redirect";
import { LOCALE_COOKIE } from "~/i18n";

// The language switch: remembers the choice for a year and returns to the page.
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale") === "en" ? "en" : "de";
  return redirect(safeRedirectPath(form.get("redirectTo")), {
    headers: { "Set-Cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

export async function loader() {
  return redirect("/");
}
