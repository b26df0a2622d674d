"""Drive a dashboard in a real, offline Chromium: assets, routing, clock and Leaflet probes."""
