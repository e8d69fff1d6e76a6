import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import appCss from "~/styles/app.css";
import { currentUser } from "~/lib/session.server";
import { env } from "~/lib/env.server";
import { localeFromRequest, messagesFor, useT, errorText, type Messages } from "~/i18n";
import { mailboxVisible } from "~/lib/mailbox.server";
import { useNonce } from "~/components/nonce";
import { SiteHeader, SiteFooter } from "~/components/Layout";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The heading and title of an error page; the page's one `<title>` comes from here (see `meta`). */
function errorHeading(t: Messages, error: unknown): string {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404) return t.notFound.title;
  if (status === 401) return t.errors.unauthorized_title;
  if (status === 403) return t.errors.forbidden_title;
  return t.errors.title;
}

// The fallback title, and the title of every error page: when a loader fails, Remix renders only the matches up to
// the boundary (here the root), so this is the one `<title>` of the error page. The boundary itself renders none.
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const t = messagesFor(data?.locale ?? "de");
  return [{ title: error ? `${errorHeading(t, error)} – ${t.app.name}` : t.app.name }, { name: "description", content: t.app.description }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  const locale = localeFromRequest(request);
  const settings = env();
  return json({
    user,
    locale,
    showMailbox: mailboxVisible(user),
    map: { tileUrl: settings.TILE_URL, attribution: settings.TILE_ATTRIBUTION },
  });
}

// In-place votes and comments (the `_inplace` forms) change nothing the layout shows: no reload of this loader.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("_inplace") === "1" ? false : defaultShouldRevalidate;

export type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

function Document({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const t = messagesFor(data?.locale ?? "de");
  return (
    <html lang={t.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#inhalt">
          {t.nav.skip}
        </a>
        <SiteHeader />
        <main id="inhalt" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Document>
        <h1>{t.notFound.title}</h1>
        <p>{t.notFound.text}</p>
        <p>
          <a href="/">{t.notFound.home}</a>
        </p>
      </Document>
    );
  }
  const reason = isRouteErrorResponse(error) ? (error.data as { reason?: string } | null)?.reason : undefined;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  const heading = errorHeading(t, error);
  return (
    <Document>
      <h1>{heading}</h1>
      <p>{errorText(t, reason)}</p>
      {status === 401 ? (
        <p>
          <a href="/anmelden">{t.nav.login}</a>
        </p>
      ) : (
        <p>
          <a href="/">{t.notFound.home}</a>
        </p>
      )}
    </Document>
  );
}
