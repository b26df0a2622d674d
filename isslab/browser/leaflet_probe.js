// Runs before any page script: records the Leaflet objects a page creates, without its help.
// When Leaflet assigns window.L, init hooks are added so every new Map, Marker, CircleMarker
// and Polyline lands in window.__isslab.
(() => {
  const seen = { maps: [], markers: [], circleMarkers: [], polylines: [], leaflet: null };
  Object.defineProperty(window, "__isslab", { value: seen });
  let current;
  const hook = (Class, list) => {
    if (Class && Class.addInitHook) Class.addInitHook(function () { list.push(this); });
  };
  Object.defineProperty(window, "L", {
    configurable: true,
    get() { return current; },
    set(value) {
      current = value;
      if (value && value.Map && !seen.leaflet) {
        seen.leaflet = value.version || "unknown";
        hook(value.Map, seen.maps);
        hook(value.Marker, seen.markers);
        hook(value.CircleMarker, seen.circleMarkers);
        hook(value.Polyline, seen.polylines);
      }
    },
  });
})();
