// The Atlas map: asks the server for the clusters of the visible box (or the counts per
// territory) each time the map moves, and draws them. Configured by the page through the
// JSON in #atlas-config and #atlas-labels; attached to the element with data-atlas.
(function () {
  "use strict";
  var element = document.querySelector("[data-atlas]");
  if (!element || !window.L) return;
  var config = JSON.parse(document.getElementById("atlas-config").textContent);
  var labels = JSON.parse(document.getElementById("atlas-labels").textContent);
  var status = document.querySelector("[data-atlas-status]");
  var rtl = document.documentElement.dir === "rtl";

  var map = L.map(element, { zoomControl: false, minZoom: 2, maxZoom: 18 });
  L.control
    .zoom({
      position: rtl ? "topright" : "topleft",
      zoomInTitle: labels.zoom_in,
      zoomOutTitle: labels.zoom_out,
    })
    .addTo(map);
  if (config.tiles) {
    // The base map is optional: when its server cannot be reached, the actors still show.
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  }
  if (config.view.lat) {
    map.setView([+config.view.lat, +config.view.lon], +config.view.zoom);
  } else {
    var b = config.bounds;
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
  }

  var layer = L.layerGroup().addTo(map);
  var mode = "clusters";
  var metric = "actors";
  var pending = null;
  var timer = null; // a load waiting for the map to stop moving
  var loading = false; // a request for the markers is on its way

  function say(text) {
    if (status) status.textContent = text;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) {
      return values[key];
    });
  }

  function escape(text) {
    var span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span.innerHTML;
  }

  function clamp(value, low, high) {
    return Math.max(low, Math.min(high, value));
  }

  function url(base, extra) {
    var query = config.query ? config.query + "&" : "";
    return base + "?" + query + extra + "&lang=" + config.language;
  }

  function colour(code) {
    return config.colours[code] || config.unspecified;
  }

  // A cluster is a disc whose sectors are its legal forms, with its count in the middle.
  function clusterIcon(properties) {
    var stops = [];
    var start = 0;
    Object.keys(properties.legal_forms).forEach(function (code) {
      var end = start + (properties.legal_forms[code] / properties.count) * 100;
      stops.push(colour(code) + " " + start.toFixed(2) + "% " + end.toFixed(2) + "%");
      start = end;
    });
    // 28 to 40 pixels: the server keeps cluster centres at least 40 pixels apart.
    var size = Math.round(Math.min(40, 28 + 2 * Math.log10(properties.count)));
    return L.divIcon({
      className: "atlas-cluster",
      iconSize: [size, size],
      html:
        '<span class="atlas-pie" style="background: conic-gradient(' +
        stops.join(", ") +
        ')"><span class="atlas-count">' +
        properties.count.toLocaleString(config.language) +
        "</span></span>",
    });
  }

  function actorIcon(properties) {
    return L.divIcon({
      className: "atlas-actor",
      iconSize: [16, 16],
      html: '<span style="background: ' + colour(properties.legal_form) + '"></span>',
    });
  }

  function card(properties) {
    var form = config.forms[properties.legal_form] || labels.unspecified;
    return (
      '<div class="atlas-card"><strong>' +
      escape(properties.name) +
      "</strong><br>" +
      escape(form) +
      '<br><a href="' +
      escape(properties.url) +
      '" target="_top">' +
      escape(labels.open) +
      "</a></div>"
    );
  }

  function drawClusters(data) {
    layer.clearLayers();
    data.features.forEach(function (feature) {
      var p = feature.properties;
      var at = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
      if (p.kind === "cluster") {
        var title = fill(labels.cluster, { count: p.count.toLocaleString(config.language) });
        var marker = L.marker(at, { icon: clusterIcon(p), title: title, alt: title });
        var zoomInto = function () {
          var box = p.bounds;
          var inside = map.getBoundsZoom([[box[1], box[0]], [box[3], box[2]]]);
          map.setView(at, clamp(Math.max(inside, map.getZoom() + 1), 0, 18));
        };
        marker.on("click", zoomInto);
        // Leaflet gives Enter to markers with a popup only; a cluster takes it too.
        marker.on("keypress", function (event) {
          if (event.originalEvent.key === "Enter") zoomInto();
        });
        marker.addTo(layer);
      } else {
        L.marker(at, { icon: actorIcon(p), title: p.name, alt: p.name })
          .bindPopup(card(p))
          .addTo(layer);
      }
    });
    say(
      data.count === 1
        ? labels.in_view_one
        : fill(labels.in_view, { count: data.count.toLocaleString(config.language) })
    );
  }

  function metricValue(row) {
    return row[metric];
  }

  function drawTerritories(data) {
    layer.clearLayers();
    var largest = 0;
    data.results.forEach(function (row) {
      largest = Math.max(largest, metricValue(row));
    });
    data.results.forEach(function (row) {
      var value = metricValue(row);
      var shown =
        metric === "women_led_share"
          ? Math.round(value * 100) + "%"
          : value.toLocaleString(config.language);
      var size = largest ? Math.round(14 + 46 * Math.sqrt(value / largest)) : 14;
      var text = fill(labels.territory, { name: row.name, value: shown });
      L.marker([row.latitude, row.longitude], {
        title: text,
        alt: text,
        icon: L.divIcon({
          className: "atlas-territory",
          iconSize: [size, size],
          html: "<span>" + escape(shown) + "</span>",
        }),
      })
        .bindTooltip(escape(text))
        .addTo(layer);
    });
    say(fill(labels.territories, { count: data.results.length }));
  }

  function load() {
    timer = null;
    if (pending) pending.abort();
    pending = new AbortController();
    var address;
    if (mode === "clusters") {
      var b = map.getBounds();
      var bbox = [
        clamp(b.getWest(), -180, 179.99999),
        clamp(b.getSouth(), -85, 84.99999),
        clamp(b.getEast(), -179.99999, 180),
        clamp(b.getNorth(), -84.99999, 85),
      ]
        .map(function (v) {
          return v.toFixed(5);
        })
        .join(",");
      address = url(config.clusters, "bbox=" + bbox + "&zoom=" + map.getZoom());
    } else {
      address = url(config.territories, "level=" + (map.getZoom() >= 7 ? 2 : 1));
    }
    element.setAttribute("aria-busy", "true");
    loading = true;
    fetch(address, { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        (mode === "clusters" ? drawClusters : drawTerritories)(data);
        loading = false;
        element.removeAttribute("aria-busy");
        element.setAttribute("data-atlas-ready", mode);
        element.setAttribute("data-zoom", map.getZoom());
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        loading = false;
        element.removeAttribute("aria-busy");
        say(labels.failed);
      });
    share();
  }

  // The share box and the address follow the map: position, zoom and filters.
  function share() {
    var centre = map.getCenter();
    var view =
      "lat=" + centre.lat.toFixed(5) + "&lon=" + centre.lng.toFixed(5) + "&zoom=" + map.getZoom();
    var query = (config.query ? config.query + "&" : "") + view;
    var link = document.querySelector("[data-atlas-share=link]");
    var embed = document.querySelector("[data-atlas-share=embed]");
    if (link) link.value = config.embed + "?" + query;
    if (embed) {
      embed.value = embed.value.replace(/src="[^"]*"/, 'src="' + config.embed + "?" + query + '"');
    }
    if (!document.documentElement.classList.contains("atlas-embed")) {
      history.replaceState(null, "", "?" + query);
      // The filter form keeps the position too, so that filtering does not reset the map.
      var form = document.querySelector("form[role=search]");
      if (form) {
        var values = { lat: centre.lat.toFixed(5), lon: centre.lng.toFixed(5), zoom: map.getZoom() };
        Object.keys(values).forEach(function (name) {
          var input = form.querySelector("input[data-atlas-view][name=" + name + "]");
          if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = name;
            input.setAttribute("data-atlas-view", "");
            form.appendChild(input);
          }
          input.value = values[name];
        });
      }
    }
  }

  // A card opening near the map's edge pans the map to show itself: that move is not a
  // new view to count, and reloading would redraw the markers and close the card.
  var panningToCard = false;
  map.on("autopanstart", function () {
    panningToCard = true;
    element.setAttribute("aria-busy", "true"); // the card moves until the pan ends
  });
  map.on("moveend", function () {
    if (panningToCard) {
      panningToCard = false;
      if (!loading && !timer) element.removeAttribute("aria-busy"); // nothing else coming
      return;
    }
    clearTimeout(timer);
    // Busy from now: the markers are about to be drawn again (a card open on one of them
    // would close), not only once the request has left.
    element.setAttribute("aria-busy", "true");
    timer = setTimeout(load, 120);
  });

  var controls = document.querySelector("[data-atlas-layers]");
  if (controls) {
    controls.hidden = false;
    controls.addEventListener("change", function (event) {
      if (event.target.name === "layer") mode = event.target.value;
      if (event.target.name === "metric") {
        metric = event.target.value;
        mode = "territories";
        controls.querySelector("input[value=territories]").checked = true;
      }
      load();
    });
  }

  say(labels.loading);
  load();
})();
