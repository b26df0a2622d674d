// Runs before any page script: records the Leaflet objects a page creates, without its help.
// When Leaflet assigns window.L, init hooks are added so every new Map, Marker, CircleMarker
// and Polyline lands in window.__isslab. Requests are logged with the page's own clock.
(() => {
  const seen = {
    maps: [], markers: [], circleMarkers: [], polylines: [], leaflet: null, requests: [] };
  Object.defineProperty(window, "__isslab", { value: seen });
  const log = (url) => seen.requests.push({ url: String(url), at: Date.now() });
  const fetch = window.fetch;
  window.fetch = function (input, ...rest) {
    log(input && input.url ? input.url : new URL(input, location.href).href);
    return fetch.call(this, input, ...rest);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    log(new URL(url, location.href).href);
    return open.call(this, method, url, ...rest);
  };
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
