/* basemap.js — a Leaflet map over our own GeoJSON (no tiles offline).
 *
 * Roads are drawn at true width (a 2 m ngách looks like one next to an
 * 18 m avenue) with a 1 px minimum, coloured by class; buildings by type;
 * water in blue. Layers are fetched for the view (padded) after each move,
 * within the server's bbox limits: buildings from zoom 16, roads up to a
 * 0.1 degree view, water up to 0.3. A note asks to zoom in when the server
 * says it cut an answer. Base layers draw on one canvas (thousands of
 * footprints stay fast); overlays a page adds use SVG by default. */
'use strict';

const BaseMap = (() => {
  const ROAD_STYLE = {
    motorway: '#e57373', trunk: '#f08a5d', primary: '#f6b26b', secondary: '#ffd966', tertiary: '#fff2cc',
    residential: '#ffffff', unclassified: '#ffffff', living_street: '#f3f3f3', service: '#f7f7f7',
    footway: '#c9b99a', path: '#c9b99a', pedestrian: '#e8e0d0', steps: '#c9b99a',
  };
  const BUILDING_FILL = {
    mini_apartment: '#d98c8c', boarding_house: '#d9a38c', house_business: '#d9b98c', apartment: '#c48a8a',
    market: '#c8a2c8', school: '#a9c4e8', hospital: '#e8a9b8', karaoke_bar: '#d88cc4', factory: '#b8b0a0',
    fuel_station: '#e06666', hotel: '#d9c08c',
  };
  const BUILDING_MIN_ZOOM = 16;

  function metresPerPixel(map) {
    const lat = map.getCenter().lat * Math.PI / 180;
    return 156543.03 * Math.cos(lat) / Math.pow(2, map.getZoom());
  }

  function create(elementId, opts) {
    opts = opts || {};
    const map = L.map(elementId, {
      zoomControl: true, attributionControl: true, preferCanvas: false, minZoom: 11, maxZoom: 20,
      keyboard: true, zoomSnap: 0.5,
    });
    map.attributionControl.setPrefix('Leaflet');
    map.attributionControl.addAttribution('© OpenStreetMap · PCCC');
    const canvas = L.canvas({padding: 0.3});
    map.createPane('base');
    map.getPane('base').style.zIndex = 250;
    const common = {pane: 'base', renderer: canvas, interactive: false};
    const water = L.geoJSON(null, Object.assign({}, common, {
      style: () => ({color: '#7fb3d5', weight: 1, fillColor: '#aad3f0', fillOpacity: 1}),
    })).addTo(map);
    const roads = L.geoJSON(null, Object.assign({}, common, {style: f => roadStyle(map, f)})).addTo(map);
    const buildings = L.geoJSON(null, Object.assign({}, common, {
      style: f => ({color: '#9e8e80', weight: 0.6, fillColor: BUILDING_FILL[f.properties.type] || '#d9d0c9',
                    fillOpacity: 0.9}),
    })).addTo(map);
    const note = L.control({position: 'bottomleft'});
    note.onAdd = () => L.DomUtil.create('div', 'map-note');
    note.addTo(map);
    const noteEl = note.getContainer();
    noteEl.setAttribute('role', 'status');
    noteEl.hidden = true;

    let ctl = null, timer = null;
    const state = {loads: 0, lastLoad: null};
    async function layer(path, bbox, target) {
      const r = await fetch(`/api/v1/map/${path}?bbox=${bbox}`, {
        headers: {Authorization: 'Bearer ' + PC.token(), Accept: 'application/geo+json'}, signal: ctl.signal,
      });
      if (!r.ok) return false;
      const fc = await r.json();
      target.clearLayers();
      target.addData(fc);
      return fc.truncated;
    }
    async function load() {
      if (ctl) ctl.abort();
      ctl = new AbortController();
      const b = map.getBounds().pad(0.25), z = map.getZoom();
      const fix = v => v.toFixed(5);
      const w = Math.max(-180, b.getWest()), s = Math.max(-90, b.getSouth());
      const e = Math.min(180, b.getEast()), n = Math.min(90, b.getNorth());
      const bbox = [w, s, e, n].map(fix).join(',');
      const span = Math.max(e - w, n - s);
      let cut = false;
      try {
        const jobs = [];
        if (span <= 0.3) jobs.push(layer('water', bbox, water)); else water.clearLayers();
        if (span <= 0.1) jobs.push(layer('roads', bbox, roads)); else { roads.clearLayers(); cut = true; }
        if (z >= BUILDING_MIN_ZOOM && span <= 0.03) jobs.push(layer('buildings', bbox, buildings));
        else buildings.clearLayers();
        cut = (await Promise.all(jobs)).some(Boolean) || cut;
        state.loads++;
        state.lastLoad = {bbox, zoom: z, roads: roads.getLayers().length, buildings: buildings.getLayers().length};
        noteEl.textContent = PC.t('zoom_in');
        noteEl.hidden = !cut;
        map.fire('basemap:loaded', state.lastLoad);
      } catch (err) {
        if (err.name !== 'AbortError') { noteEl.textContent = PC.t('error') + ': ' + err.message; noteEl.hidden = false; }
      }
    }
    map.on('moveend', () => { clearTimeout(timer); timer = setTimeout(load, 200); });
    map.on('zoomend', () => roads.setStyle(f => roadStyle(map, f)));
    PC.onLang(() => { noteEl.textContent = PC.t('zoom_in'); });

    /* First view: the data's extent (or a given centre). */
    async function home() {
      try {
        const ext = await PC.api('GET', '/api/v1/map/extent');
        const [w, s, e, n] = ext.bbox;
        map.fitBounds([[s, w], [n, e]], {padding: [10, 10]});
      } catch (err) {
        map.setView([21.0285, 105.8542], 15); /* Hoàn Kiếm */
      }
    }
    if (opts.home !== false) home();
    return {map, roads, buildings, water, state, reload: load, home};
  }

  function roadStyle(map, f) {
    const p = f.properties, mpp = metresPerPixel(map);
    const width = Math.max(1, (p.width_m || 3) / mpp);
    const foot = p.class === 'footway' || p.class === 'path' || p.class === 'steps';
    return {color: ROAD_STYLE[p.class] || '#ffffff', weight: width, opacity: 1, lineCap: 'round',
            dashArray: foot ? '3 3' : null};
  }

  return {create};
})();
