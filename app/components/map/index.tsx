import { lazy, Suspense, useEffect, useRef, useState, type ComponentProps, type ComponentType } from "react";
import { useT } from "~/i18n";

// The map is an enhancement: loaded only in the browser, with a text fallback before and without JavaScript.
// Leaflet and the map code (about 150 KB of script) are fetched only when the map comes near the screen, so a
// phone that opens a consultation and reads its text does not parse them at all (issue 8, item 17).

function Fallback() {
  const t = useT();
  return (
    <>
      <p>{t.map.loading}</p>
      <noscript>
        <p>{t.map.noScript}</p>
      </noscript>
    </>
  );
}

/** True once the element is within `margin` of the viewport (at once where IntersectionObserver is missing). */
function useNearViewport(margin: string) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [margin]);
  return { ref, near };
}

function browserOnly<C extends ComponentType<any>>(load: () => Promise<{ default: C }>) {
  const Lazy = lazy(load);
  return function MapWhenNear(props: ComponentProps<C>) {
    const { ref, near } = useNearViewport("400px");
    if (!near) {
      // The server and the browser before the map is near render the same placeholder, of the map's size.
      return (
        <div ref={ref} className="map map--fallback">
          <Fallback />
        </div>
      );
    }
    return (
      <Suspense
        fallback={
          <div className="map map--fallback">
            <Fallback />
          </div>
        }
      >
        <Lazy {...props} />
      </Suspense>
    );
  };
}

export const ProposalMap = browserOnly(() => import("./ProposalMap.client"));
export const LocationPicker = browserOnly(() => import("./LocationPicker.client"));
export const RectanglePicker = browserOnly(() => import("./RectanglePicker.client"));
