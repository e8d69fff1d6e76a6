import { Form, Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useT } from "~/i18n";
import type { loader as rootLoader } from "~/root";
import { canManageConsultations } from "~/domain/consultations/consultations.policy";
import { canModerate } from "~/domain/moderation/moderation.policy";

export function SiteHeader() {
  const t = useT();
  const data = useRouteLoaderData<typeof rootLoader>("root");
  const user = data?.user ?? null;
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-title">
          <span className="site-title__name">{t.app.name}</span>
          <span className="site-title__tagline">{t.app.tagline}</span>
        </Link>
        <nav aria-label={t.nav.main} className="site-nav">
          <ul>
            <li>
              <NavLink to="/" end>
                {t.nav.home}
              </NavLink>
            </li>
            <li>
              <NavLink to="/ergebnisse">{t.nav.results}</NavLink>
            </li>
            {canManageConsultations(user) ? (
              <li>
                <NavLink to="/verwaltung">{t.nav.admin}</NavLink>
              </li>
            ) : null}
            {canModerate(user) ? (
              <li>
                <NavLink to="/moderation">{t.nav.moderation}</NavLink>
              </li>
            ) : null}
            {data?.showMailbox ? (
              <li>
                <NavLink to="/postausgang">{t.nav.mailbox}</NavLink>
              </li>
            ) : null}
            {user ? (
              <>
                <li>
                  <NavLink to="/konto">{t.nav.account}</NavLink>
                </li>
                <li>
                  <Form method="post" action="/abmelden" className="inline-form">
                    <button type="submit" className="link-button">
                      {t.nav.logout}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/anmelden">{t.nav.login}</NavLink>
                </li>
                <li>
                  <NavLink to="/registrieren">{t.nav.register}</NavLink>
                </li>
              </>
            )}
            <li>
              <Form method="post" action="/sprache" className="inline-form">
                <input type="hidden" name="locale" value={t.nav.otherLanguageCode} />
                <input type="hidden" name="redirectTo" value={here} />
                <button type="submit" className="link-button" lang={t.nav.otherLanguageCode}>
                  {t.nav.otherLanguage}
                </button>
              </Form>
            </li>
          </ul>
        </nav>
        {user ? <p className="signed-in">{t.nav.signedInAs(user.displayName)}</p> : null}
      </div>
    </header>
  );
}

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <nav aria-label={t.footer.links}>
        <ul className="footer-links">
          <li>
            <Link to="/netiquette">{t.footer.houseRules}</Link>
          </li>
          <li>
            <Link to="/transparenz">{t.transparency.title}</Link>
          </li>
        </ul>
      </nav>
      <p>{t.footer.about}</p>
      <p>{t.footer.privacy}</p>
    </footer>
  );
}
