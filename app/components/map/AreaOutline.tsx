import { GeoJSON } from "react-leaflet";
import type { Area } from "~/domain/consultations/consultations.area";

/** The consultation's area as a dashed outline; clicks go through to the map. */
export function AreaOutline({ area }: { area: Area }) {
  return (
    <GeoJSON
      key={JSON.stringify(area).length}
      data={area}
      interactive={false}
      style={{ color: "#0b4f8a", weight: 3, dashArray: "8 6", fill: true, fillOpacity: 0.04 }}
    />
  );
}
