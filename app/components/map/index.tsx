import { lazy, Suspense } from "react";
import { ClientOnly } from "../ClientOnly";
import { useT } from "~/i18n";
import type { ProposalMapProps } from "./ProposalMap.client";
import type { LocationPickerProps } from "./LocationPicker.client";

// The map is an enhancement: loaded only in the browser, with a text fallback before and without JavaScript.
const LazyProposalMap = lazy(() => import("./ProposalMap.client"));
const LazyLocationPicker = lazy(() => import("./LocationPicker.client"));

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

export function ProposalMap(props: ProposalMapProps) {
  return (
    <ClientOnly fallback={<Fallback />}>
      {() => (
        <Suspense fallback={<Fallback />}>
          <LazyProposalMap {...props} />
        </Suspense>
      )}
    </ClientOnly>
  );
}

export function LocationPicker(props: LocationPickerProps) {
  return (
    <ClientOnly fallback={<Fallback />}>
      {() => (
        <Suspense fallback={<Fallback />}>
          <LazyLocationPicker {...props} />
        </Suspense>
      )}
    </ClientOnly>
  );
}
