import { lazy, Suspense, type ComponentProps, type ComponentType } from "react";
import { ClientOnly } from "../ClientOnly";
import { useT } from "~/i18n";

// The map is an enhancement: loaded only in the browser, with a text fallback before and without JavaScript.

function Fallback() {
  const t = useT();
  return (
    <div className="map map--fallback">
      <p>{t.map.loading}</p>
      <noscript>
        <p>{t.map.noScript}</p>
      </noscript>
    </div>
  );
}

function browserOnly<C extends ComponentType<any>>(load: () => Promise<{ default: C }>) {
  const Lazy = lazy(load);
  return function BrowserOnly(props: ComponentProps<C>) {
    return (
      <ClientOnly fallback={<Fallback />}>
        {() => (
          <Suspense fallback={<Fallback />}>
            <Lazy {...props} />
          </Suspense>
        )}
      </ClientOnly>
    );
  };
}

export const ProposalMap = browserOnly(() => import("./ProposalMap.client"));
export const LocationPicker = browserOnly(() => import("./LocationPicker.client"));
export const RectanglePicker = browserOnly(() => import("./RectanglePicker.client"));
