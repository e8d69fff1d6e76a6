import { useEffect, useState, type ReactNode } from "react";

/** Renders its children only in the browser, after hydration; the fallback on the server and before. */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return <>{hydrated ? children() : fallback}</>;
}
