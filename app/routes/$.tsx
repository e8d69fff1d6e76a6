import { notFound } from "~/lib/http.server";

// Every unknown URL: a 404 with the helpful page of the root error boundary.
export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
