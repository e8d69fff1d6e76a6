import { createContext, useContext } from "react";

// The per-request CSP nonce, handed from entry.server to the <Scripts> in root. Empty in the browser.
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
