// Evaluated in the page: a plain-data snapshot of what the probe recorded.
() => {
  const seen = window.__isslab;
  const L = window.L;
  if (!seen || !seen.leaflet || !L) return { leaflet: null, maps: [], markers: [], lines: [] };
  const onMap = (layer) => Boolean(layer._map);
  const count = (latlngs) => latlngs.reduce(
    (sum, item) => sum + (Array.isArray(item) ? count(item) : 1), 0);
  const iconOf = (marker) => {
    const icon = marker.options.icon;
    if (!icon) return { kind: "none" };
    if (L.Icon.Default && icon instanceof L.Icon.Default) return { kind: "default" };
    if (icon instanceof L.DivIcon) {
      const html = icon.options.html;
      return { kind: "div", html: typeof html === "string" ? html : html ? html.outerHTML : "",
               className: icon.options.className || "" };
    }
    return { kind: "image", url: String(icon.options.iconUrl || "") };
  };
  const box = (map) => {
    const rect = map.getContainer().getBoundingClientRect();
    return { width: rect.width, height: rect.height };
  };
  return {
    leaflet: seen.leaflet,
    maps: seen.maps.map(box),
    markers: seen.markers.filter(onMap).map((marker) => {
      const at = marker.getLatLng();
      return { lat: at.lat, lng: at.lng, kind: "marker", icon: iconOf(marker) };
    }).concat(seen.circleMarkers.filter(
      (layer) => onMap(layer) && !(layer instanceof L.Circle)).map((layer) => {
      const at = layer.getLatLng();
      return { lat: at.lat, lng: at.lng, kind: "circleMarker", icon: { kind: "none" } };
    })),
    lines: seen.polylines.filter((line) => onMap(line) && !(line instanceof L.Polygon))
      .map((line) => ({ points: count(line.getLatLngs()) })),
  };
}
