/* planview.js — a response plan on the map, and the place search.
 *
 * draw(map, plan) puts on the map: the target and its footprint, each
 * unit's route (the selected ones bold), per vehicle kind the staging point
 * and the hose line to the door, the working hydrants the plan offers,
 * draft points, public fire points, safety groups and assembly areas.
 * Resources (all hydrants with their status, stations) come from the
 * base-map API so that broken hydrants show too. Overlays draw as SVG
 * paths with class names (route, hose, staging...) that tests can count. */
'use strict';

const PlanView = (() => {
  const {t} = PC;
  PC.addText({
    vk_engine: ['Xe chữa cháy', 'Fire engine'], vk_small_engine: ['Xe chữa cháy cỡ nhỏ', 'Small engine'],
    vk_ladder: ['Xe thang', 'Aerial ladder'], vk_tanker: ['Xe chở nước', 'Water tanker'],
    vk_motorbike: ['Xe máy chữa cháy', 'Fire motorbike'], vk_rescue: ['Xe cứu nạn cứu hộ', 'Rescue vehicle'],
    pv_target: ['Vị trí sự cố', 'Incident location'], pv_staging: ['Điểm đỗ xe {v}', 'Staging point, {v}'],
    pv_hose: ['Đường vòi {m}', 'Hose line {m}'], pv_hydrant: ['Trụ nước {c} ({s})', 'Hydrant {c} ({s})'],
    hs_working: ['hoạt động', 'working'], hs_broken: ['HỎNG', 'BROKEN'], hs_unknown: ['chưa rõ', 'unknown'],
    pv_draft: ['Điểm lấy nước', 'Draft point'], pv_fire_point: ['Điểm chữa cháy công cộng', 'Public fire point'],
    pv_group: ['Tổ liên gia', 'Safety group'], pv_assembly: ['Điểm tập kết', 'Assembly area'],
    pv_station: ['Trạm/đội chữa cháy', 'Fire station'],
  });
  const ROUTE_COLOURS = ['#c62828', '#1565c0', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#4e342e', '#283593', '#558b2f'];
  const kindName = k => { const s = t('vk_' + k); return s === 'vk_' + k ? k : s; };
  const latlng = c => [c[1], c[0]];

  /* Query string for what was typed: coordinates, VN-2000 metres, a house code or an address. */
  function queryFor(text) {
    const s = text.trim();
    const m = s.match(/^(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)$/);
    if (m) {
      let a = parseFloat(m[1]), b = parseFloat(m[2]);
      if (Math.abs(a) > 1000 && Math.abs(b) > 1000) return `x=${a}&y=${b}`; /* VN-2000 metres */
      if (Math.abs(a) > 90 && Math.abs(b) <= 90) [a, b] = [b, a];               /* lon,lat typed */
      return `lat=${a}&lon=${b}`;
    }
    if (/^[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/i.test(s)) return 'house=' + encodeURIComponent(s.toUpperCase());
    return 'address=' + encodeURIComponent(s);
  }

  /* The resource layers (hydrants with status, stations, assembly areas). */
  function resources(map) {
    const svg = L.svg({padding: 0.5});
    const hydrants = L.geoJSON(null, {
      renderer: svg,
      pointToLayer: (f, ll) => L.circleMarker(ll, {
        radius: 5, weight: 2, color: '#fff', fillOpacity: 1, renderer: svg,
        fillColor: f.properties.status === 'working' ? '#1e88e5' : f.properties.status === 'broken' ? '#d32f2f' : '#9e9e9e',
        className: 'hydrant hydrant-' + f.properties.status,
      }),
      onEachFeature: (f, l) => l.bindTooltip(() => t('pv_hydrant', {c: f.properties.code, s: t('hs_' + f.properties.status)})),
    });
    const stations = L.geoJSON(null, {
      renderer: svg,
      pointToLayer: (f, ll) => L.circleMarker(ll, {radius: 9, weight: 3, color: '#b71c1c', fillColor: '#fff', fillOpacity: 1,
                                                   className: 'station', renderer: svg}),
      onEachFeature: (f, l) => l.bindTooltip(() => `${t('pv_station')}: ${f.properties.name} (${f.properties.code})`),
    });
    const assembly = L.geoJSON(null, {
      renderer: svg, style: () => ({color: '#2e7d32', weight: 1, fillColor: '#81c784', fillOpacity: 0.35, className: 'assembly'}),
      onEachFeature: (f, l) => l.bindTooltip(() => `${t('pv_assembly')}: ${f.properties.name || ''}`),
    });
    const layers = {hydrants, stations, assembly};
    async function load(which) {
      for (const name of which) {
        const path = {hydrants: 'hydrants', stations: 'stations', assembly: 'assembly-areas'}[name];
        try {
          const fc = await PC.api('GET', '/api/v1/map/' + path);
          layers[name].clearLayers();
          layers[name].addData(fc);
          layers[name].addTo(map);
        } catch (e) { /* a role without this layer: leave it off */ }
      }
    }
    return {layers, load};
  }

  /* Draws plan on map; returns the layer group (remove it to clear). */
  function draw(map, plan, selected) {
    const svg = L.svg({padding: 0.5});
    const g = L.layerGroup().addTo(map);
    const o = {renderer: svg};
    const b = plan.building;
    if (b && b.footprint)
      L.geoJSON(b.footprint, Object.assign({style: {color: '#d50000', weight: 3, fillColor: '#ff5252', fillOpacity: 0.5,
                                                   className: 'target-footprint'}}, o)).addTo(g);
    /* routes, the slowest first so the first-ranked draws on top */
    const units = plan.units || [];
    units.map((u, i) => [u, i]).reverse().forEach(([u, i]) => {
      if (!u.route) return;
      const sel = selected && selected.has(u.id);
      L.polyline(u.route.coordinates.map(latlng), Object.assign({
        color: ROUTE_COLOURS[i % ROUTE_COLOURS.length], weight: sel ? 6 : 3, opacity: sel ? 0.95 : 0.55,
        className: 'route' + (sel ? ' route-selected' : ''),
      }, o)).bindTooltip(`${i + 1}. ${u.code} · ${PC.fmtEta(u.eta_s)}`).addTo(g);
    });
    /* staging points and hose lines, one per distinct staging place */
    const seen = new Set();
    (plan.access || []).forEach(a => {
      if (!a.reachable || !a.staging) return;
      const key = a.staging.coordinates.join(',');
      if (a.hose_line)
        L.polyline(a.hose_line.coordinates.map(latlng), Object.assign({color: '#0277bd', weight: 3, dashArray: '6 4',
          className: 'hose' + (a.within_hose_reach ? '' : ' hose-too-long')}, o))
          .bindTooltip(t('pv_hose', {m: PC.fmtM(a.hose_m)})).addTo(g);
      if (seen.has(key)) return;
      seen.add(key);
      L.circleMarker(latlng(a.staging.coordinates), Object.assign({radius: 8, color: '#e65100', weight: 3, fillColor: '#ffcc80',
        fillOpacity: 1, className: 'staging'}, o)).bindTooltip(t('pv_staging', {v: kindName(a.vehicle)})).addTo(g);
    });
    const pts = (arr, style, label) => (arr || []).forEach((p, i) => {
      L.circleMarker(latlng(p.geometry.coordinates), Object.assign({}, style, o))
        .bindTooltip(label(p, i)).addTo(g);
    });
    const w = plan.water || {}, n = plan.neighbours || {}, ev = plan.evacuation || {};
    pts(w.hydrants, {radius: 7, color: '#0d47a1', weight: 2, fillColor: '#42a5f5', fillOpacity: 1, className: 'plan-hydrant'},
      p => `${t('pv_hydrant', {c: p.code, s: t('hs_' + (p.status || 'working'))})} · ${PC.fmtM(p.path_m)}`);
    pts(w.draft_points, {radius: 7, color: '#006064', weight: 2, fillColor: '#4dd0e1', fillOpacity: 1, className: 'draft'},
      p => `${t('pv_draft')}: ${p.name || ''} · ${PC.fmtM(p.path_m)}`);
    pts(n.fire_points, {radius: 6, color: '#bf360c', weight: 2, fillColor: '#ff8a65', fillOpacity: 1, className: 'fire-point'},
      p => `${t('pv_fire_point')}: ${p.name || p.code} · ${PC.fmtM(p.path_m)}`);
    pts(n.safety_groups, {radius: 6, color: '#4a148c', weight: 2, fillColor: '#ba68c8', fillOpacity: 1, className: 'safety-group'},
      p => `${t('pv_group')}: ${p.name} · ${p.contact || ''}`);
    pts(ev.assembly_areas, {radius: 7, color: '#1b5e20', weight: 2, fillColor: '#66bb6a', fillOpacity: 1, className: 'assembly-point'},
      p => `${t('pv_assembly')}: ${p.name || ''} · ${PC.fmtM(p.path_m)}`);
    L.circleMarker(latlng(plan.target.coordinates), Object.assign({radius: 10, color: '#fff', weight: 3, fillColor: '#d50000',
      fillOpacity: 1, className: 'target'}, o)).bindTooltip(t('pv_target')).addTo(g);
    return g;
  }

  /* Fits the map to the target and the first units' routes. */
  function fit(map, plan, nUnits) {
    const b = L.latLngBounds([latlng(plan.target.coordinates)]);
    (plan.units || []).slice(0, nUnits || 3).forEach(u => u.route && u.route.coordinates.forEach(c => b.extend(latlng(c))));
    map.fitBounds(b.pad(0.15), {maxZoom: 18});
  }

  return {queryFor, draw, fit, resources, kindName, COLOURS: ROUTE_COLOURS};
})();
